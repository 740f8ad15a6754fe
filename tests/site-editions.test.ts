/**
 * Public and internal editions from one content root (tests/fixtures/editions):
 * both built for real; the public output, every byte of it (Pagefind's
 * compressed index included), holds no internal text and every public fact;
 * the internal edition marks what the public one cuts; the leak gate stops a
 * public build that would publish something internal, naming the output file
 * and the source.
 */
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { publishedText } from '../src/build/output-gate.ts';
import { buildSite, type BuiltSite, TMP } from './helpers/site.ts';

const FIXTURE = 'tests/fixtures/editions';
const LOGIN = 'incidents/2025-03-04-login-latency.md';

let internal: BuiltSite;
let publicSite: BuiltSite;

beforeAll(async () => {
  internal = await buildSite(FIXTURE, 'editions-internal');
  publicSite = await buildSite(FIXTURE, 'editions-public', { KB_EDITION: 'public' });
}, 300_000);

function* files(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else yield p;
  }
}

/** Every output file's published text (HTML decoded, Pagefind gunzipped); JS, CSS and images as raw bytes too. */
function everything(site: BuiltSite): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of files(site.outDir)) out.set(relative(site.outDir, p), publishedText(p) ?? readFileSync(p, 'latin1'));
  return out;
}

/** Every public fact of the fixture (`PUBLIC-FACT-…`), as written in the content. */
function publicFacts(): string[] {
  const facts = new Set<string>();
  for (const p of files(FIXTURE)) for (const m of readFileSync(p, 'utf8').matchAll(/PUBLIC-FACT-[a-z0-9]+/g)) facts.add(m[0]);
  return [...facts];
}

describe('the public edition (KB_EDITION=public)', () => {
  it('holds no internal text anywhere: no canary, hostname, customer, person, ticket or internal entry, in any file', () => {
    const all = everything(publicSite);
    expect([...all.keys()].some((f) => /^pagefind\/fragment\/.+\.pf_fragment$/.test(f))).toBe(true);
    const forbidden = [
      'CANARY-INTERNAL',
      'corp.quillon.internal',
      'Quillfeather Outfitters',
      'Dana Whitlock',
      'Oren Castellano',
      'dana.whitlock',
      'sre-oncall-rotation',
      '김하늘',
      'OPS-CANARY-4411',
      '48213',
      'INC-2025-011',
      'billing-export-stall', // its alias: no redirect
      'vpn-gateway-restart',
      'git.example.com', // the repository's edit links
      'login-latency.md', // file names
    ];
    const found = [...all].flatMap(([file, text]) => forbidden.filter((w) => text.includes(w)).map((w) => `${file}: ${w}`));
    expect(found).toEqual([]);
  });

  it('publishes every public fact, the public title and summary, on the page and in the search index', () => {
    const facts = publicFacts();
    expect(facts.length).toBeGreaterThan(20);
    const pages = [
      publicSite.read('incidents/INC-2025-010/index.html'),
      publicSite.read('incidents/INC-2025-012/index.html'),
      publicSite.read('playbooks/session-store-warmup/index.html'),
    ].join('\n');
    expect(facts.filter((f) => !pages.includes(f))).toEqual([]);
    const index = [...everything(publicSite)].filter(([f]) => f.startsWith('pagefind/')).map(([, t]) => t);
    expect(index.join('\n')).toContain('PUBLIC-FACT-a4');
    expect(index.join('\n')).toContain('PUBLIC-FACT-k2');
    expect(pages).toContain('Slow sign-ins after a session-store failover');
  });

  it('keeps the timeline whole around the cut items, in order, and cuts an inline part from its sentence', () => {
    const page = publicSite.read('incidents/INC-2025-010/index.html');
    const times = [...page.matchAll(/<time class="kb-timeline__time"[^>]*>([^<]+)</g)].map((m) => m[1]);
    expect(times).toEqual(['09:10', '09:14', '09:45', '10:20']);
    expect(page).toMatch(/PUBLIC-FACT-a6 The cache was warmed from a snapshot and latency recovered\./);
    const api = publicSite.json<{ timeline: { text: string }[] }>('api/incidents/INC-2025-010.json');
    expect(JSON.stringify(api)).not.toContain('09:12');
  });

  it('lists only public entries: pages, API, feed, sitemap, stats, action items', () => {
    expect(publicSite.exists('incidents/INC-2025-011/index.html')).toBe(false);
    expect(publicSite.exists('playbooks/vpn-gateway-restart/index.html')).toBe(false);
    const ids = publicSite.json<{ incidents: { id: string }[] }>('api/incidents.json').incidents.map((i) => i.id);
    expect(ids.sort()).toEqual(['INC-2025-010', 'INC-2025-012']);
    expect(publicSite.read('feed.xml').match(/<item>/g)).toHaveLength(2);
    const sitemap = publicSite.read('sitemap.xml');
    expect(sitemap).toContain('/incidents/INC-2025-010/');
    expect(sitemap).not.toContain('INC-2025-011');
    // Redirects of aliases: only the public entry's.
    expect(publicSite.exists('incidents/signin-slowdown-2025/index.html')).toBe(true);
    expect(publicSite.exists('incidents/billing-export-stall/index.html')).toBe(false);
    expect(internal.exists('incidents/billing-export-stall/index.html')).toBe(true);
    const internalIds = internal.json<{ incidents: { id: string }[] }>('api/incidents.json').incidents.map((i) => i.id);
    expect(internalIds).toContain('INC-2025-011'); // the internal edition has it: the difference is the edition
    // Stats over public incidents only: the internal one's service is not counted.
    const byService = (site: BuiltSite) => {
      const html = site.read('stats/index.html');
      return html.slice(html.indexOf('data-chart="by-service"'), html.indexOf('data-chart="actions"'));
    };
    expect(byService(internal)).toContain('billing');
    expect(byService(publicSite)).not.toContain('billing');
    expect(byService(publicSite)).toContain('cdn');
    const csv = publicSite.read('action-items.csv');
    expect(csv).toContain('Platform team');
    expect(csv).not.toContain('tracker.corp.example');
  });

  it('drops links to internal entries: related, playbooks, back-links; a body link becomes its text', () => {
    const page = publicSite.read('incidents/INC-2025-010/index.html');
    expect(page).toContain('<span class="kb-unlinked">the billing write-up</span>');
    expect(page).toContain('href="/incidents/INC-2025-012/"');
    expect(page).not.toMatch(/href="[^"]*INC-2025-011/);
    const record = publicSite.json<{ related: string[]; playbooks: string[] }>('api/incidents/INC-2025-010.json');
    expect(record.related).toEqual(['INC-2025-012']);
    expect(record.playbooks).toEqual(['session-store-warmup']);
    const playbook = publicSite.read('playbooks/session-store-warmup/index.html');
    expect(playbook).toContain('href="/incidents/INC-2025-010/"');
    expect(playbook).toContain('Platform team'); // the owner, replaced
    expect(playbook).not.toContain('data-edit-link');
  });

  it('says in the build log that the leak gate ran over the internal texts', () => {
    expect(publicSite.stdout).toMatch(/nothing internal in the public edition's output \(\d+ internal texts, 2 markers; \d+ ms\)/);
  });
});

