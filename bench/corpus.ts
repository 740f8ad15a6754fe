/**
 * A deterministic synthetic corpus for `npm run bench`: N incidents (half
 * Korean, half English) and M playbooks in the real file format, so the
 * benchmark exercises the same parser, plugins and pages as real content.
 * Pure: `generateCorpus` returns the files; `writeCorpus` puts them on disk.
 */
import { FrontmatterWriter } from '../src/core/frontmatter/write.ts';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { headingFor, INCIDENT_SECTIONS, PLAYBOOK_SECTIONS, type SectionDef } from '../src/core/markdown/sections.ts';
import { slugify } from '../src/core/slug.ts';
import { createRng, type Rng } from './prng.ts';
import {
  ACTIONS,
  EXTRA_SERVICES,
  EXTRA_TAGS,
  INVESTIGATION,
  PEOPLE,
  PROSE,
  REGIONS,
  TEAMS,
  THEMES,
  TIMEZONES,
  VERIFICATION,
  WHYS,
  type Bilingual,
  type Theme,
} from './taxonomy.ts';

export interface CorpusOptions {
  incidents: number;
  /** Default: `defaultPlaybookCount(incidents)`. */
  playbooks?: number;
  seed?: number;
}

export interface CorpusFile {
  /** Relative to the content root, forward slashes. */
  path: string;
  text: string;
}

export interface Corpus {
  seed: number;
  incidents: number;
  playbooks: number;
  files: CorpusFile[];
}

type Lang = 'en' | 'ko';

/** Playbooks grow slower than incidents: a team reuses the same few dozen. */
export function defaultPlaybookCount(incidents: number): number {
  return Math.max(THEMES.length, Math.min(400, Math.round(incidents / 25)));
}

const FIRST_YEAR = 2016;
const YEARS = 10;
const DAY_MS = 86_400_000;
const VARIANTS = ['kubernetes', 'aws', 'gcp', 'on-prem', 'staging', 'windows', 'legacy', 'batch', 'edge', 'mobile'];
const STATUS_WEIGHTS = [0.05, 0.3, 0.65]; // draft, review, published
const STATUSES = ['draft', 'review', 'published'] as const;
const SEVERITY_WEIGHTS = [0.05, 0.2, 0.45, 0.3];
const KINDS = ['mitigate', 'prevent', 'detect', 'process'] as const;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const isoDate = (epoch: number) => new Date(epoch).toISOString().slice(0, 10);
const clock = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

interface Slots {
  [key: string]: string;
}

function fill(template: string, slots: Slots): string {
  return template.replace(/\{([a-z0-9]+)\}/g, (m, key: string) => slots[key] ?? m);
}

interface PlaybookPlan {
  id: string;
  theme: Theme;
  lang: Lang;
  variant?: string;
}

function planPlaybooks(rng: Rng, count: number): PlaybookPlan[] {
  const plans: PlaybookPlan[] = [];
  for (let i = 0; i < count; i++) {
    const theme = THEMES[i % THEMES.length];
    const round = Math.floor(i / THEMES.length);
    const variant = round === 0 ? undefined : (VARIANTS[round - 1] ?? `v${round + 1}`);
    plans.push({ id: variant ? `${theme.key}-${variant}` : theme.key, theme, lang: rng.chance(0.5) ? 'ko' : 'en', variant });
  }
  return plans;
}

