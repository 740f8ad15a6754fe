/**
 * `secrets/*` (errors) and `pii/*` (warnings, masked by `--fix`), over the
 * whole file, code blocks included.
 *
 * The scanner must see what gets published, not only the bytes: a key written
 * with YAML escapes (`"\x41KIA…"`), split by a YAML line continuation, or hidden
 * behind markdown escapes (`ghp\_…`) and HTML entities (`&#65;KIA…`) is the
 * same key on the page. So after the raw text, the decoded values are scanned
 * too: every frontmatter string as YAML reads it, and every text, code and
 * HTML node of the body as the page shows it.
 *
 * A secret cannot be silenced with kb-ignore (see suppress.ts). A reviewed
 * false positive is allowed only by its fingerprint in `secrets_allow`, like
 * gitleaks' ignore file; the fingerprint depends on the rule and the value, so
 * it survives edits around it.
 */
import type { Nodes } from 'mdast';
import { decodeHtmlEntities } from '../scan/entities.ts';
import { redact, type SensitiveMatch, scanSensitive, sensitiveRules } from '../scan/secrets.ts';
import type { FileContext, Rule, RuleDoc } from '../types.ts';

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

const docs: RuleDoc[] = sensitiveRules().map((r) => ({
  id: r.ruleId,
  level: r.kind === 'secret' ? 'error' : 'warn',
  doc:
    r.kind === 'secret'
      ? `${cap(r.labels.join(' or '))} in the file: remove it and rotate it (git history keeps it).`
      : `${cap(r.labels.join(' or '))} in the file: mask it (\`--fix\` does).`,
}));

/** 12 hex characters of sha256(rule id, value): what `secrets_allow` lists. */
export function secretFingerprint(ruleId: string, value: string): string {
  return process.getBuiltinModule('node:crypto').createHash('sha256').update(`${ruleId}\0${value}`).digest('hex').slice(0, 12);
}

/** Every string in the frontmatter as YAML decoded it, with its key path. */
function frontmatterStrings(value: unknown, path: PropertyKey[] = [], out: { path: PropertyKey[]; text: string }[] = []) {
  if (typeof value === 'string') out.push({ path, text: value });
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) frontmatterStrings(v, [...path, i], out);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) frontmatterStrings(v, [...path, k], out);
  return out;
}

interface Decoded {
  text: string;
  line: number;
  column: number;
  /** The source bytes it was decoded from: a secret the raw scan already found in them is not reported twice. */
  from: number;
  to: number;
}

/** Body nodes whose published text differs from their source bytes (escapes, entities). */
function decodedBodyTexts(ctx: FileContext): Decoded[] {
  const { text: source, parsed } = ctx.file;
  const out: Decoded[] = [];
  const walk = (node: Nodes) => {
    const start = node.position?.start;
    const end = node.position?.end;
    if ((node.type === 'text' || node.type === 'inlineCode' || node.type === 'html') && start && end) {
      const raw = source.slice(start.offset ?? 0, end.offset ?? 0);
      const shown = node.type === 'html' ? decodeHtmlEntities(node.value) : node.value;
      if (shown !== raw && !raw.includes(shown))
        out.push({ text: shown, line: start.line, column: start.column, from: start.offset ?? 0, to: end.offset ?? 0 });
    } else if ((node.type === 'link' || node.type === 'image' || node.type === 'definition') && start && end) {
      out.push({ text: node.url, line: start.line, column: start.column, from: start.offset ?? 0, to: end.offset ?? 0 });
    }
    if ('children' in node) for (const c of node.children as Nodes[]) walk(c);
  };
  walk(parsed.tree as Nodes);
  return out;
}

export const sensitiveRule: Rule = {
  docs,
  checkFile(ctx) {
    const { file, config, position, report } = ctx;
    const allowedSecrets = new Set(config.secrets_allow);
    const scan = (text: string) => scanSensitive(text, { allow: config.pii_allow });
    const raw = scan(file.text);
    const reportSecret = (m: SensitiveMatch, at: { line: number; column: number; endLine?: number; endColumn?: number }, how = '') => {
      const fingerprint = secretFingerprint(m.ruleId, m.value);
      if (allowedSecrets.has(fingerprint)) return;
      report({
        ruleId: m.ruleId,
        ...at,
        message: `${m.label}${how} (${redact(m)}): remove it from the file and rotate it; it stays in git history. A reviewed false positive: add its fingerprint ${fingerprint} to \`secrets_allow\` in kb.config.yaml`,
      });
    };

    for (const m of raw) {
      const start = position(m.start);
      const end = position(m.end);
      if (m.kind === 'secret') {
        reportSecret(m, { ...start, endLine: end.line, endColumn: end.column });
      } else {
        report({
          ruleId: m.ruleId,
          ...start,
          endLine: end.line,
          endColumn: end.column,
          message: `${m.label} (masked: ${m.mask}); mask it before publishing (\`npm run check -- --fix\`)`,
          fix: m.mask ? { start: m.start, end: m.end, from: m.value, to: m.mask } : undefined,
        });
      }
    }

    // What the page shows, decoded: only secrets (personal data decoded from escapes is rare, and --fix could not mask it in place).
    const decoded = (text: string, at: { line: number; column: number }, from: number, to: number, how: string) => {
      for (const m of scan(text)) {
        if (m.kind !== 'secret') continue;
        if (raw.some((r) => r.ruleId === m.ruleId && r.value === m.value && r.start >= from && r.end <= to)) continue; // found in the bytes already
        reportSecret(m, at, how);
      }
    };
    const yamlNode = file.parsed.tree.children[0]?.type === 'yaml' ? file.parsed.tree.children[0] : undefined;
    if (file.parsed.frontmatter && yamlNode?.position) {
      const { start, end } = yamlNode.position;
      for (const { path, text } of frontmatterStrings(file.parsed.frontmatter)) {
        if (yamlNode.value.includes(text) && !/\n/.test(text)) continue; // written as is: the raw scan saw it
        decoded(text, file.parsed.locate(path), start.offset ?? 0, end.offset ?? 0, ' (after YAML decoding)');
      }
    }
    if (/[\\&]/.test(file.text)) {
      for (const node of decodedBodyTexts(ctx)) decoded(node.text, node, node.from, node.to, ' (after markdown and HTML decoding)');
    }
  },
};
