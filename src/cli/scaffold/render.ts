/**
 * The files the scaffolders write. Pure: everything the template needs comes
 * in as arguments, so tests and `--dry-run` see exactly what would be written.
 */
import { FrontmatterWriter } from '../../core/frontmatter/write.ts';
import { INCIDENT_SECTIONS, PLAYBOOK_SECTIONS, headingFor, type SectionDef } from '../../core/markdown/sections.ts';

export type HeadingLang = 'en' | 'ko' | 'bilingual';
export type FileFormat = 'md' | 'mdx';
export const HEADING_LANGS: readonly HeadingLang[] = ['en', 'ko', 'bilingual'];
export const FILE_FORMATS: readonly FileFormat[] = ['md', 'mdx'];

// A comment that renders nothing: a JS block comment in braces in MDX (HTML
// comments are a syntax error there), `<!-- -->` in markdown.
export function comment(text: string, format: FileFormat): string {
  return format === 'mdx' ? `{/* ${text.replace(/\*\//g, '* /')} */}` : `<!-- ${text.replace(/--+>?/g, '-')} -->`;
}

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
  const started = JSON.stringify(i.started);
  const fm = new FrontmatterWriter()
    .set('id', i.id)
    .set('title', i.title)
    .set('summary', text.summary)
    .set('aliases', [])
    .set('status', 'draft', { comment: 'draft → review → published' })
    .set('severity', i.severity, { comment: i.severityMeaning?.replace(/\s+/g, ' ') })
    .set('authors', i.authors)
    .set('reviewers', [])
    .set('timezone', i.timezone)
    .set('started', i.started)
    .comment(
      [
        `detected: ${started} # when it was noticed; time to detect is derived from it`,
        `mitigated: ${started} # when the impact stopped`,
        `resolved: ${started} # when it was fully resolved`,
      ].join('\n'),
    )
    .set('services', i.services)
    .set('impact', { description: '' })
    .set('tags', i.tags)
    .set('root_cause', { category, contributing_factors: [] })
    .comment('trigger: "the event that set it off"')
    .set('lessons', { went_well: [], went_wrong: [], got_lucky: [] })
    .set('action_items', [])
    .comment(
      [
        'One entry per follow-up, for example:',
        'action_items:',
        '  - title: "Alert when checkout p99 latency is above 1 s for 2 minutes"',
        '    kind: detect # mitigate | prevent | detect | process',
        '    owner: "sre-team"',
        '    status: open # open | in-progress | done | wont-fix',
        `    due: "${exampleDue(i.started)}"`,
        '    ticket: "https://tracker.example.com/OPS-123"',
      ].join('\n'),
    )
    .set('playbooks', i.playbooks)
    .set('playbooks_missing', [], { comment: '- { playbook: <id, optional>, note: "what was missing or wrong" }' })
    .set('related', [], { comment: 'other incident ids, e.g. INC-2019-001' })
    .note(['impact', 'description'], 'who was affected and how; add users: and requests: counts when known')
    .note(['root_cause', 'category'], `one of: ${i.rootCauseCategories.join(', ')}`);
  const body = INCIDENT_SECTIONS.map((def) =>
    def.id === 'timeline'
      ? sectionBlock(def, i.lang, i.format, [`- \`${hhmm}\` [start] ${text.start}`, `- \`${hhmm}\` [detected] ${text.detected}`])
      : sectionBlock(def, i.lang, i.format),
  );
  return `${fm}\n${body.join('\n')}`;
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
  const fm = new FrontmatterWriter()
    .set('id', p.id)
    .set('title', p.title)
    .set('summary', summary)
    .set('aliases', [])
    .set('symptoms', p.symptoms, { before: 'The exact error strings and alert names; search weighs them highest.', block: true })
    .set('platforms', p.platforms)
    .set('services', p.services)
    .set('tags', p.tags)
    .set('owner', p.owner)
    .set('last_reviewed', p.lastReviewed);
  return `${fm}\n${PLAYBOOK_SECTIONS.map((def) => sectionBlock(def, p.lang, p.format)).join('\n')}`;
}
