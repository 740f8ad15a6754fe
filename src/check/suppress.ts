/**
 * In-place silencing. A directive names the rules it silences and MUST give a
 * reason after a colon:
 *
 *   <!-- kb-ignore pii/ip-address: the customer's public IP, published with consent -->   (markdown: next block)
 *   {/* kb-ignore blameless: quoting the customer's report *\/}                           (mdx: next block)
 *   # kb-ignore schema: imported verbatim                                                 (frontmatter: next key)
 *   severity: SEV5 # kb-ignore schema: kept as imported                                   (frontmatter: this line)
 *   <!-- kb-ignore-file pii/*: sanitised log excerpts -->                                 (the whole file)
 *
 * `family/*` silences every rule of a family.
 */
import type { Nodes, Parents } from 'mdast';
import type { ContentFile } from '../core/content.ts';
import type { Finding } from './types.ts';

export interface Directive {
  rules: string[];
  reason: string;
  /** Lines (inclusive) the directive covers. */
  from: number;
  to: number;
  line: number;
  column: number;
  used: boolean;
}

const BODY = /<!--\s*kb-ignore(-file)?(?![\w-])([\s\S]*?)-->|\/\*\s*kb-ignore(-file)?(?![\w-])([\s\S]*?)\*\//g;
const indentOf = (s: string) => s.match(/^\s*/)![0].length;

/**
 * Where a YAML comment starts on a line, or -1: a `#` at the start or after a
 * space, outside single- and double-quoted scalars. `title: "x # kb-ignore y"`
 * holds no comment, so no directive.
 */
export function yamlCommentStart(line: string): number {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === '"') {
      if (c === '\\') i++;
      else if (c === '"') quote = undefined;
    } else if (quote === "'") {
      if (c === "'" && line[i + 1] === "'") i++;
      else if (c === "'") quote = undefined;
    } else if (c === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) return i;
    else if ((c === '"' || c === "'") && (i === 0 || /[\s:,[{-]/.test(line[i - 1]))) quote = c;
  }
  return -1;
}

/** `rule-a, rule-b: reason` → rules and reason. */
function parseSpec(spec: string): { rules: string[]; reason: string } {
  const colon = spec.indexOf(':');
  const head = colon >= 0 ? spec.slice(0, colon) : spec;
  const reason = colon >= 0 ? spec.slice(colon + 1).trim() : '';
  return { rules: head.split(/[\s,]+/).filter(Boolean), reason };
}

export function ruleMatches(pattern: string, ruleId: string): boolean {
  if (pattern === ruleId) return true;
  if (pattern.endsWith('/*')) return ruleId.startsWith(pattern.slice(0, -1)) || ruleId === pattern.slice(0, -2);
  return false;
}

