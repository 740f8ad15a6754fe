/**
 * Editions without a site build: the internal-block syntax (pairs, lines,
 * what is cut), the public data of an entry, the `editions/*` check rules in
 * both editions, `npm run check -- --edition public`, the internal edition's
 * box, and the leak gate's scan of an output folder (gzip included).
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Nodes } from 'mdast';
import { describe, expect, it } from 'vitest';
import { scanOutput } from '../src/build/output-gate.ts';
import { remarkInternalBlocks } from '../src/build/markdown/remark-internal-blocks.ts';
import { rehypeSafeHtml } from '../src/build/markdown/rehype-safe-html.ts';
import { VFile } from 'vfile';
import type { Root as HastRoot } from 'hast';
import { runCheck } from '../src/check/index.ts';
import { unlinkEntries } from '../src/site/unlink.ts';
import { editionOf, internalBlocks, internalTextsOf, publicData, stripInternal, wholeWords } from '../src/core/editions.ts';
import { parseEntry, parseMarkdown } from '../src/core/entry.ts';
import { configSchema } from '../src/schema/config.ts';

const ROOT = resolve(import.meta.dirname, '..');
const FIXTURE = resolve(ROOT, 'tests/fixtures/editions');
const config = configSchema.parse({});
const run = promisify(execFile);

const blocksOf = (text: string) => internalBlocks(text, parseMarkdown(text));

describe('internal blocks', () => {
  it('pairs the markers in block, list-item and inline positions, ignoring a marker shown in code', () => {
    const text = [
      'Intro.', // 1
      '<!-- internal -->', // 2
      'Secret paragraph.', // 3
      '<!-- /internal -->', // 4
      '- item one', // 5
      '  <!-- internal -->', // 6
      '  nested secret', // 7
      '  <!-- /internal -->', // 8
      '- item two <!-- internal -->inline secret<!-- /internal --> ends.', // 9
      '',
      '```', // 11
      '<!-- internal -->', // 12: code, not a marker
      '```',
    ].join('\n');
    const { blocks, problems } = blocksOf(text);
    expect(problems).toEqual([]);
    expect(blocks.map((b) => [b.line, b.endLine])).toEqual([
      [2, 4],
      [6, 8],
      [9, 9],
    ]);
    const stripped = stripInternal(text, blocks);
    expect(stripped).toBe(['Intro.', '- item one', '- item two ends.', '', '```', '<!-- internal -->', '```'].join('\n'));
  });

  it('reports an unclosed block, a stray close and a nested open with their lines', () => {
    expect(blocksOf('a\n\n<!-- internal -->\nsecret\n').problems).toMatchObject([{ kind: 'unclosed', line: 3 }]);
    expect(blocksOf('a\n\n<!-- /internal -->\n').problems).toMatchObject([{ kind: 'stray', line: 3 }]);
    expect(blocksOf('<!-- internal -->\nx\n\n<!-- internal -->\ny\n<!-- /internal -->\n').problems).toMatchObject([
      { kind: 'nested', line: 1, nextLine: 4 },
    ]);
  });

  it('reports a comment that looks like a marker but is not one (it would cut nothing)', () => {
    const { blocks, problems } = blocksOf('a\n\n<!-- internal start -->\nsecret\n<!-- end internal -->\n\n<!-- internally reviewed -->\n');
    expect(blocks).toEqual([]);
    expect(problems.map((p) => [p.kind, p.line])).toEqual([
      ['malformed', 3],
      ['malformed', 5],
    ]);
    expect(problems[0].message).toContain('`<!-- internal start -->` looks like an internal marker but is not one');
  });

  it('matches markers as whole words, with Korean particles allowed after a name', () => {
    const re = wholeWords(['acme.internal', '김민수'])!;
    expect('db-7.corp.acme.internal is down'.match(re)?.[0]).toBe('acme.internal');
    expect('acme.internalize'.match(re)).toBeNull();
    expect('김민수가 확인했다'.match(re)?.[0]).toBe('김민수');
  });

  it('keeps the paragraph break a removed block made: text below neither joins the paragraph nor turns it into a heading', () => {
    const text =
      'We rolled back.\n<!-- internal -->\nsecret\n<!-- /internal -->\n---\n\nThen we waited.\n<!-- internal -->\nx\n<!-- /internal -->\nIt recovered.\n';
    const stripped = stripInternal(text, blocksOf(text).blocks);
    expect(stripped).toBe('We rolled back.\n\n---\n\nThen we waited.\n\nIt recovered.\n');
    expect(parseMarkdown(stripped).children.map((c) => c.type)).toEqual(['paragraph', 'thematicBreak', 'paragraph', 'paragraph']);
  });

  it('finds a marker between hyphens and dots too, not inside a longer word', () => {
    const re = wholeWords(['acme'])!;
    expect('tag customer-acme'.match(re)?.[0]).toBe('acme');
    expect('Pre-ACME cutover'.match(re)?.[0]).toBe('ACME');
    expect('acme-outage on acme.internal'.match(new RegExp(re.source, 'gi'))).toHaveLength(2);
    expect('acmeish and the acme_db'.match(re)).toBeNull();
  });

  it('refuses a misspelt edition', () => {
    expect(editionOf({ KB_EDITION: 'public' })).toBe('public');
    expect(editionOf({})).toBe('internal');
    expect(() => editionOf({ KB_EDITION: 'publik' })).toThrow('KB_EDITION must be internal or public, not "publik"');
  });
});

describe('internal texts', () => {
  const textsOf = (text: string, cfg = config) => {
    const parsed = parseEntry(text, 'incidents/x.md', 'incident');
    return internalTextsOf({ ...parsed, kind: 'incident', relPath: 'incidents/x.md', text }, cfg).map((t) => `${t.source} ${t.text}`);
  };
  it('are the block texts and internal field values, at least leak_min_length long, not an owner that is the public label', () => {
    const text = [
      '---',
      'visibility: public',
      'authors: [mina, Dana Whitlock-Ferreira]',
      'action_items:',
      '  - { title: Rotate keys, kind: prevent, owner: the team }',
      '  - { title: Alert on lag, kind: detect, owner: storage-oncall-team }',
      '---',
      '',
      'Public text.',
      '<!-- internal -->',
      'Short one.',
      '',
      'A sentence long enough to be searched.',
      '<!-- /internal -->',
    ].join('\n');
    expect(textsOf(text)).toEqual([
      'incidents/x.md:3 Dana Whitlock-Ferreira',
      'incidents/x.md:6 storage-oncall-team',
      'incidents/x.md:13 A sentence long enough to be searched.',
    ]);
    expect(textsOf(text.replace('visibility: public', 'visibility: internal'))).toEqual([]);
  });
});

describe('public data', () => {
  it('uses the public title and summary, cuts people and internal fields, and keeps links to public entries only', () => {
    const text = readFileSync(join(FIXTURE, 'incidents/2025-03-04-login-latency.md'), 'utf8');
    const data = parseEntry(text, 'incidents/x.md', 'incident').data;
    const out = publicData('incident', data, config, (c, id) =>
      c === 'incidents' ? id === 'INC-2025-012' : id === 'session-store-warmup',
    );
    expect(out.title).toBe('Slow sign-ins after a session-store failover');
    expect(out.public).toBeUndefined();
    expect(out.authors).toEqual([]);
    expect(out.reviewers).toEqual([]);
    expect(out.impact).toEqual({ description: 'Sign-ins were slow; no session was lost.' });
    expect((out.action_items as { owner?: string; ticket?: string }[]).map((a) => [a.owner, a.ticket])).toEqual([
      ['the team', undefined],
      ['the team', undefined],
    ]);
    expect(out.related).toEqual(['INC-2025-012']);
    expect(out.playbooks).toEqual(['session-store-warmup']);
  });
});

/** A content root with one public incident, changed by `edit`. */
function root(edit: (text: string) => string, extraConfig = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'kb-editions-'));
  cpSync(FIXTURE, dir, { recursive: true });
  const file = join(dir, 'incidents/2025-03-04-login-latency.md');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  if (extraConfig) writeFileSync(join(dir, 'kb.config.yaml'), `${readFileSync(join(dir, 'kb.config.yaml'), 'utf8')}${extraConfig}`);
  return dir;
}