function renderPlaybook(rng: Rng, plan: PlaybookPlan): string {
  const { theme, lang, variant } = plan;
  const slots: Slots = {
    svc: theme.services[0],
    svc2: theme.services[1] ?? theme.services[0],
    n: String(rng.int(1, 9)),
    d: String(rng.int(1, 9)),
    ip: '10.0.45.159',
    host: 'ip-10-0-1-161',
    region: 'ap-northeast-2',
    date: '2024-03-05',
    ver: 'v2.14.0',
    pct: '4',
    sym: theme.symptoms[0],
  };
  const title = theme.title[lang] + (variant ? ` (${variant})` : '');
  const summary =
    lang === 'ko'
      ? `${theme.title.ko} 증상이 보일 때 쓰는 절차. 먼저 영향 범위를 확인하고, 진단 단계의 명령으로 원인을 좁힌 뒤 해결 방법을 적용한다.`
      : `Use this when you see ${theme.symptoms.map((s) => `"${s}"`).join(' or ')}. Confirm the scope first, narrow the cause with the diagnosis commands, then apply the matching fix.`;
  const month = rng.int(1, 10);
  const fm = new FrontmatterWriter()
    .set('id', plan.id)
    .set('title', title)
    .set('summary', summary)
    .set('aliases', [])
    .set('symptoms', theme.symptoms, { block: true })
    .set('platforms', variant ? [...theme.platforms, variant] : theme.platforms)
    .set('services', theme.services)
    .set('tags', theme.tags)
    .set('owner', rng.pick(TEAMS))
    .set('last_reviewed', `2026-${pad(month)}-${pad(rng.int(1, 28))}`);
  const h = (id: string) => headingFor(PLAYBOOK_SECTIONS.find((s) => s.id === id) as SectionDef, lang);
  const body: string[] = [];
  body.push(
    `## ${h('symptoms')}`,
    '',
    lang === 'ko' ? '다음과 같은 메시지나 알림이 보인다:' : 'Responders see messages or alerts like these:',
    '',
    '```text',
    ...theme.symptoms,
    '```',
    '',
  );
  body.push(`## ${h('causes')}`, '');
  for (const c of theme.causes) {
    body.push(
      `### ${c[lang]}`,
      '',
      lang === 'ko'
        ? `${slots.svc}에서 가장 흔한 원인 중 하나다. 진단 단계로 확인한다.`
        : `One of the most common causes on ${slots.svc}. Confirm it with the diagnosis steps.`,
      '',
    );
  }
  body.push(`## ${h('diagnosis')}`, '');
  for (const s of theme.diagnosis) body.push(`### ${s[lang]}`, '', '```bash', fill(s.cmd, slots), '```', '');
  body.push(`## ${h('fixes')}`, '');
  for (const s of theme.fixes) {
    body.push(
      `### ${s[lang]}`,
      '',
      lang === 'ko' ? '영향을 먼저 멈추고, 원인은 그다음에 고친다.' : 'Stop the impact first; fix the cause afterwards.',
      '',
      '```bash',
      fill(s.cmd, slots),
      '```',
      '',
    );
  }
  body.push(`## ${h('prevention')}`, '', ...ACTIONS.slice(0, 3).map((a) => `- ${fill(a[lang], slots)}`), '');
  body.push(`## ${h('references')}`, '', `- https://runbooks.example.com/${plan.id}`, '');
  return `${fm}${body.join('\n')}`;
}

interface IncidentPlan {
  id: string;
  day: number;
  lang: Lang;
  status: (typeof STATUSES)[number];
  playbooks: PlaybookPlan[];
  fileStem: string;
}

