import { z } from 'astro/zod';
import { VISIBILITIES, webUrl } from './common.ts';

/** The default severity scale; a team sets its own (count, names, meanings, colours) under `severities:`. */
export const DEFAULT_SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export const INCIDENT_STATUSES = ['draft', 'review', 'published'] as const;
export const ACTION_KINDS = ['mitigate', 'prevent', 'detect', 'process'] as const;
export const ACTION_STATUSES = ['open', 'in-progress', 'done', 'wont-fix'] as const;
export const TIMELINE_MARKERS = ['start', 'detected', 'mitigated', 'resolved'] as const;
export const RULE_LEVELS = ['off', 'warn', 'error'] as const;
/** Incidents in the search page's first index (`search.recent_incidents`); see the README, "What a search downloads". */
export const RECENT_INCIDENTS = 300;

/** Frontmatter that is internal by nature, cut from every public entry unless `editions.internal_fields` says otherwise. */
export const DEFAULT_INTERNAL_FIELDS = {
  incident: ['authors', 'reviewers', 'action_items.owner', 'action_items.ticket', 'impact.users'],
  playbook: ['owner'],
};

const editionsSchema = z
  .object({
    default_visibility: z
      .enum(VISIBILITIES)
      .default('internal')
      .describe('The visibility of an incident or playbook that sets none: internal (default) or public.'),
    public_url: webUrl
      .optional()
      .describe(
        'Where the public edition is served, e.g. https://status.example.com/kb. The internal edition links each public entry to its public version there.',
      ),
    public_owner: z
      .string()
      .min(1)
      .default('the team')
      .describe('What the public edition shows instead of an internal `owner` (action items, playbooks), e.g. "SRE team" or "담당 팀".'),
    internal_fields: z
      .object({
        incident: z
          .array(z.string().regex(/^[a-z_]+(\.[a-z_]+)*$/, 'a field path like `authors` or `action_items.owner`'))
          .default(DEFAULT_INTERNAL_FIELDS.incident)
          .describe(
            'Incident fields cut from the public edition. Lists become empty, an `owner` becomes `public_owner`, the rest is removed.',
          ),
        playbook: z
          .array(z.string().regex(/^[a-z_]+(\.[a-z_]+)*$/, 'a field path like `owner`'))
          .default(DEFAULT_INTERNAL_FIELDS.playbook)
          .describe('Playbook fields cut from the public edition (`owner` becomes `public_owner`).'),
      })
      .default(DEFAULT_INTERNAL_FIELDS)
      .describe("Frontmatter that is internal by nature, by field path (`action_items.owner` is every action item's owner)."),
    markers: z
      .array(z.string().trim().min(2, 'a marker has at least 2 characters'))
      .default([])
      .describe(
        'Text that must never be published (internal hostnames and domains, customer names). A public entry that holds one outside an internal block is a check error in the public edition, and the leak gate fails a public build whose output holds one (whole words, any case).',
      ),
    leak_min_length: z
      .number()
      .int()
      .min(4)
      .default(12)
      .describe(
        'The public build fails when its output holds the text of an internal block or field; texts shorter than this many characters are not searched (a one-word owner would match ordinary prose).',
      ),
  })
  .default({
    default_visibility: 'internal',
    public_owner: 'the team',
    internal_fields: DEFAULT_INTERNAL_FIELDS,
    markers: [],
    leak_min_length: 12,
  })
  .describe('Public and internal editions built from the same content (KB_EDITION=public npm run build).');

const severityMeaning = z.object({
  en: z.string().describe('What the level means, in English.'),
  ko: z.string().optional().describe('What the level means, in Korean (default: the English text).'),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?$/, 'use a hex colour like "#b3261e"')
    .optional()
    .describe('Badge colour, e.g. "#b3261e" (default: the site palette, worst level red).'),
});