async function findings(dir: string, edition: 'internal' | 'public') {
  const result = await runCheck({ root: dir, cwd: dir, today: '2025-06-01', edition });
  return result.files.flatMap((f) =>
    f.messages
      .filter((m) => m.ruleId?.startsWith('editions/'))
      .map((m) => `${f.path}:${m.line} ${m.fatal ? 'error' : 'warn'} ${m.ruleId} ${m.reason}`),
  );
}

describe('editions/* check rules', () => {
  it('the fixture is clean in both editions', async () => {
    expect(await findings(FIXTURE, 'internal')).toEqual([]);
    expect(await findings(FIXTURE, 'public')).toEqual([]);
  });

  it('an unclosed block, or one left open before the next, is an error in every edition, with its line', async () => {
    const unclosed = root((t) => t.replace('before any promotion.\n<!-- /internal -->', 'before any promotion.'));
    const beforeNext = root((t) => t.replace('<!-- /internal -->\n\n## Impact', '\n## Impact'));
    for (const edition of ['internal', 'public'] as const) {
      expect(await findings(unclosed, edition)).toEqual([
        expect.stringMatching(
          /^incidents\/2025-03-04-login-latency\.md:84 error editions\/block `<!-- internal -->` is never closed: add `<!-- \/internal -->`/,
        ),
      ]);
      expect(await findings(beforeNext, edition)).toEqual([
        expect.stringMatching(
          /^incidents\/2025-03-04-login-latency\.md:45 error editions\/block `<!-- internal -->` is not closed before the next `<!-- internal -->` on line 55/,
        ),
      ]);
    }
  });

  it('a marker, an email or an author named outside a block is an error for the public edition only', async () => {
    let edited = '';
    const dir = root((t) => {
      edited = t
        .replace('PUBLIC-FACT-a3 Sign-ins', 'PUBLIC-FACT-a3 Sign-ins via sso.corp.quillon.internal')
        .replace('PUBLIC-FACT-b3 A standby', 'PUBLIC-FACT-b3 Write to dana.w@northwind-ops.net. Dana Whitlock says a standby')
        .replace('<!-- internal -->\nCANARY-INTERNAL-7f3a-summary-block', 'CANARY-INTERNAL-7f3a-summary-block')
        .replace('the storage team.\n<!-- /internal -->', 'the storage team.');
      return edited;
    });
    const lineOf = (s: string) => edited.slice(0, edited.indexOf(s)).split('\n').length;
    expect(await findings(dir, 'internal')).toEqual([]);
    const f = await findings(dir, 'public');
    const at = (s: string, rule: string) =>
      f
        .filter((x) => x.startsWith(`incidents/2025-03-04-login-latency.md:${lineOf(s)} error ${rule}`))
        .map((x) => x.replace(/^\S+ \S+ \S+ /, ''));
    expect(at('CANARY-INTERNAL-7f3a-summary-block', 'editions/marker')).toEqual([
      expect.stringContaining('"corp.quillon.internal" (a marker in editions.markers) would be published in the public edition'),
    ]);
    expect(at('PUBLIC-FACT-a3', 'editions/marker')).toHaveLength(1);
    expect(at('PUBLIC-FACT-b3', 'editions/personal-data').sort()).toEqual([
      expect.stringContaining('"Dana Whitlock" (an author or reviewer) would be named in the public edition'),
      expect.stringMatching(/email address would be published in the public edition/i),
    ]);
    expect(f).toHaveLength(4);
  });

  it('a marker in a frontmatter string is an error in every edition: frontmatter is published as written', async () => {
    const dir = root((t) =>
      t.replace('logins slowed for the largest tenant.', 'logins slowed <!-- internal -->for Quillfeather Outfitters<!-- /internal -->.'),
    );
    for (const edition of ['internal', 'public'] as const)
      expect(await findings(dir, edition)).toContainEqual(
        expect.stringMatching(
          /^incidents\/2025-03-04-login-latency\.md:4 error editions\/block `summary` holds an internal marker, but markers work in the body only/,
        ),
      );
  });

  it('text between two comments is published, so the public edition checks it', async () => {
    const dir = root((t) => `${t}\n<!-- note --> ask dana.w@northwind-ops.net <!-- end -->\n`);
    expect(await findings(dir, 'public')).toEqual([expect.stringMatching(/editions\/personal-data email address would be published/i)]);
  });

  it('ignores an internal entry in the public edition', async () => {
    const dir = root(
      (t) =>
        `${t.replace('visibility: public', 'visibility: internal')}\nSee sso.corp.quillon.internal, or ask dana.w@northwind-ops.net.\n`,
    );
    expect(await findings(dir, 'public')).toEqual([]);
    const publicAgain = root((t) => `${t}\nSee sso.corp.quillon.internal, or ask dana.w@northwind-ops.net.\n`);
    expect(await findings(publicAgain, 'public')).toHaveLength(2); // the same text in a public entry
  });
});

