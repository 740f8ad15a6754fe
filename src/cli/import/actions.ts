/** Action items (task lists, tables) and lessons (went well / wrong / lucky) → frontmatter values. */
import type { ListItem, Nodes, Paragraph } from 'mdast';
import { toString as nodeText } from 'mdast-util-to-string';
import { isPlaceholderOnly, type SectionSlice } from '../../core/markdown/extract.ts';
import {
  actionColumn,
  actionFromText,
  actionKind,
  actionStatus,
  dueDate,
  isUrl,
  lessonKind,
  type ImportedActionItem,
  type LessonKind,
} from './facts.ts';

function firstUrl(node: Nodes): string | undefined {
  if (node.type === 'link' && isUrl(node.url)) return node.url;
  if ('children' in node)
    for (const c of node.children as Nodes[]) {
      const u = firstUrl(c);
      if (u) return u;
    }
  return undefined;
}

export function extractActionItems(slice: SectionSlice | undefined): ImportedActionItem[] {
  if (!slice || slice.empty) return [];
  const items: ImportedActionItem[] = [];
  for (const node of slice.nodes) {
    if (node.type === 'list') {
      for (const item of node.children as ListItem[]) {
        if (isPlaceholderOnly([item])) continue;
        const para = item.children.find((c) => c.type === 'paragraph');
        if (!para) continue;
        const a = actionFromText(nodeText(para), { checked: item.checked, url: firstUrl(para) });
        if (a) items.push(a);
      }
    } else if (node.type === 'table') {
      const [header, ...rows] = node.children;
      const cols = header.children.map((c) => actionColumn(nodeText(c)));
      if (!cols.includes('title')) continue;
      for (const row of rows) {
        const get = (k: string) => {
          const i = cols.indexOf(k as never);
          return i >= 0 && row.children[i] ? nodeText(row.children[i]).trim() : undefined;
        };
        const titleCell = row.children[cols.indexOf('title')];
        const title = get('title');
        if (!title || isPlaceholderOnly([{ type: 'paragraph', children: titleCell?.children ?? [] } as Paragraph])) continue;
        const base = actionFromText(title, { url: titleCell ? firstUrl(titleCell) : undefined });
        if (!base) continue;
        const owner = get('owner')?.replace(/^@/, '');
        const due = dueDate(get('due'));
        const ticketIdx = cols.indexOf('ticket');
        const ticket = ticketIdx >= 0 && row.children[ticketIdx] ? (firstUrl(row.children[ticketIdx]) ?? get('ticket')) : undefined;
        items.push({
          ...base,
          kind: actionKind(base.title, get('kind')),
          ...(owner && !/^[-–—]?$/.test(owner) ? { owner } : {}),
          status: actionStatus(get('status')),
          ...(due ? { due } : {}),
          ...(isUrl(ticket) ? { ticket } : {}),
        });
      }
    }
  }
  return items;
}

export function extractLessons(slice: SectionSlice | undefined): Record<LessonKind, string[]> | undefined {
  if (!slice || slice.empty) return undefined;
  const lessons: Record<LessonKind, string[]> = { went_well: [], went_wrong: [], got_lucky: [] };
  let current: LessonKind | undefined;
  let found = false;
  for (const node of slice.nodes) {
    if (node.type === 'heading') current = lessonKind(nodeText(node));
    else if (
      node.type === 'paragraph' &&
      (node.children[0]?.type === 'strong' || node.children[0]?.type === 'emphasis') &&
      lessonKind(nodeText(node.children[0]))
    ) {
      current = lessonKind(nodeText(node.children[0]));
    } else if (node.type === 'list' && current) {
      for (const item of node.children) {
        const para = item.children.find((c) => c.type === 'paragraph');
        const t = para ? nodeText(para).replace(/\s+/g, ' ').trim() : '';
        if (t && !isPlaceholderOnly([item])) {
          lessons[current].push(t);
          found = true;
        }
      }
    }
  }
  return found ? lessons : undefined;
}
