/**
 * One file, several incidents: an incident log or a weekly report with one
 * heading per incident (`#### 2024-01-09 — Resolver timeouts in fra1`,
 * `#### 1. 11/04(월) 검색 API 응답 지연`). Found here; `split.ts` turns each
 * entry into an incident of its own.
 */
import type { Heading, Root } from 'mdast';
import { toString as nodeText } from 'mdast-util-to-string';
import { parseMarkdown } from '../../core/entry.ts';
import { cleanHeading } from '../../core/markdown/sections.ts';
import { findYear, type PartialDate, withYear } from './dates.ts';
import { readStamp } from './stamp.ts';

export interface LogEntry {
  title: string;
  /** `YYYY-MM-DD`, when the heading's date has (or the document gives) a year. */
  date?: string;
  heading: string;
  /** The entry's text after its heading, up to the next entry. */
  body: string;
}

/** A heading that starts with a date and goes on with a title. */
function entryHeading(h: Heading): { title: string; date: PartialDate } | undefined {
  const text = cleanHeading(nodeText(h));
  const s = readStamp(text, { dateOnly: true });
  if (!s?.date || s.clock) return undefined;
  const title = text.slice(s.end).trim();
  return title ? { title, date: s.date } : undefined;
}

/**
 * The entries of an incident log, or undefined when the file is one incident:
 * two or more headings of the same level that each start with a date and a title.
 */
export function incidentLog(
  text: string,
  tree: Root = parseMarkdown(text),
): { entries: LogEntry[]; title?: string; intro: string } | undefined {
  const headings = tree.children.filter((n): n is Heading => n.type === 'heading');
  const byDepth = new Map<number, Heading[]>();
  for (const h of headings) if (h.depth > 1 && entryHeading(h)) byDepth.set(h.depth, [...(byDepth.get(h.depth) ?? []), h]);
  const [depth, found] = [...byDepth.entries()].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
  if (!found || found.length < 2) return undefined;
  const h1 = headings.find((h) => h.depth === 1);
  const year = findYear(text.slice(0, found[0].position!.start.offset));
  const start = (n: Heading) => n.position!.start.offset!;
  const bodyStart = tree.children[0]?.type === 'yaml' ? tree.children[0].position!.end.offset! : 0;
  const introStart = h1 && start(h1) < start(found[0]) ? h1.position!.end.offset! : bodyStart;
  const entries = found.map((h, i) => {
    // an entry ends at the next entry, or at a heading above the entries' level
    const next = headings.find((n) => start(n) > start(h) && (found.includes(n) || n.depth < depth!));
    const e = entryHeading(h)!;
    const date = withYear(e.date, e.date.year ?? year);
    return {
      title: e.title,
      ...(date ? { date } : {}),
      heading: nodeText(h).trim(),
      body: text.slice(h.position!.end.offset, next ? start(next) : text.length).trim(),
      index: i,
    };
  });
  return { entries, ...(h1 ? { title: nodeText(h1).trim() } : {}), intro: text.slice(introStart, start(found[0])).trim() };
}