function renderIncident(rng: Rng, plan: IncidentPlan, related: string[], seq: number): { text: string; title: string } {
  const { lang, playbooks } = plan;
  const theme = playbooks[0].theme;
  const L = (b: Bilingual) => b[lang];
  const svc = rng.pick(theme.services);
  const svc2 = rng.pick([...theme.services, ...EXTRA_SERVICES].filter((s) => s !== svc));
  const date = isoDate(plan.day);
  const tz = rng.pick(TIMEZONES[lang]);
  // 06:00–17:00 local and over the same day: clear of daylight-saving gaps and repeats (01:00–03:00).
  const start = rng.int(6 * 60, 17 * 60);
  const detected = start + rng.int(1, 30);
  const mitigated = detected + rng.int(5, 120);
  const resolved = mitigated + rng.int(0, 90);
  const slots: Slots = {
    svc,
    svc2,
    sym: rng.pick(theme.symptoms),
    region: rng.pick(REGIONS),
    host: `ip-10-0-${rng.int(1, 254)}-${rng.int(1, 254)}`,
    ip: `10.0.${rng.int(1, 254)}.${rng.int(1, 254)}`,
    n: String(rng.int(2, 9)),
    d: String(rng.int(1, 9)),
    pct: String(rng.int(2, 60)),
    ver: `v${rng.int(1, 9)}.${rng.int(0, 30)}.${rng.int(0, 9)}`,
    mins: String(mitigated - start),
    late: String(detected - start),
    users: String(rng.int(10, 90_000)),
    requests: String(rng.int(1_000, 5_000_000)),
    start: clock(start),
    end: clock(mitigated),
    tz,
    date,
  };
  const F = (b: Bilingual) => fill(L(b), slots);
  const title = F(rng.pick(theme.incidentTitles));
  slots.trigger = F(theme.trigger);

  // Frontmatter
  const people = rng.sample(PEOPLE, 4);
  const reviewers =
    plan.status === 'published' ? people.slice(2, 2 + rng.int(1, 2)) : plan.status === 'review' ? people.slice(2, 2 + rng.int(0, 1)) : [];
  const services = [...new Set([svc, svc2])];
  const tags = [...new Set([...rng.sample(theme.tags, rng.int(1, theme.tags.length)), ...rng.sample(EXTRA_TAGS, rng.int(0, 2))])];
  const factors = rng.sample(PROSE.factors, rng.int(1, 3)).map(F);
  const actions = rng.sample(ACTIONS, rng.int(2, 4)).map((a, i) => ({
    title: F(a),
    kind: rng.pick(KINDS),
    owner: rng.pick(TEAMS),
    status:
      plan.day < Date.UTC(FIRST_YEAR + YEARS - 1, 0, 1)
        ? rng.pick(['done', 'done', 'wont-fix'])
        : rng.pick(['open', 'in-progress', 'done']),
    due: isoDate(plan.day + rng.int(7, 60) * DAY_MS),
    ticket: `https://tracker.example.com/OPS-${seq * 5 + i + 100}`,
  }));
  // Built field by field in the generator's order: each rng call below draws from one seeded stream.
  const summary = F(rng.pick(PROSE.overview));
  const aliases = rng.chance(0.3) ? [plan.fileStem] : [];
  const severity = `SEV${rng.weighted(SEVERITY_WEIGHTS) + 1}`;
  const authors = people.slice(0, rng.int(1, 2));
  const impactText = F(rng.pick(PROSE.impact));
  const withRequests = rng.chance(0.5);
  const wentWell = rng.sample(PROSE.wentWell, rng.int(1, 2)).map((x) => F(x));
  const wentWrong = rng.sample(PROSE.wentWrong, 1).map((x) => F(x));
  const gotLucky = rng.chance(0.4) ? [F(PROSE.gotLucky[0])] : [];
  const missing = rng.chance(0.08)
    ? [{ note: lang === 'ko' ? `${svc2} 포화 상태를 확인하는 절차가 없었음.` : `No playbook covered ${svc2} saturation.` }]
    : [];
  const fm = new FrontmatterWriter()
    .set('id', plan.id)
    .set('title', title)
    .set('summary', summary)
    .set('aliases', aliases)
    .set('status', plan.status)
    .set('severity', severity)
    .set('authors', authors)
    .set('reviewers', reviewers)
    .set('timezone', tz)
    .set('started', `${date}T${clock(start)}`)
    .set('detected', `${date}T${clock(detected)}`)
    .set('mitigated', `${date}T${clock(mitigated)}`)
    .set('resolved', `${date}T${clock(resolved)}`)
    .set('services', services)
    .set('impact', { description: impactText, users: Number(slots.users), ...(withRequests ? { requests: Number(slots.requests) } : {}) })
    .set('tags', tags)
    .set('root_cause', { category: theme.category, contributing_factors: factors })
    .set('trigger', slots.trigger)
    .set('lessons', { went_well: wentWell, went_wrong: wentWrong, got_lucky: gotLucky })
    .set(
      'action_items',
      actions.map((a) => ({ title: a.title, kind: a.kind, owner: a.owner, status: a.status, due: a.due, ticket: a.ticket })),
    )
    .set(
      'playbooks',
      playbooks.map((p) => p.id),
    )
    .set('playbooks_missing', missing)
    .set('related', related);

  // Body
  const style = lang === 'ko' ? rng.pick(['ko', 'bilingual', 'numbered'] as const) : rng.pick(['en', 'en', 'numbered'] as const);
  const defs = new Map(INCIDENT_SECTIONS.map((s) => [s.id, s]));
  let num = 0;
  const heading = (id: string) => {
    const def = defs.get(id) as SectionDef;
    num++;
    if (style === 'numbered') return `## ${num}. ${headingFor(def, lang)}`;
    return `## ${headingFor(def, style === 'bilingual' ? 'bilingual' : lang)}`;
  };
  const codeBlock = (indent: string) => {
    const lines = rng.sample(theme.log, rng.int(2, Math.min(5, theme.log.length)));
    return ['', `${indent}\`\`\`${theme.logLang}`, ...lines.map((l) => indent + fill(l, slots)), `${indent}\`\`\``];
  };
  // A draft may still hold the scaffold's placeholders.
  const placeholder = (id: string) => plan.status === 'draft' && ['discussion', 'monitoring', 'lessons'].includes(id) && rng.chance(0.5);
  const body: string[] = [];
  const section = (id: string, content: () => string[]) => body.push(heading(id), '', ...(placeholder(id) ? ['- -'] : content()), '');

  section('summary', () => [F(rng.pick(PROSE.overview))]);
  section('impact', () => [F(rng.pick(PROSE.impact))]);
  section('timeline', () => {
    const total = rng.int(5, 15);
    const verify = Math.min(rng.int(0, 2), total - 4);
    const investigate = total - 4 - verify;
    const between = (a: number, b: number, k: number) => Array.from({ length: k }, () => rng.int(a, b)).sort((x, y) => x - y);
    const steps = rng.sample(INVESTIGATION, investigate);
    const events: { t: number; marker?: string; text: string; untimed?: boolean; full?: boolean }[] = [
      { t: start, marker: 'start', text: F(theme.trigger) },
      { t: detected, marker: 'detected', text: lang === 'ko' ? `${slots.sym} 알림이 울림.` : `Alert fired: ${slots.sym}.` },
      ...between(detected, mitigated, investigate).map((t, i) => ({
        t,
        text: F(steps[i % steps.length]),
        untimed: i > 0 && rng.chance(0.1),
      })),
      { t: mitigated, marker: 'mitigated', text: F(rng.pick(PROSE.immediate)) },
      ...between(mitigated, resolved, verify).map((t) => ({ t, text: F(rng.pick(VERIFICATION)) })),
      {
        t: resolved,
        marker: 'resolved',
        text: lang === 'ko' ? `${svc} 정상화를 확인하고 장애를 종료함.` : `${svc} confirmed healthy; incident closed.`,
        full: rng.chance(0.1),
      },
    ];
    const out: string[] = [];
    for (const e of events) {
      const time = e.untimed ? '' : `\`${e.full ? `${date} ${clock(e.t)}` : clock(e.t)}\` `;
      out.push(`- ${time}${e.marker ? `[${e.marker}] ` : ''}${e.text}`);
      if (rng.chance(0.4)) out.push(...codeBlock('  '));
      out.push('');
    }
    return out.slice(0, -1);
  });
  section('immediate-action', () => {
    const fix = rng.pick(theme.fixes);
    return [...rng.sample(PROSE.immediate, rng.int(2, 3)).map((s) => `- ${F(s)}`), '', '```bash', fill(fix.cmd, slots), '```'];
  });
  section('root-cause', () => [F(rng.pick(PROSE.rootCause))]);
  section('five-whys', () => {
    const count = rng.int(3, 5);
    return WHYS.slice(0, count).map((w, i) => `${i + 1}. ${F(w.q)} — ${F(w.a)}`);
  });
  section('discussion', () => [F(rng.pick(PROSE.discussion))]);
  section('lessons', () => [F(rng.pick(PROSE.lessons))]);
  section('action-items', () => [F(rng.pick(PROSE.actions))]);
  section('monitoring', () => [F(rng.pick(PROSE.monitoring))]);
  if (rng.chance(0.2)) {
    section('additional-notes', () => [
      lang === 'ko'
        ? `- 관련 플레이북: [${playbooks[0].id}](/playbooks/${playbooks[0].id}/)`
        : `- Playbook used: [${playbooks[0].id}](/playbooks/${playbooks[0].id}/)`,
    ]);
  }
  return { text: `${fm}\n${body.join('\n')}`, title };
}

