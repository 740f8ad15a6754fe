/**
 * The loader renders `.md` entries with `createEntryRenderer`, which skips
 * rehype-raw when there is no raw HTML and hands files with images to Astro's
 * pipeline. It must produce what Astro's processor produces, byte for byte.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../bench/corpus.ts';
import { parseEntry } from '../src/core/entry.ts';
import { markdownProcessor, rendererOptions } from '../src/build/markdown/processor.ts';
import { createEntryRenderer, type EntryRenderer } from '../src/build/markdown/render.ts';
import { fillFactSlots } from '../src/build/markdown/rehype-fact-slots.ts';

function mdFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return mdFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

type Render = (
  content: string,
  opts: { frontmatter: Record<string, unknown>; fileURL?: URL },
) => Promise<{ code: string; metadata: { headings: unknown[] } }>;
let astro: Render;
let fast: EntryRenderer;
beforeAll(async () => {
  const r = (await markdownProcessor().createRenderer(rendererOptions() as never)) as { render: Render };
  astro = r.render.bind(r);
  fast = await createEntryRenderer(rendererOptions());
});

async function same(path: string, text: string) {
  const parsed = parseEntry(text, path);
  const yaml = parsed.tree.children[0]?.type === 'yaml' ? parsed.tree.children[0] : undefined;
  const body = (yaml?.position ? text.slice(yaml.position.end.offset) : text).trim();
  const opts = { frontmatter: parsed.frontmatter ?? {}, fileURL: pathToFileURL(path) };
  const [a, b] = [await astro(body, opts), await fast.render(body, opts)];
  expect(b.code).toBe(a.code);
  expect(b.metadata.headings).toEqual(a.metadata.headings);
  return a.code;
}

describe('the loader renders like Astro', () => {
  const files = [...mdFiles('tests/fixtures'), ...mdFiles('content')];
  it.each(files)('%s', async (file) => {
    await same(file, readFileSync(file, 'utf8'));
  });

  it('on a generated corpus (Korean and English, timelines with code, whys, tables)', async () => {
    const corpus = generateCorpus({ incidents: 120, seed: 7 });
    for (const f of corpus.files.filter((x) => x.path.endsWith('.md'))) await same(`/tmp/corpus/${f.path}`, f.text);
  });

  it('with raw HTML (rehype-raw runs) and with images (Astro renders the file)', async () => {
    const raw = await same(
      '/tmp/x/incidents/raw.md',
      '## Timeline\n\n<details><summary>Logs</summary>\n\n`10:00` *a*\n\n</details>\n\nText <kbd>Ctrl</kbd>+<kbd>C</kbd>\n',
    );
    expect(raw).toContain('<details><summary>Logs</summary>');
    const img = await same('/tmp/x/incidents/img.md', '## Summary\n\n![dashboard](./dash.png) and ![remote](https://example.com/x.png)\n');
    expect(img).toContain('__ASTRO_IMAGE_');
  });
});

describe('facts from frontmatter inside body sections (rehype-fact-slots)', () => {
  const incident = (lessons: string, body: string) =>
    `---\nid: INC-2024-001\ntitle: x\nlessons:\n  went_well: [${lessons}]\n  went_wrong: []\n  got_lucky: []\n---\n${body}`;

  it('marks the end of the Lessons and Action Items sections once; a marker written in raw HTML does not survive', async () => {
    const html = await same(
      '/tmp/x/incidents/slots.md',
      incident(
        'ok',
        '## Lessons Learned\n\nNarrative.\n\n<div data-kb-facts="lessons"></div>\n\n## Discussion\n\n<div data-kb-facts="action-items"></div>\n\n## Action Items\n\nContext.\n',
      ),
    );
    expect(html.match(/data-kb-facts="lessons"/g)).toHaveLength(1);
    expect(html.match(/data-kb-facts="action-items"/g)).toHaveLength(1);
    expect(html).toMatch(/<p>Narrative\.<\/p>[\s\S]*<div data-kb-facts="lessons"><\/div><\/section>/);
    expect(html).toMatch(/<p>Context\.<\/p>\s*<div data-kb-facts="action-items"><\/div><\/section>/);
    expect(fillFactSlots(html, { lessons: '<ul id="x"></ul>' })).not.toContain('data-kb-facts');
  });

  it('a placeholder-only section is shown empty, unless the frontmatter holds its facts', async () => {
    const filled = await same('/tmp/x/incidents/filled.md', incident('ok', '## Lessons Learned\n\n- TBD\n'));
    expect(filled).not.toContain('data-empty');
    expect(filled).not.toContain('TBD');
    const empty = await same('/tmp/x/incidents/empty.md', incident('', '## Lessons Learned\n\n- TBD\n'));
    expect(empty).toContain('data-empty="true"');
    expect(empty).toContain('class="kb-empty"');
  });

  it('a playbook marks the start of its Symptoms section, right under the heading', async () => {
    const html = await same('/tmp/x/playbooks/p.md', '---\nid: p\nsymptoms: ["boom"]\n---\n## Symptoms\n\nIt goes boom.\n');
    expect(html).toMatch(/<\/h2><div data-kb-facts="symptoms"><\/div><p>It goes boom\.<\/p>/);
  });
});
