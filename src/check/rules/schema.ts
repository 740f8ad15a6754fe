/**
 * `schema`: the frontmatter (merged with what the body contributes) against the
 * zod schema, one finding per issue, at the YAML line of the field.
 */
import type { z } from 'astro/zod';
import { BODY_FIELDS, createIncidentSchema, playbookSchema } from '../../schema/index.ts';
import type { KbConfig } from '../../schema/config.ts';
import type { FileContext, Rule } from '../types.ts';

const schemas = new WeakMap<KbConfig, z.ZodType>();
function incidentSchemaFor(config: KbConfig): z.ZodType {
  let s = schemas.get(config);
  if (!s) schemas.set(config, (s = createIncidentSchema({ config })));
  return s;
}

function getIn(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

/** The closest allowed key, if it is close enough to be a typo. */
export function suggest(key: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of allowed) {
    const d = distance(key.toLowerCase(), k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

function allowedKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let s = schema as unknown as { shape?: Record<string, unknown>; def?: Record<string, unknown>; _zod?: { def?: Record<string, unknown> } };
  const unwrap = () => {
    for (let i = 0; i < 10; i++) {
      const def = s?._zod?.def ?? s?.def;
      if (!def) return;
      if (def.innerType) s = def.innerType as typeof s;
      else if (def.type === 'pipe' && def.out) s = def.out as typeof s;
      else return;
    }
  };
  unwrap();
  for (const key of path) {
    const def = s?._zod?.def ?? s?.def;
    if (typeof key === 'number' && def?.element) s = def.element as typeof s;
    else if (typeof key === 'string' && s?.shape?.[key]) s = s.shape[key] as typeof s;
    else return [];
    unwrap();
  }
  return Object.keys(s?.shape ?? {});
}

/** Where a body-extracted value lives: the line the extractor recorded. */
function bodyLine(ctx: FileContext, path: readonly PropertyKey[]): number | undefined {
  const { data } = ctx.file.parsed;
  for (let n = path.length; n > 0; n--) {
    const line = getIn(data, [...path.slice(0, n), 'line']);
    if (typeof line === 'number') return line;
  }
  return undefined;
}

function sectionLine(ctx: FileContext, id: string): number | undefined {
  return ctx.sections.find((s) => s.known && s.id === id)?.line;
}

export const schemaRule: Rule = {
  docs: [
    {
      id: 'schema',
      level: 'error',
      doc: 'A frontmatter field is missing, has the wrong type or value, or is an unknown key (zod schema).',
    },
    {
      id: 'schema/body-field',
      level: 'error',
      doc: 'A field that is authored in the body (timeline, 5 whys, root-cause statement, playbook steps) is written in frontmatter, where it would be ignored.',
    },
  ],
  checkFile(ctx) {
    const { parsed, kind } = ctx.file;
    if (!parsed.frontmatter) return; // `yaml` reported why
    const fm = parsed.frontmatter;
    for (const [field, where] of Object.entries(BODY_FIELDS[kind])) {
      if (field in fm) {
        const at = parsed.locate([field]);
        ctx.report({
          ruleId: 'schema/body-field',
          ...at,
          message: `\`${field}\` is extracted from ${where}; remove it from the frontmatter (it is ignored) and write it in the body`,
        });
      }
    }
    const rc = fm.root_cause;
    if (kind === 'incident' && rc && typeof rc === 'object' && 'statement' in rc) {
      ctx.report({
        ruleId: 'schema/body-field',
        ...parsed.locate(['root_cause', 'statement']),
        message: '`root_cause.statement` is the text of the `## Root Cause` section; move it to the body',
      });
    }
    const schema = kind === 'incident' ? incidentSchemaFor(ctx.config) : (playbookSchema as unknown as z.ZodType);
    const result = schema.safeParse(parsed.data);
    if (result.success) return;
    for (const issue of result.error.issues) {
      const path = issue.path as PropertyKey[];
      const field = path.join('.') || '(frontmatter)';
      // An invalid zone gets a better message (with a suggestion) from `time/zone`.
      if (kind === 'incident' && path.length === 1 && path[0] === 'timezone' && issue.code === 'custom') continue;
      if (issue.code === 'unrecognized_keys') {
        const allowed = allowedKeys(schema, path);
        for (const key of (issue as { keys: string[] }).keys) {
          if (path.length === 0 && key in BODY_FIELDS[kind]) continue; // reported above
          const hint = suggest(key, allowed);
          const full = [...path, key].join('.');
          ctx.report({
            ruleId: 'schema',
            ...parsed.locate([...path, key]),
            message: `unknown key \`${full}\`${hint ? `: did you mean \`${hint}\`?` : `; allowed here: ${allowed.join(', ')}`}`,
          });
        }
        continue;
      }
      const top = path[0];
      const fromBody =
        typeof top === 'string' &&
        (top in BODY_FIELDS[kind] ||
          (top === 'root_cause' && path[1] === 'statement' && !(rc && typeof rc === 'object' && 'statement' in rc)));
      let at = parsed.locate(path);
      if (fromBody) {
        const line = top === 'root_cause' ? sectionLine(ctx, 'root-cause') : bodyLine(ctx, path);
        if (line) at = { line, column: 1 };
      }
      const value = getIn(parsed.data, path);
      const message =
        issue.code === 'invalid_type' && value === undefined
          ? `\`${field}\` is required`
          : `\`${field}\`: ${issue.message}${value !== undefined && typeof value !== 'object' ? ` (got ${JSON.stringify(value)})` : ''}`;
      ctx.report({ ruleId: 'schema', ...at, message });
    }
  },
};