describe('the internal edition (default)', () => {
  it('publishes everything, and marks each internal block in a labelled box', () => {
    const page = internal.read('incidents/INC-2025-010/index.html');
    expect(page).toContain('CANARY-INTERNAL-7f3a-timeline-item');
    const boxes = page.match(/<div class="kb-internal" data-internal="">/g) ?? [];
    expect(boxes.length).toBe(4);
    expect(page).toMatch(
      /<span class="kb-internal kb-internal--inline" data-internal=""><span class="kb-internal__label"[^>]*>Internal — cut from the public edition<\/span>CANARY-INTERNAL-7f3a-inline/,
    );
    expect(page).toContain('<p class="kb-internal__label" data-pagefind-ignore="all">Internal — cut from the public edition</p>');
    expect(page).toContain('Login latency for Quillfeather Outfitters'); // the internal title
  });

  it('links a public entry to its public version, and says nothing on an internal one', () => {
    const page = internal.read('incidents/INC-2025-010/index.html');
    expect(page).toContain('href="https://status.example.com/kb/incidents/INC-2025-010/" data-public-version');
    expect(internal.read('playbooks/session-store-warmup/index.html')).toContain(
      'href="https://status.example.com/kb/playbooks/session-store-warmup/" data-public-version',
    );
    expect(internal.read('incidents/INC-2025-011/index.html')).not.toContain('data-edition-note');
    expect(publicSite.read('incidents/INC-2025-010/index.html')).not.toContain('data-edition-note');
  });
});

/** A copy of the fixture, changed by `edit`, built as the public edition; the build is expected to fail. */
async function failingPublicBuild(name: string, edit: (dir: string) => void): Promise<{ code: number; output: string; outDir: string }> {
  const dir = join(TMP, `${name}-content`);
  cpSync(FIXTURE, dir, { recursive: true });
  edit(dir);
  try {
    const site = await buildSite(dir, name, { KB_EDITION: 'public' });
    return { code: 0, output: site.stdout + site.stderr, outDir: site.outDir };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: `${e.stdout}\n${e.stderr}`, outDir: join(TMP, name, 'dist') };
  }
}

const replaceIn = (file: string, from: string, to: string) => {
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
};

