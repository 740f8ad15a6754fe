/** `yaml` and `mdx`: the file must parse before anything else can be trusted; `mdx/code`: content must not run code. */
import { mdxCode } from '../../core/markdown/mdx-code.ts';
import type { Rule } from '../types.ts';

export const syntaxRule: Rule = {
  docs: [
    {
      id: 'file',
      level: 'error',
      doc: 'The file cannot be read as UTF-8 markdown: unreadable, a folder named *.md, a symlink out of the content root, UTF-16 or binary, not UTF-8, or nested too deep to render.',
    },
    { id: 'yaml', level: 'error', doc: 'The frontmatter is missing, is not valid YAML, or is not a mapping of keys to values.' },
    { id: 'mdx', level: 'error', doc: 'An .mdx file has an MDX syntax error (the site build would fail on it).' },
    {
      id: 'mdx/code',
      level: 'error',
      doc: 'An .mdx file imports, exports, uses a component or evaluates JavaScript, which would run in the build; allowed only with `content.mdx_code: allow` in kb.config.yaml.',
    },
  ],
  checkFile({ file, config, position, report }) {
    const { parsed, text } = file;
    if (parsed.bodyProblem) report({ ruleId: 'file', line: 1, column: 1, message: `the body ${parsed.bodyProblem}` });
    // `parsed.yaml` is built lazily when the fast path read the frontmatter: touch it only when there are problems.
    if (parsed.tree.children[0]?.type !== 'yaml') {
      const first = text.split('\n', 1)[0];
      report({
        ruleId: 'yaml',
        line: 1,
        column: 1,
        message: /^\s*---/.test(first)
          ? 'frontmatter is not closed: end it with a line holding only `---`'
          : 'no frontmatter: start the file with `---`, the YAML fields, and `---` (see the authoring guide)',
      });
    }
    const errors = parsed.yamlProblems.length ? (parsed.yaml?.errors ?? []) : [];
    if (errors.length) {
      // The parser's offsets are exact even when it gives no line (`linePos`): place them ourselves.
      const lines = text.split('\n');
      let base = 0;
      for (let i = 0; i < parsed.yamlStartLine - 1 && i < lines.length; i++) base += lines[i].length + 1;
      for (const err of errors) {
        report({ ruleId: 'yaml', ...position(base + (err.pos?.[0] ?? 0)), message: `invalid YAML: ${err.message.split('\n')[0]}` });
      }
    } else {
      for (const p of parsed.yamlProblems)
        report({ ruleId: 'yaml', line: p.line, column: p.column, message: `invalid YAML: ${p.message}` });
    }
    const mdxError = parsed.mdxError as
      | {
          message?: string;
          reason?: string;
          line?: number;
          column?: number;
          place?: { line?: number; column?: number; start?: { line: number; column: number } };
        }
      | undefined;
    if (file.path.endsWith('.mdx') && !mdxError && config.content.mdx_code !== 'allow') {
      for (const c of mdxCode(parsed.tree))
        report({
          ruleId: 'mdx/code',
          line: c.line,
          column: c.column,
          message: `${c.what} is code, and content does not run code: remove it (comments are fine as {/* … */}), or rename the file to .md; a team that trusts every author can set \`content.mdx_code: allow\` in kb.config.yaml`,
        });
    }
    if (mdxError) {
      const place = mdxError.place && 'start' in mdxError.place ? mdxError.place.start : mdxError.place;
      report({
        ruleId: 'mdx',
        line: place?.line ?? mdxError.line ?? 1,
        column: place?.column ?? mdxError.column ?? 1,
        message: `MDX syntax error: ${mdxError.reason ?? mdxError.message ?? String(mdxError)} (in .mdx, write comments as {/* … */} and escape { < as \\{ \\<)`,
      });
    }
  },
};