describe('npm run check -- --edition public', () => {
  async function check(args: string[], env: Record<string, string> = {}) {
    try {
      const r = await run(process.execPath, ['scripts/check.ts', ...args], {
        cwd: ROOT,
        env: { ...process.env, KB_CONTENT_DIR: FIXTURE, NO_COLOR: '1', ...env },
      });
      return { code: 0, ...r };
    } catch (error) {
      return error as { code: number; stdout: string; stderr: string };
    }
  }

  it('lists what the public edition publishes and cuts, then the report', async () => {
    const { code, stdout } = await check(['--edition', 'public']);
    expect(code).toBe(0);
    expect(stdout).toContain('2 of 3 incidents and 1 of 2 playbooks are published.');
    expect(stdout).toMatch(/public +incidents\/2025-03-04-login-latency\.md +INC-2025-010 +"Slow sign-ins after a session-store failover"/);
    expect(stdout).toMatch(
      /cut: title and summary \(public\.title, public\.summary instead\); 5 internal blocks \(lines 45–47, 56–58, 60–62, 64, 84–88\); authors; reviewers; action_items\.owner ×2 \(shown as "Platform team"\); action_items\.ticket; impact\.users/,
    );
    expect(stdout).toMatch(/internal +incidents\/2025-03-10-billing-export\.md +INC-2025-011 +\(not published\)/);
    expect(stdout).toMatch(/5 files checked: 0 errors/);
  });

  it('does not count a public draft as published, and says why', async () => {
    const dir = root((t) => t.replace('status: published', 'status: draft'));
    const { stdout } = await check(['--edition', 'public'], { KB_CONTENT_DIR: dir });
    expect(stdout).toContain('1 of 3 incidents and 1 of 2 playbooks are published.');
    expect(stdout).toMatch(
      /INC-2025-010 +"Slow sign-ins after a session-store failover" +\(a draft: published once its status is review or published\)/,
    );
    const drafts = await check(['--edition', 'public'], { KB_CONTENT_DIR: dir, KB_INCLUDE_DRAFTS: '1' });
    expect(drafts.stdout).toContain('2 of 3 incidents');
  });

  it('takes KB_EDITION too, keeps JSON output clean, and refuses an unknown edition', async () => {
    const json = await check(['--format', 'json'], { KB_EDITION: 'public' });
    expect(JSON.parse(json.stdout).errorCount).toBe(0);
    expect(json.stderr).toContain('2 of 3 incidents');
    const bad = await check(['--edition', 'customers']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--edition must be internal or public, not "customers"');
  });
});

describe('npm run build with a misspelt edition', () => {
  async function build(args: string[], env: Record<string, string>) {
    try {
      await run(process.execPath, ['scripts/build.ts', ...args], { cwd: ROOT, env: { ...process.env, KB_CONTENT_DIR: FIXTURE, ...env } });
      return { code: 0, stderr: '' };
    } catch (error) {
      return error as { code: number; stderr: string };
    }
  }

  it('stops before building, with one line and exit 2', async () => {
    const env = await build([], { KB_EDITION: 'publik' });
    expect(env.code).toBe(2);
    expect(env.stderr.trim()).toBe('build: KB_EDITION must be internal or public, not "publik"');
    const flag = await build(['--edition'], {});
    expect(flag.code).toBe(2);
    expect(flag.stderr.trim()).toBe('build: --edition needs a value: internal or public');
  });
});

describe('the internal edition’s box', () => {
  const boxes = (lang: 'en' | 'ko', text: string) => {
    const tree = parseMarkdown(text) as Nodes;
    remarkInternalBlocks({ lang })(tree);
    return JSON.stringify(tree);
  };
  it('labels a block in the site language, and marks both ends of a block whose markers are in different containers', () => {
    expect(boxes('ko', 'a\n\n<!-- internal -->\nsecret\n<!-- /internal -->\n')).toContain('"value":"내부 전용 — 공개판에서는 빠집니다"');
    const spanning = boxes('en', '> <!-- internal -->\n> quoted secret\n\nsecret\n\n<!-- /internal -->\n');
    expect(spanning).toContain('kb-internal__label--start');
    expect(spanning).toContain('kb-internal__label--end');
  });
});

describe('links to internal entries in a public body', () => {
  it('become their text in every form that reaches the entry: page, index.html, short link, absolute URL', () => {
    const keep = (collection: string, id: string) => (collection === 'incidents' ? id === 'INC-2025-010' : id === 'public-playbook');
    const link = (href: string) => `<a href="${href}">x</a>`;
    const out = (href: string) => unlinkEntries(link(href), '/kb/', keep, 'https://kb.example.com/kb/');
    for (const href of [
      '/kb/incidents/INC-2024-007/',
      '/kb/incidents/INC-2024-007',
      '/kb/incidents/INC-2024-007/index.html#timeline',
      '/kb/i/INC-2024-007',
      '/kb/playbooks/vpn-gateway-restart/',
      'https://kb.example.com/kb/incidents/INC-2024-007/',
    ])
      expect(out(href), href).toBe('<span class="kb-unlinked">x</span>');
    for (const href of [
      '/kb/incidents/INC-2025-010/',
      '/kb/i/INC-2025-010',
      '/kb/playbooks/public-playbook/#fixes',
      '/kb/incidents/',
      '/kb/incidents/severity/SEV1/',
      '/kb/incidents/sort/',
      '/kb/incidents/index.html',
      'https://example.org/incidents/INC-2024-007/',
    ])
      expect(out(href), href).toBe(link(href));
  });
});

describe('raw HTML in the public edition', () => {
  it('with content.raw_html: allow, HTML comments (notes to reviewers) are still not published', () => {
    const tree = (): HastRoot => ({
      type: 'root',
      children: [
        { type: 'comment', value: ' TODO ask Jane Kim about the refund ' },
        { type: 'raw', value: '<p>kept</p><!-- ask Jane --><b>also kept</b><!-- unclosed' },
        {
          type: 'element',
          tagName: 'div',
          properties: {},
          children: [
            { type: 'comment', value: 'nested note' },
            { type: 'text', value: 'x' },
          ],
        },
      ],
    });
    const show = (t: HastRoot) => JSON.stringify(t);
    const published = rehypeSafeHtml({ allowRawHtml: true, dropComments: true })(tree(), new VFile());
    expect(show(published)).not.toMatch(/Jane|nested note|<!--/);
    expect(show(published)).toContain('<p>kept</p><b>also kept</b>');
    // the internal edition publishes raw HTML as written
    expect(show(rehypeSafeHtml({ allowRawHtml: true })(tree(), new VFile()))).toContain('TODO ask Jane Kim');
  });
});

describe('the leak gate’s scan', () => {
  it('finds internal texts and markers in HTML, JSON escapes and gzip-compressed Pagefind fragments, with their source', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-leak-'));
    mkdirSync(join(dir, 'pagefind/fragment'), { recursive: true });
    writeFileSync(join(dir, 'page.html'), '<p>The replica was <code>sess&#45;db&#45;3</code> patched by the storage team</p>');
    writeFileSync(join(dir, 'api.json'), JSON.stringify({ note: 'said "the on-call rotation" twice' }));
    writeFileSync(join(dir, 'pagefind/fragment/en_1.pf_fragment'), gzipSync(`pagefind_dcd{"content":"see Quillfeather  Outfitters"}`));
    writeFileSync(join(dir, 'clean.html'), '<p>the storage team only</p>');
    mkdirSync(join(dir, 'tags/corp.quillon.internal'), { recursive: true });
    writeFileSync(join(dir, 'tags/corp.quillon.internal/logo.png'), 'not text');
    const leaks = scanOutput(dir, {
      markers: {
        texts: [
          { text: 'patched by the storage team', source: 'incidents/a.md:7', what: 'an internal block', scope: 'part' },
          { text: 'said "the on-call rotation" twice', source: 'incidents/a.md:9', what: 'an internal block', scope: 'part' },
        ],
        words: ['Quillfeather Outfitters', 'corp.quillon.internal'],
      },
    });
    expect(leaks.map((l) => `${l.file} ${l.ruleId} ${l.source}`).sort()).toEqual([
      'api.json editions/leak incidents/a.md:9 (an internal block)',
      'page.html editions/leak incidents/a.md:7 (an internal block)',
      'pagefind/fragment/en_1.pf_fragment editions/marker editions.markers in kb.config.yaml',
      'tags/corp.quillon.internal/logo.png editions/marker editions.markers in kb.config.yaml', // its URL
    ]);
  });
});
