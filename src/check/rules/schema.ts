/**
 * `schema`: the frontmatter (merged with what the body contributes) against the
 * zod schema, one finding per issue, at the YAML line of the field.
 */
import type { z } from 'astro/zod';
import { BODY_FIELDS, createIncidentSchema, FILLED_LATER, playbookSchema } from '../../schema/index.ts';
import { defaultSeverity, type KbConfig, severityLevels } from '../../schema/config.ts';
import { suggest } from '../suggest.ts';
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

/**
 * What an author fills in as the post-mortem takes shape: a draft may lack it
 * (a warning), `review` and `published` may not (an error). An imported
 * post-mortem without a date is a valid draft.
 */
const EXAMPLE: Record<(typeof FILLED_LATER)[number], string> = {
  started: '"YYYY-MM-DDTHH:MM"',
  timezone: 'Asia/Seoul',
  severity: '',
  root_cause: '{ category: unknown }',
};
const isFilledLater = (key: PropertyKey): key is (typeof FILLED_LATER)[number] => (FILLED_LATER as readonly PropertyKey[]).includes(key);

const isBlank = (v: unknown) => v === undefined || v === null || v === '';

/**
 * Where to add a missing key, said in the message and pointed at by the
 * finding: a commented-out `# key:` line to uncomment (the importer writes its
 * proposals so), else right after the nearest key before it in schema order.
 */
function placeMissing(
  ctx: FileContext,
  path: readonly PropertyKey[],
  order: readonly string[],
  example: string,
): { line: number; column: number; hint: string } {
  const { parsed, text } = ctx.file;
  const key = String(path[path.length - 1]);
  const lines = text.split('\n');
  const first = parsed.yamlStartLine - 1;
  let last = first;
  while (last < lines.length && !/^---\s*$/.test(lines[last])) last++;
  const commented = new RegExp(`^\\s*#\\s*${key.replace(/\W/g, '')}\\s*:`);
  for (let i = first; i < last; i++) {
    if (commented.test(lines[i]))
      return { line: i + 1, column: 1, hint: `check the commented-out \`# ${key}:\` on line ${i + 1} and uncomment it` };
  }
  const add = example ? `add \`${example}\`` : 'add it';
  if (path.length === 1) {
    const fm = parsed.frontmatter ?? {};
    const before = order.slice(0, Math.max(0, order.indexOf(key))).filter((k) => k in fm);
    const anchor = before[before.length - 1];
    if (anchor) {
      const at = parsed.locate([anchor]);
      return { line: at.line, column: 1, hint: `${add} after \`${anchor}:\` (line ${at.line})` };
    }
  }
  const at = parsed.locate(path);
  return { ...at, hint: path.length > 1 ? `${add} under \`${path.slice(0, -1).join('.')}:\`` : `${add} to the frontmatter` };
}

function sectionLine(ctx: FileContext, id: string): number | undefined {
  return ctx.sections.find((s) => s.known && s.id === id)?.line;
}

export const schemaRule: Rule = {
  docs: [
    {
      id: 'schema',
      level: 'error',
      doc: 'A frontmatter field is missing, has the wrong type or value, or is an unknown key (zod schema). A draft may still lack `started`, `timezone`, `severity` and `root_cause` (a warning until it goes to review).',
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
    const draft = kind === 'incident' && (fm.status === undefined || fm.status === 'draft');
    const order = allowedKeys(schema, []);
    for (const issue of result.error.issues) {
      const path = issue.path as PropertyKey[];
      const field = path.join('.') || '(frontmatter)';
      if (kind === 'incident' && isFilledLater(path[0]) && isBlank(getIn(parsed.data, path))) {
        const levels = severityLevels(ctx.config);
        const example =
          path[0] === 'severity'
            ? `severity: ${defaultSeverity(ctx.config)}`
            : path.length === 1
              ? `${field}: ${EXAMPLE[path[0]]}`
              : path[1] === 'category'
                ? 'category: unknown'
                : '';
        const { hint, ...at } = placeMissing(ctx, path, order, example);
        const one = path[0] === 'severity' ? ` (one of ${levels.join(', ')})` : '';
        ctx.report({
          ruleId: 'schema',
          soft: draft,
          ...at,
          message: `\`${field}\` is ${draft ? 'not set yet' : 'required'}${one}: ${hint}${draft ? ' before the draft goes to review' : ''}`,
        });
        continue;
      }
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
