import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { findSection, sectionLists, splitSections, timelineItemParts } from '../../core/markdown/extract.ts';
import { asInstantString, entryContext } from './context.ts';
import { isoInZone } from '../../core/time/zone.ts';
import { resolveTimeline } from '../../core/time/timeline.ts';

/**
 * Turns the incident's Timeline list into a visual timeline: each entry gets a
 * `<time datetime>` placed in the incident's zone, its marker as a badge, and
 * keeps its nested code blocks.
 */
export function remarkTimeline() {
  return (tree: Root, file: VFile) => {
    const ctx = entryContext(file);
    if (ctx.kind !== 'incident') return;
    const slice = findSection(splitSections(tree, 'incident'), 'timeline');
    if (!slice) return;
    const timezone = typeof ctx.frontmatter.timezone === 'string' ? ctx.frontmatter.timezone : 'UTC';
    const started = asInstantString(ctx.frontmatter.started);
    for (const list of sectionLists(slice)) {
      const parts = list.children.map((item) => timelineItemParts(item));
      let resolved: ReturnType<typeof resolveTimeline> = [];
      try {
        resolved = started ? resolveTimeline(parts, started, timezone) : [];
      } catch {
        resolved = []; // a bad zone is reported by check; render the times as written
      }
      list.data = { ...list.data, hName: 'ol', hProperties: { className: ['kb-timeline'] } };
      list.children.forEach((item, i) => {
        const p = parts[i];
        const r = resolved[i];
        const classes = ['kb-timeline__entry'];
        if (p.marker) classes.push(`kb-timeline__entry--${p.marker}`);
        if (!p.time) classes.push('kb-timeline__entry--untimed');
        item.data = { ...item.data, hProperties: { className: classes, ...(p.marker ? { 'data-marker': p.marker } : {}) } };
        const para = item.children[0];
        if (para?.type !== 'paragraph') return;
        const head: unknown[] = [];
        if (p.time) {
          const datetime = r && !r.inherited && r.epoch !== undefined ? safeIsoInZone(r.epoch, timezone) : undefined;
          head.push({
            type: 'kbTime',
            data: {
              hName: 'time',
              hProperties: { className: ['kb-timeline__time'], ...(datetime ? { dateTime: datetime } : {}) },
              hChildren: [{ type: 'text', value: p.time }],
            },
          });
        }
        if (p.marker) {
          head.push({
            type: 'kbMarker',
            data: {
              hName: 'span',
              hProperties: { className: ['kb-marker', `kb-marker--${p.marker}`] },
              hChildren: [{ type: 'text', value: p.marker }],
            },
          });
        }
        head.push({ type: 'kbText', data: { hName: 'span', hProperties: { className: ['kb-timeline__text'] } }, children: p.rest });
        para.children = head as typeof para.children;
      });
    }
  };
}

/** `<time datetime>` in the incident's zone; none for a zone `Intl` does not know (check reports it). */
function safeIsoInZone(epoch: number, timeZone: string): string | undefined {
  try {
    return isoInZone(epoch, timeZone);
  } catch {
    return undefined;
  }
}
