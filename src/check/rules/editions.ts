/**
 * `editions/*`: the public edition (see src/core/editions.ts).
 *
 * - `editions/block`: `<!-- internal -->` … `<!-- /internal -->` markers that
 *   do not pair up, in every edition: the public edition would not know where
 *   the internal text ends.
 * - With `--edition public` (and in the public build), on each public entry,
 *   in what the public edition publishes (outside internal blocks and
 *   internal fields): `editions/marker`, a configured marker (an internal
 *   hostname, a customer's name); `editions/personal-data`, an email, phone or
 *   other personal data, or the name of an author or reviewer.
 */
import type { Nodes } from 'mdast';
import { internalBlocks, internalFieldPaths, visibilityOf, wholeWords } from '../../core/editions.ts';
import { scanSensitive } from '../scan/secrets.ts';
import type { FileContext, Rule } from '../types.ts';

const markerRegexes = new WeakMap<readonly string[], RegExp | undefined>();

/** Every frontmatter string with its key path. */
function strings(value: unknown, path: (string | number)[] = [], out: { path: (string | number)[]; text: string }[] = []) {
  if (typeof value === 'string') out.push({ path, text: value });
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) strings(v, [...path, i], out);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) strings(v, [...path, k], out);
  return out;
}

/** Offset ranges of the body the public edition publishes: after the frontmatter, outside the internal blocks and HTML comments. */
function publishedBodyRanges(ctx: FileContext, blocks: { start: number; end: number }[]): [number, number][] {
  const { text, parsed } = ctx.file;
  const yaml = parsed.tree.children[0]?.type === 'yaml' ? parsed.tree.children[0] : undefined;
  const cuts = [...blocks.map((b) => [b.start, b.end] as [number, number])];
  const walk = (node: Nodes) => {
    // Comments (kb-ignore, notes to reviewers) are not published either.
    if (node.type === 'html' && /^\s*<!--(?:(?!-->)[\s\S])*-->\s*$/.test(node.value) && node.position)
      cuts.push([node.position.start.offset ?? 0, node.position.end.offset ?? 0]);
    if ('children' in node) for (const c of node.children as Nodes[]) walk(c);
  };
  walk(parsed.tree as Nodes);
  cuts.sort((a, b) => a[0] - b[0]);
  const ranges: [number, number][] = [];
  let from = yaml?.position?.end.offset ?? 0;
  for (const [s, e] of cuts) {
    if (s > from) ranges.push([from, s]);
    from = Math.max(from, e);
  }
  if (from < text.length) ranges.push([from, text.length]);
  return ranges;
}

function checkPublished(ctx: FileContext, blocks: { start: number; end: number }[]): void {
  const { file, config, position, report } = ctx;
  const fm = file.parsed.frontmatter ?? {};
  if (!markerRegexes.has(config.editions.markers)) markerRegexes.set(config.editions.markers, wholeWords(config.editions.markers));
  const markers = markerRegexes.get(config.editions.markers);
  const people = [...new Set([fm.authors, fm.reviewers].flatMap((v) => (Array.isArray(v) ? v : [])).filter((v) => typeof v === 'string'))];
  const names = wholeWords(people as string[], 'g');
  const cut = internalFieldPaths(file.kind, config);
  const override = (fm.public ?? {}) as { title?: unknown; summary?: unknown };
  const isCut = (path: (string | number)[]) => {
    const key = path.filter((p) => typeof p === 'string').join('.');
    if (key === 'title' && typeof override.title === 'string') return true;
    if (key === 'summary' && typeof override.summary === 'string') return true;
    if (key === 'visibility') return true;
    return cut.some((c) => key === c || key.startsWith(`${c}.`));
  };
  const scan = (text: string, at: (offset: number) => { line: number; column: number }, where: string) => {
    if (markers)
      for (const m of text.matchAll(markers))
        report({
          ruleId: 'editions/marker',
          ...at(m.index),
          message: `"${m[0]}" (a marker in editions.markers) would be published in the public edition${where}: reword it, or put it inside <!-- internal --> … <!-- /internal -->`,
        });
    if (names)
      for (const m of text.matchAll(names))
        report({
          ruleId: 'editions/personal-data',
          ...at(m.index),
          message: `"${m[0]}" (an author or reviewer) would be named in the public edition${where}: say "the on-call engineer" or a team, or put it inside <!-- internal --> … <!-- /internal -->`,
        });
    for (const m of scanSensitive(text, { allow: config.pii_allow })) {
      if (m.kind !== 'pii') continue;
      report({
        ruleId: 'editions/personal-data',
        ...at(m.start),
        message: `${m.label} would be published in the public edition${where}: remove it, or put it inside <!-- internal --> … <!-- /internal -->`,
      });
    }
  };
  for (const { path, text } of strings(fm)) {
    if (isCut(path)) continue;
    const loc = file.parsed.locate(path);
    scan(text, () => loc, ` (in \`${path.join('.')}\`)`);
  }
  for (const [s, e] of publishedBodyRanges(ctx, blocks)) scan(file.text.slice(s, e), (o) => position(s + o), '');
}

export const editionsRule: Rule = {
  docs: [
    {
      id: 'editions/block',
      level: 'error',
      doc: 'An `<!-- internal -->` block that is never closed, a `<!-- /internal -->` that closes none, blocks nested, or a comment that looks like a marker but is not one (`<!-- internal start -->`): the public edition would not know what to cut.',
    },
    {
      id: 'editions/marker',
      level: 'error',
      doc: 'Public edition (`--edition public`, `KB_EDITION=public`): a public entry holds a configured marker (`editions.markers`: internal hostnames, customer names) outside an internal block.',
    },
    {
      id: 'editions/personal-data',
      level: 'error',
      doc: 'Public edition: a public entry holds personal data (an email, a phone number, …) or names an author or reviewer outside an internal block.',
    },
  ],
  checkFile(ctx) {
    const { file, report } = ctx;
    if (file.parsed.bodyProblem) return;
    const { blocks, problems } = internalBlocks(file.text, file.parsed.tree);
    for (const p of problems) report({ ruleId: 'editions/block', line: p.line, column: p.column, message: p.message });
    // Blocks are a body syntax: in a frontmatter string the markers are text, and the public edition would publish it all.
    for (const { path, text } of strings(file.parsed.frontmatter ?? {}))
      if (/<!--\s*\/?\s*internal\b/i.test(text))
        report({
          ruleId: 'editions/block',
          ...file.parsed.locate(path),
          message: `\`${path.join('.')}\` holds an internal marker, but markers work in the body only: frontmatter is published as written. Give the public wording in \`public: { title, summary }\`, or move the internal part to the body`,
        });
    if (ctx.edition !== 'public' || visibilityOf(file.parsed.frontmatter, ctx.config) !== 'public') return;
    checkPublished(ctx, blocks);
  },
};