/** The project configuration, read from `kb.config.yaml` in the content root. */
export const configSchema = z
  .object({
    site: z
      .object({
        title: z.string().default('Incident Knowledge Base').describe('Site title shown in the header.'),
        lang: z.enum(['en', 'ko']).default('en').describe('UI language of the site; also sets <html lang>.'),
        base_url: webUrl
          .default('https://incidents.example.com')
          .describe('Absolute URL the site is served from; used for the feed and the sitemap.'),
        repo_edit_url: webUrl
          .optional()
          .describe('Prefix for "edit this file" links, e.g. https://github.com/acme/kb/edit/main/. The content file path is appended.'),
        include_drafts: z
          .boolean()
          .default(false)
          .describe('Publish draft incidents in production builds (KB_INCLUDE_DRAFTS=1 does the same).'),
      })
      .default({
        title: 'Incident Knowledge Base',
        lang: 'en',
        base_url: 'https://incidents.example.com',
        include_drafts: false,
      })
      .describe('Site settings.'),
    severities: z
      .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,15}$/, 'a level name starts with a letter, e.g. SEV1 or P2'), severityMeaning)
      .refine((levels) => Object.keys(levels).length >= 1, 'name at least one severity level')
      .default({
        SEV1: {
          en: 'Critical: a core service is down or data is lost for many users.',
          ko: '치명적: 핵심 서비스 중단 또는 다수 사용자의 데이터 손실.',
        },
        SEV2: {
          en: 'Major: significant degradation or a key feature unavailable.',
          ko: '중대: 상당한 성능 저하 또는 주요 기능 사용 불가.',
        },
        SEV3: { en: 'Minor: limited impact, a workaround exists.', ko: '경미: 영향이 제한적이며 우회 방법이 있음.' },
        SEV4: { en: 'Low: no customer impact; worth learning from.', ko: '낮음: 고객 영향 없음, 학습 가치가 있음.' },
      })
      .describe('The severity levels, worst first, with what each means (English, Korean) and an optional badge colour.'),
    default_severity: z
      .string()
      .optional()
      .describe('The level new incidents and imports get when none is given (default: the middle of the scale).'),
    root_cause_categories: z
      .array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lowercase-kebab-case'))
      .min(1)
      .default(['config', 'code', 'capacity', 'dependency', 'infrastructure', 'human-process', 'security', 'unknown'])
      .describe('The root-cause taxonomy: allowed values of root_cause.category.'),
    playbook_stale_days: z
      .number()
      .int()
      .positive()
      .default(365)
      .describe('A playbook whose last_reviewed is older than this many days is shown as stale.'),
    recurring: z
      .object({
        window_days: z.number().int().positive().default(90).describe('Days within which repeats count together.'),
        min_incidents: z.number().int().min(2).default(3).describe('Incidents within the window that make a problem recurring.'),
      })
      .default({ window_days: 90, min_incidents: 3 })
      .describe('When a playbook or an error string counts as recurring on the stats page.'),
    search: z
      .object({
        recent_incidents: z
          .number()
          .int()
          .min(0)
          .default(RECENT_INCIDENTS)
          .describe(
            'How many of the newest incidents the search page searches at once, with every playbook. Older incidents go in a second index that the page searches when the reader asks (one click), when a search finds nothing, and for listings, date orders and old years. Keeps the first search small on a large site. 0: one index of everything.',
          ),
      })
      .default({ recent_incidents: RECENT_INCIDENTS })
      .describe('The search index.'),
    rules: z
      .record(z.string(), z.enum(RULE_LEVELS))
      .default({})
      .describe('Per-rule level overrides for `npm run check`: off, warn or error, keyed by rule id.'),
    blameless_phrases: z
      .array(z.string())
      .default([
        'human error',
        'operator error',
        "'s fault",
        'fault of',
        'should have known',
        'careless',
        'negligence',
        '휴먼 에러',
        '인적 오류',
        '사람의 실수',
        '실수로',
        '의 잘못',
        '탓',
        '부주의',
      ])
      .describe('Wording that blames people; `npm run check` warns when it appears.'),
    vague_action_phrases: z
      .array(z.string())
      .default(['investigate', 'look into', 'be more careful', 'monitor closely', 'consider', '검토', '조사', '주의', '살펴보기'])
      .describe('Wording that makes an action item vague; `npm run check` warns when a title contains it.'),
    content: z
      .object({
        mdx_code: z
          .enum(['deny', 'allow'])
          .default('deny')
          .describe(
            'deny (default): an .mdx file may not import, export or evaluate JavaScript (check error), so no content file runs code in the build. allow: trust MDX authors with code.',
          ),
        raw_html: z
          .enum(['sanitize', 'allow'])
          .default('sanitize')
          .describe(
            'sanitize (default): raw HTML in markdown keeps only safe elements and attributes (GitHub-like). allow: publish raw HTML as written, scripts included.',
          ),
      })
      .default({ mdx_code: 'deny', raw_html: 'sanitize' })
      .describe('What content may do: run code (MDX) and publish raw HTML.'),
    secrets_allow: z
      .array(z.string().regex(/^[0-9a-f]{12}$/, 'a 12-character fingerprint as `npm run check` prints it'))
      .default([])
      .describe(
        'Fingerprints of reviewed false positives of the secrets/* rules (printed with each finding). kb-ignore comments cannot silence a secret; only this list can.',
      ),
    editions: editionsSchema,
    pii_allow: z
      .array(z.string())
      .default([])
      .describe('Values `npm run check` never reports as personal data: exact strings, or /regex/ (e.g. your public status-page IP).'),
  })
  .describe('Incident knowledge base configuration (kb.config.yaml).');

export type KbConfig = z.infer<typeof configSchema>;

/** The configured severity levels, worst first. */
export function severityLevels(config: Pick<KbConfig, 'severities'>): string[] {
  return Object.keys(config.severities);
}

/** The level used when none is given: `default_severity`, or the middle of the scale (SEV3 of SEV1–SEV4). */
export function defaultSeverity(config: Pick<KbConfig, 'severities' | 'default_severity'>): string {
  const levels = severityLevels(config);
  return config.default_severity && levels.includes(config.default_severity)
    ? config.default_severity
    : levels[Math.floor(levels.length / 2)];
}

/** The level at a rank on a 1–4 scale as sources write it (SEV2, P2, "major"), mapped onto the configured scale. */
export function severityAtRank(config: Pick<KbConfig, 'severities'>, rank: number): string {
  const levels = severityLevels(config);
  return levels[Math.min(Math.max(0, rank), levels.length - 1)];
}
