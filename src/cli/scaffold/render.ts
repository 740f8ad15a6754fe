/**
 * The files the scaffolders write. Pure: everything the template needs comes
 * in as arguments, so tests and `--dry-run` see exactly what would be written.
 */
import { INCIDENT_SECTIONS, PLAYBOOK_SECTIONS, headingFor, type SectionDef } from '../../core/markdown/sections.ts';

export type HeadingLang = 'en' | 'ko' | 'bilingual';
export type FileFormat = 'md' | 'mdx';
export const HEADING_LANGS: readonly HeadingLang[] = ['en', 'ko', 'bilingual'];
export const FILE_FORMATS: readonly FileFormat[] = ['mdx', 'md'];

// A comment that renders nothing: a JS block comment in braces in MDX (HTML
// comments are a syntax error there), `<!-- -->` in markdown.
export function comment(text: string, format: FileFormat): string {
  return format === 'mdx' ? `{/* ${text.replace(/\*\//g, '* /')} */}` : `<!-- ${text.replace(/--+>?/g, '-')} -->`;
}

/** A YAML scalar that survives any title: JSON strings are valid YAML double-quoted scalars. */
const q = (s: string) => JSON.stringify(s);
const list = (items: readonly string[]) => `[${items.map(q).join(', ')}]`;

function sectionBlock(def: SectionDef, lang: HeadingLang, format: FileFormat, extra: string[] = []): string {
  return [`## ${headingFor(def, lang)}`, '', comment(def.guidance, format), ...(extra.length ? ['', ...extra] : []), ''].join('\n');
}

export interface IncidentTemplateInput {
  id: string;
  title: string;
  severity: string;
  /** What the severity means, shown as a comment next to it. */
  severityMeaning?: string;
  authors: string[];
  timezone: string;
  /** `YYYY-MM-DDTHH:MM`, local to `timezone`. */
  started: string;
  services: string[];
  tags: string[];
  playbooks: string[];
  rootCauseCategories: string[];
  lang: HeadingLang;
  format: FileFormat;
}

const TEXT = {
  en: {
    summary: 'TODO: one paragraph: what happened, who was affected, and how it ended.',
    start: 'TODO: what set it off (a deploy, a config change, a traffic spike).',
    detected: 'TODO: how it was noticed (which alert, which report); correct the time.',
  },
  ko: {
    summary: 'TODO: 무슨 일이 있었고, 누가 영향을 받았고, 어떻게 끝났는지 한 문단으로 적습니다.',
    start: 'TODO: 무엇이 발단이었는지 (배포, 설정 변경, 트래픽 급증 등).',
    detected: 'TODO: 어떻게 알게 되었는지 (어떤 알림, 어떤 제보); 시각을 바로잡으세요.',
  },
};

/** A two-week due date for the commented action-item example. */
function exampleDue(started: string): string {
  const d = new Date(`${started.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 14);
  return d.toISOString().slice(0, 10);
}

export function renderIncident(i: IncidentTemplateInput): string {
  const text = i.lang === 'en' ? TEXT.en : TEXT.ko;
  const category = i.rootCauseCategories.includes('unknown') ? 'unknown' : i.rootCauseCategories[i.rootCauseCategories.length - 1];
  const hhmm = i.started.slice(11, 16);
  const fm = [
    '---',
    `id: ${i.id}`,
    `title: ${q(i.title)}`,
    `summary: ${q(text.summary)}`,
    'aliases: []',
    'status: draft # draft → review → published',
    `severity: ${i.severity}${i.severityMeaning ? ` # ${i.severityMeaning.replace(/\s+/g, ' ')}` : ''}`,
    `authors: ${list(i.authors)}`,
    'reviewers: []',
    `timezone: ${i.timezone}`,
    `started: ${q(i.started)}`,
    `# detected: ${q(i.started)} # when it was noticed; time to detect is derived from it`,
    `# mitigated: ${q(i.started)} # when the impact stopped`,
    `# resolved: ${q(i.started)} # when it was fully resolved`,
    `services: ${list(i.services)}`,
    'impact:',
    '  description: "" # who was affected and how; add users: and requests: counts when known',
    `tags: ${list(i.tags)}`,
    'root_cause:',
    `  category: ${category} # one of: ${i.rootCauseCategories.join(', ')}`,
    '  contributing_factors: []',
    '# trigger: "the event that set it off"',
    'lessons:',
    '  went_well: []',
    '  went_wrong: []',
    '  got_lucky: []',
    'action_items: []',
    '# One entry per follow-up, for example:',
    '# action_items:',
    '#   - title: "Alert when checkout p99 latency is above 1 s for 2 minutes"',
    '#     kind: detect # mitigate | prevent | detect | process',
    '#     owner: "sre-team"',
    '#     status: open # open | in-progress | done | wont-fix',
    `#     due: "${exampleDue(i.started)}"`,
    '#     ticket: "https://tracker.example.com/OPS-123"',
    `playbooks: ${list(i.playbooks)}`,
    'playbooks_missing: [] # - { playbook: <id, optional>, note: "what was missing or wrong" }',
    'related: [] # other incident ids, e.g. INC-2019-001',
    '---',
    '',
  ];
  const body = INCIDENT_SECTIONS.map((def) =>
    def.id === 'timeline'
      ? sectionBlock(def, i.lang, i.format, [`- \`${hhmm}\` [start] ${text.start}`, `- \`${hhmm}\` [detected] ${text.detected}`])
      : sectionBlock(def, i.lang, i.format),
  );
  return `${fm.join('\n')}\n${body.join('\n')}`;
}

export interface PlaybookTemplateInput {
  id: string;
  title: string;
  symptoms: string[];
  owner: string;
  platforms: string[];
  services: string[];
  tags: string[];
  /** `YYYY-MM-DD`. */
  lastReviewed: string;
  lang: HeadingLang;
  format: FileFormat;
}

export function renderPlaybook(p: PlaybookTemplateInput): string {
  const summary =
    p.lang === 'en'
      ? 'TODO: one paragraph: when to use this playbook and what it covers.'
      : 'TODO: 이 플레이북을 언제 쓰고 무엇을 다루는지 한 문단으로 적습니다.';
  const fm = [
    '---',
    `id: ${p.id}`,
    `title: ${q(p.title)}`,
    `summary: ${q(summary)}`,
    'aliases: []',
    '# The exact error strings and alert names; search weighs them highest.',
    'symptoms:',
    ...p.symptoms.map((s) => `  - ${q(s)}`),
    `platforms: ${list(p.platforms)}`,
    `services: ${list(p.services)}`,
    `tags: ${list(p.tags)}`,
    `owner: ${q(p.owner)}`,
    `last_reviewed: ${q(p.lastReviewed)}`,
    '---',
    '',
  ];
  return `${fm.join('\n')}\n${PLAYBOOK_SECTIONS.map((def) => sectionBlock(def, p.lang, p.format)).join('\n')}`;
}
