import { glob } from 'astro/loaders';
import type { Loader } from 'astro/loaders';
import type { EntryKind } from './entry.ts';
import { parseEntryData } from './parse-pool.ts';

/**
 * Astro's `glob` loader, with the data each entry gets replaced by
 * `parseEntry()`'s: YAML 1.2 frontmatter merged with what the body
 * contributes (timeline, whys, sections, steps). So the collection schema
 * validates exactly what `npm run check` validates.
 */
export function kbGlob(kind: EntryKind, base: string): Loader {
  const inner = glob({
    pattern: '**/*.{md,mdx}',
    base,
    generateId: ({ entry, data }) =>
      typeof data.id === 'string' && data.id ? data.id : entry.replace(/\.(md|mdx)$/, '').replace(/[\\/]/g, '-'),
  });
  return {
    name: `kb-${kind}-loader`,
    load: (context) =>
      inner.load({
        ...context,
        parseData: async (props) => {
          if (!props.filePath) return context.parseData(props);
          // On a worker thread when there is a spare core: the main thread renders meanwhile.
          const parsed = await parseEntryData(props.filePath, kind);
          if (parsed.yamlProblems.length) {
            const p = parsed.yamlProblems[0];
            throw new Error(`${props.filePath}:${p.line}:${p.column}: invalid YAML frontmatter: ${p.message}`);
          }
          return context.parseData({ ...props, data: parsed.data as typeof props.data });
        },
      }),
  };
}