export function parseDirectives(
  file: ContentFile,
  knownRule: (pattern: string) => boolean,
): { directives: Directive[]; problems: Finding[] } {
  const directives: Directive[] = [];
  const problems: Finding[] = [];
  // Every directive, in a comment node or a YAML comment, contains this text.
  if (!file.text.includes('kb-ignore')) return { directives, problems };
  const lineCount = file.text.split('\n').length;
  const add = (spec: string, whole: boolean, from: number, to: number, line: number, column: number) => {
    const { rules, reason } = parseSpec(spec);
    if (!rules.length) {
      problems.push({ ruleId: 'ignore/reason', line, column, message: 'kb-ignore names no rule; write `kb-ignore <rule-id>: <reason>`' });
      return;
    }
    if (!reason) {
      problems.push({
        ruleId: 'ignore/reason',
        line,
        column,
        message: `kb-ignore ${rules.join(', ')} gives no reason, so it silences nothing; write \`kb-ignore ${rules.join(', ')}: <why this is fine>\``,
      });
      return;
    }
    const unknown = rules.filter((r) => !knownRule(r));
    for (const r of unknown)
      problems.push({
        ruleId: 'ignore/unknown-rule',
        line,
        column,
        message: `kb-ignore names \`${r}\`, which is not a rule id; run \`npm run check -- --rules\` for the list`,
      });
    const secret = rules.filter((r) => r === 'secrets' || r.startsWith('secrets/'));
    if (secret.length)
      problems.push({
        ruleId: 'ignore/secrets',
        line,
        column,
        message: `kb-ignore cannot silence ${secret.join(', ')}: remove the secret and rotate it; for a reviewed false positive, add the fingerprint printed with the finding to \`secrets_allow\` in kb.config.yaml`,
      });
    const known = rules.filter((r) => knownRule(r) && !secret.includes(r));
    if (known.length)
      directives.push({ rules: known, reason, from: whole ? 1 : from, to: whole ? lineCount : to, line, column, used: false });
  };

  // Markdown and MDX comments: real comment nodes only (a directive shown in a code block is just text).
  const walk = (parent: Parents) => {
    parent.children.forEach((node: Nodes, index: number) => {
      const t = node.type as string;
      const value = t === 'html' || t === 'mdxFlowExpression' || t === 'mdxTextExpression' ? (node as { value: string }).value : undefined;
      if (value?.includes('kb-ignore') && node.position) {
        const next = (parent.children as Nodes[])[index + 1];
        const inline = parent.type === 'paragraph' || parent.type === 'heading';
        const from = node.position.start.line;
        const to = inline ? (parent.position?.end.line ?? from) : (next?.position?.end.line ?? node.position.end.line + 1);
        for (const m of value.matchAll(BODY)) {
          const before = value.slice(0, m.index);
          const nl = before.split('\n');
          const line = from + nl.length - 1;
          const column = nl.length > 1 ? nl[nl.length - 1].length + 1 : node.position.start.column + before.length;
          const whole = Boolean(m[1] ?? m[3]);
          add(m[2] ?? m[4] ?? '', whole, inline ? (parent.position?.start.line ?? from) : from, to, line, column);
        }
      }
      if ('children' in node) walk(node as Parents);
    });
  };
  walk(file.parsed.tree);

  // Frontmatter comments.
  const yamlNode = file.parsed.tree.children[0];
  if (yamlNode?.type === 'yaml' && yamlNode.position) {
    const lines = file.text.split('\n');
    const first = yamlNode.position.start.line; // the opening ---
    const last = yamlNode.position.end.line; // the closing ---
    const indent = indentOf;
    let blockScalarIndent: number | undefined;
    for (let n = first + 1; n < last; n++) {
      const text = lines[n - 1] ?? '';
      if (blockScalarIndent !== undefined) {
        if (text.trim() === '' || indentOf(text) > blockScalarIndent) continue; // inside a | or > block: text, not comments
        blockScalarIndent = undefined;
      }
      if (/:[ \t]*[|>][-+0-9]*[ \t]*(?:#.*)?$/.test(text)) blockScalarIndent = indentOf(text);
      const hash = yamlCommentStart(text);
      const m = hash < 0 ? null : text.slice(hash).match(/^#\s*kb-ignore(-file)?(?![\w-])(.*)$/);
      if (!m) continue;
      const column = hash + 1;
      const ownLine = text.slice(0, column - 1).trim() === '';
      let from = n;
      let to = n;
      if (ownLine) {
        let t = n + 1;
        while (t < last && /^\s*(#.*)?$/.test(lines[t - 1] ?? '')) t++;
        from = t;
        to = t;
        const base = lines[t - 1] ?? '';
        const baseIndent = /^\s*- /.test(base) ? indent(base) : indent(base);
        while (to + 1 < last) {
          const l = lines[to] ?? '';
          if (l.trim() === '' || indent(l) > baseIndent || (/^\s*- /.test(l) && indent(l) > baseIndent)) to++;
          else break;
        }
      }
      add(m[2], Boolean(m[1]), from, to, n, column);
    }
  }
  return { directives, problems };
}

/** The directive that silences a finding, if any (marks it used). */
export function silencedBy(directives: Directive[], finding: Finding): Directive | undefined {
  for (const d of directives) {
    if (finding.line >= d.from && finding.line <= d.to && d.rules.some((r) => ruleMatches(r, finding.ruleId))) {
      d.used = true;
      return d;
    }
  }
  return undefined;
}