/** The corpus for a size and seed: the same options always give the same bytes. */
export function generateCorpus(options: CorpusOptions): Corpus {
  const seed = options.seed ?? 1;
  const n = options.incidents;
  const m = options.playbooks ?? defaultPlaybookCount(n);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`incidents must be a whole number ≥ 0, got ${n}`);
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`playbooks must be a whole number ≥ 1, got ${m}`);
  const rng = createRng(seed);
  const files: CorpusFile[] = [
    {
      path: 'kb.config.yaml',
      text: `# Synthetic corpus for npm run bench (seed ${seed}, ${n} incidents, ${m} playbooks).\nsite:\n  title: Bench corpus\n  lang: ko\n  base_url: https://incidents.example.com\n`,
    },
  ];

  const playbooks = planPlaybooks(rng, m);
  for (const p of playbooks) files.push({ path: `playbooks/${p.id}.md`, text: renderPlaybook(rng, p) });

  // Popular playbooks get most links (a Zipf-like tail), as in real knowledge bases.
  const weights = playbooks.map((_, i) => 1 / (i + 1) ** 0.8);
  const start = Date.UTC(FIRST_YEAR, 0, 1);
  const days = Array.from({ length: n }, () => start + Math.floor(rng.next() * YEARS * 365) * DAY_MS).sort((a, b) => a - b);
  const perYear = new Map<number, number>();
  const byTheme = new Map<string, string[]>();
  const usedStems = new Set<string>();
  for (let i = 0; i < n; i++) {
    const day = days[i];
    const year = new Date(day).getUTCFullYear();
    const seq = (perYear.get(year) ?? 0) + 1;
    perYear.set(year, seq);
    const id = `INC-${year}-${pad(seq, 3)}`;
    const lang: Lang = i % 2 === 0 ? 'ko' : 'en';
    const status = STATUSES[rng.weighted(STATUS_WEIGHTS)];
    const primary = playbooks[rng.weighted(weights)];
    const extra = rng.sample(
      playbooks.filter((p) => p !== primary),
      rng.weighted([0.5, 0.35, 0.15]),
    );
    const earlier = byTheme.get(primary.theme.key) ?? [];
    const related = earlier.length && rng.chance(0.15) ? rng.sample(earlier.slice(-20), rng.int(1, 2)) : [];
    // Title first (it names the file), so draw it from a child RNG to keep the main stream stable.
    const plan: IncidentPlan = { id, day, lang, status, playbooks: [primary, ...extra], fileStem: '' };
    const childSeed = Math.floor(rng.next() * 2 ** 32);
    const { title } = renderIncident(createRng(childSeed), plan, related, i);
    let stem = `${isoDate(day)}-${slugify(title, { maxLength: 50 })}`;
    for (let k = 2; usedStems.has(stem); k++) stem = `${isoDate(day)}-${slugify(title, { maxLength: 50 })}-${k}`;
    usedStems.add(stem);
    plan.fileStem = stem;
    const { text } = renderIncident(createRng(childSeed), plan, related, i);
    files.push({ path: `incidents/${stem}.md`, text });
    if (status !== 'draft') byTheme.set(primary.theme.key, [...earlier, id]);
  }
  return { seed, incidents: n, playbooks: m, files };
}

/** Write the corpus under `root` (which should be empty or absent). */
export async function writeCorpus(root: string, corpus: Corpus): Promise<void> {
  const dirs = new Set(corpus.files.map((f) => dirname(join(root, f.path))));
  for (const d of dirs) await mkdir(d, { recursive: true });
  const queue = [...corpus.files];
  // A bounded number of writes in flight: 10,000 at once only thrashes the disk.
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      for (let f = queue.pop(); f; f = queue.pop()) await writeFile(join(root, f.path), f.text);
    }),
  );
}

export function corpusBytes(corpus: Corpus): number {
  return corpus.files.reduce((s, f) => s + Buffer.byteLength(f.text), 0);
}
