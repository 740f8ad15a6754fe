/** Action items (task lists, tables) and lessons (went well / wrong / lucky) → frontmatter values. */
import type { ListItem, Nodes, Paragraph, RootContent } from 'mdast';
import { toString as nodeText } from 'mdast-util-to-string';
import { isPlaceholderOnly } from '../../core/markdown/extract.ts';
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

function firstLink(node: Nodes): { url: string; text: string } | undefined {
  if (node.type === 'link' && isUrl(node.url)) return { url: node.url, text: nodeText(node).trim() };
  if ('children' in node)
    for (const c of node.children as Nodes[]) {
      const l = firstLink(c);
      if (l) return l;
    }
  return undefined;
}
const firstUrl = (node: Nodes) => firstLink(node)?.url;
/** The first link of an item, for `actionFromText`: its target is the ticket; its text, when it ends the item, is not title. */
const linkOpts = (node: Nodes) => {
  const l = firstLink(node);
  return l ? { url: l.url, ...(l.text && l.text !== l.url ? { urlText: l.text } : {}) } : {};
};

/** The item's title is struck through (`~~Announce the archive~~ (@rvasquez) https://…`): done. */
function struck(para: Paragraph): boolean {
  const first = para.children.find((c) => !(c.type === 'text' && /^(?:\s|✅|✔️?|☑️?)*$/u.test(c.value)));
  return first?.type === 'delete';
}

/** `조치: …` with `담당: …` / `기한: …` bullets under it: the key-value form → one line of annotations. */
const KEY_TITLE = /^\s*(?:조치|항목|내용|action|task|対策|対応|アクション)\s*[:：]\s*/iu;
function keyValueText(item: ListItem, para: Paragraph): string | undefined {
  if (!KEY_TITLE.test(nodeText(para))) return undefined;
  const nested = item.children.find((c) => c.type === 'list');
  const pairs = nested ? nested.children.map((it) => nodeText(it).trim()).filter((t) => /^[^:：]{1,12}[:：]/u.test(t)) : [];
  const title = nodeText(para).replace(KEY_TITLE, '').trim();
  return pairs.length ? `${title} (${pairs.join(', ')})` : title;
}

export function extractActionItems(nodes: RootContent[]): ImportedActionItem[] {
  if (isPlaceholderOnly(nodes)) return [];
  const items: ImportedActionItem[] = [];
  for (const node of nodes) {
    if (node.type === 'list') {
      for (const item of node.children as ListItem[]) {
        if (isPlaceholderOnly([item])) continue;
        const para = item.children.find((c) => c.type === 'paragraph');
        if (!para) continue;
        const text = keyValueText(item, para) ?? nodeText(para);
        const a = actionFromText(text, { checked: item.checked, ...linkOpts(para), struck: struck(para) });
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
        const cellPara = { type: 'paragraph', children: titleCell?.children ?? [] } as Paragraph;
        const base = actionFromText(title, { ...(titleCell ? linkOpts(titleCell) : {}), struck: struck(cellPara) });
        if (!base) continue;
        const owner = get('owner')?.replace(/^@/, '');
        const due = dueDate(get('due'));
        const ticketIdx = cols.indexOf('ticket');
        const ticketCell = ticketIdx >= 0 ? row.children[ticketIdx] : undefined;
        const ticketText = ticketCell ? nodeText(ticketCell).trim() : undefined;
        const ticket = ticketCell ? (firstUrl(ticketCell) ?? ticketText) : undefined;
        // a status word in any cell: `n/a **DONE**`, `[BUG-7732](…) **TODO**`
        const statusWord = get('status') ?? row.children.map((c) => nodeText(c).match(/\b(DONE|TODO|WIP)\b/)?.[1]).find(Boolean);
        items.push({
          ...base,
          kind: actionKind(base.title, get('kind')),
          ...(owner && !/^[-–—]?$/.test(owner) ? { owner } : {}),
          status: base.status === 'done' ? 'done' : actionStatus(statusWord),
          ...(due ? { due } : {}),
          ...(isUrl(ticket) ? { ticket } : {}),
        });
      }
    }
  }
  return items;
}

export function extractLessons(nodes: RootContent[]): Record<LessonKind, string[]> | undefined {
  if (isPlaceholderOnly(nodes)) return undefined;
  const lessons: Record<LessonKind, string[]> = { went_well: [], went_wrong: [], got_lucky: [] };
  let current: LessonKind | undefined;
  let found = false;
  for (const node of nodes) {
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