describe('a public rebuild with the cache of the last one', () => {
  it('drops the links to entries that turned internal, though the linking file did not change', async () => {
    const dir = join(TMP, 'editions-rebuild-content');
    cpSync(FIXTURE, dir, { recursive: true });
    const env = { KB_EDITION: 'public', KB_CACHE_DIR: join(TMP, 'editions-rebuild-cache') };
    // The same output folder: Astro keeps its content store only while its config (the output folder too) is the same.
    // The first build asks for the edition with the flag instead of KB_EDITION.
    const first = await buildSite(dir, 'editions-rebuild', { KB_CACHE_DIR: env.KB_CACHE_DIR }, ['--edition', 'public']);
    expect(first.exists('incidents/INC-2025-011/index.html')).toBe(false);
    expect(first.json<{ related: string[] }>('api/incidents/INC-2025-010.json').related).toEqual(['INC-2025-012']);
    expect(first.stdout).toMatch(/Indexed 3 pages/);
    replaceIn(join(dir, 'incidents/2025-04-02-cdn-purge.md'), 'visibility: public', 'visibility: internal');
    replaceIn(join(dir, 'playbooks/session-store-warmup.md'), 'visibility: public', 'visibility: internal');
    const second = await buildSite(dir, 'editions-rebuild', env);
    const record = second.json<{ related: string[]; playbooks: string[] }>('api/incidents/INC-2025-010.json');
    expect(record.related).toEqual([]);
    expect(record.playbooks).toEqual([]);
    expect(JSON.stringify(second.json('api/incidents.json'))).not.toContain('session-store-warmup');
    expect(second.exists('incidents/INC-2025-012/index.html')).toBe(false);
    expect(second.read('incidents/INC-2025-010/index.html')).toContain('<span class="kb-unlinked">INC-2025-012</span>');
  });
});

describe('the leak gate', () => {
  it('fails a public build whose output holds a configured marker (its check rule turned off), naming output file and source', async () => {
    const r = await failingPublicBuild('editions-leak-marker', (dir) => {
      writeFileSync(join(dir, 'kb.config.yaml'), `${readFileSync(join(dir, 'kb.config.yaml'), 'utf8')}rules:\n  editions/marker: off\n`);
      replaceIn(join(dir, LOGIN), 'PUBLIC-FACT-a1 Sign-ins', 'PUBLIC-FACT-a1 Quillfeather Outfitters saw sign-ins');
    });
    expect(r.code).not.toBe(0);
    const line = r.output.split('\n').find((l) => l.includes('editions/marker: "Quillfeather Outfitters"')) ?? '';
    expect(line).toMatch(
      /editions\/marker: "Quillfeather Outfitters" from editions\.markers in kb\.config\.yaml; written in incidents\/2025-03-04-login-latency\.md:3, incidents\/2025-03-04-login-latency\.md:8, in /,
    );
    // The output files it is in, in name order: the first five, then how many more.
    expect(line).toMatch(
      /, in api\/incidents\/INC-2025-010\.json, api\/incidents\.json, api\/playbooks\/session-store-warmup\.json, feed\.xml, incidents\/INC-2025-010\/index\.html and 1 more file$/,
    );
    expect(r.output).toMatch(/build failed: 1 internal text \(public edition\) would have been published/);
    expect(r.output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m); // no stack trace
    expect(existsSync(join(r.outDir, 'index.html'))).toBe(false); // nothing left to deploy
  });

  it('fails when an internal block’s text is repeated outside it, naming the block’s file and line', async () => {
    const r = await failingPublicBuild('editions-leak-text', (dir) => {
      replaceIn(
        join(dir, LOGIN),
        'PUBLIC-FACT-b3 A standby is only ready when its cache is.',
        'PUBLIC-FACT-b3 A standby is only ready when its cache is. CANARY-INTERNAL-7f3a-nested-note: the alert went to the old pager rotation first.',
      );
    });
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(
      /editions\/leak: "CANARY-INTERNAL-7f3a-nested-note: the…" from incidents\/2025-03-04-login-latency\.md:61 \(an internal block\), in incidents\/INC-2025-010\/index\.html, pagefind\/fragment\/[^,\s]+\.pf_fragment/,
    );
    expect(r.output).toMatch(/build failed: 1 internal text \(public edition\) would have been published/);
  });

  it('lets the check stop a marker in a public field first, with file and line', async () => {
    const r = await failingPublicBuild('editions-check-marker', (dir) => {
      replaceIn(join(dir, LOGIN), 'PUBLIC-FACT-a1 Sign-ins', 'PUBLIC-FACT-a1 Quillfeather Outfitters saw sign-ins');
    });
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(
      /2025-03-04-login-latency\.md:8:\d+ +error +"Quillfeather Outfitters" \(a marker in editions\.markers\) would be published in the public edition \(in `public\.summary`\).*editions\/marker/,
    );
  });
});
