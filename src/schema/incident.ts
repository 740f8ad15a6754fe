import { z } from 'astro/zod';
import { ACTION_KINDS, ACTION_STATUSES, DEFAULT_SEVERITIES, INCIDENT_STATUSES, type KbConfig, severityLevels } from './config.ts';
import {
  aliasName,
  dateString,
  instantString,
  nonEmpty,
  publicOverrideField,
  sectionSummarySchema,
  ticketUrl,
  timeZoneName,
  visibilityField,
} from './common.ts';

/** `INC-2019-001`: stable, never reused, never changed once published. */
export const INCIDENT_ID = /^INC-\d{4}-\d{3,}$/;

/**
 * How a reference to another collection is typed. The site passes Astro's
 * `reference()`, the CLIs a plain id string: the shape is the same either way.
 */
export type EntryRef = string | { id: string; collection?: string };
export type RefFactory = (collection: 'playbooks' | 'incidents') => z.ZodType<EntryRef>;
const plainRef: RefFactory = () => z.string().min(1);

export const timelineEntrySchema = z.object({
  time: z
    .string()
    .optional()
    .describe(
      'When it happened, as written: a time of day ("16:01", taking the incident date and timezone) or a full "YYYY-MM-DD HH:MM[+09:00]". Absent for untimed entries.',
    ),
  marker: z
    .string()
    .regex(/^[a-z][a-z-]*$/)
    .optional()
    .describe('Optional marker: start, detected, mitigated, resolved, or another lowercase word.'),
  text: z.string().describe('What happened, as plain text (the first paragraph of the list item).'),
  has_details: z.boolean().default(false).describe('True when the entry carries nested content such as code blocks.'),
  line: z.number().int().optional().describe('Source line of the entry (set by the extractor).'),
});

export const whySchema = z.object({
  question: z.string().describe('The "why?" question of this step.'),
  answer: z.string().describe('The answer, which the next step questions.'),
  line: z.number().int().optional().describe('Source line of the step (set by the extractor).'),
});

export const actionItemSchema = z.object({
  title: nonEmpty.describe('A specific, bounded task, e.g. "Alert when ssh-agent holds no key for the bastion".'),
  kind: z.enum(ACTION_KINDS).describe('mitigate, prevent, detect or process.'),
  owner: z.string().optional().describe('Who is accountable (a person or team handle).'),
  status: z.enum(ACTION_STATUSES).default('open').describe('open, in-progress, done or wont-fix.'),
  due: dateString.optional().describe('Due date, YYYY-MM-DD.'),
  ticket: ticketUrl.optional().describe('URL of the tracking ticket (http, https or mailto, or a /path on this site).'),
});

/**
 * What an author fills in as the post-mortem takes shape. A draft may lack
 * these (check warns); it is left off the site until they are there.
 */
export const FILLED_LATER = ['started', 'timezone', 'severity', 'root_cause'] as const;

/** The FILLED_LATER keys a draft still lacks (none for review and published: for them the schema decides). */
export function draftGaps(data: Record<string, unknown>): string[] {
  if (data.status !== undefined && data.status !== 'draft') return [];
  return FILLED_LATER.filter((k) => data[k] === undefined || data[k] === null || data[k] === '');
}

/** Build the incident schema. `ref` types links; `config` supplies the taxonomy. */
export function createIncidentSchema(
  options: { ref?: RefFactory; config?: Pick<KbConfig, 'root_cause_categories'> & Partial<Pick<KbConfig, 'severities'>> } = {},
) {
  const ref = options.ref ?? plainRef;
  const categories = options.config?.root_cause_categories;
  const levels = options.config?.severities ? severityLevels({ severities: options.config.severities }) : [...DEFAULT_SEVERITIES];
  const severity = z.enum(levels as [string, ...string[]], {
    error: () => `must be one of the severity levels in kb.config.yaml: ${levels.join(', ')}`,
  });
  const category = categories?.length
    ? z.enum(categories as [string, ...string[]], {
        error: () => `must be one of the root-cause categories in kb.config.yaml: ${categories.join(', ')}`,
      })
    : z.string();

  return z
    .object({
      // identity
      id: z
        .string()
        .regex(INCIDENT_ID, 'use the form INC-YYYY-NNN, e.g. INC-2019-001')
        .describe('Stable short id; never changes once published.'),
      title: nonEmpty.describe('One-line title.'),
      summary: nonEmpty.describe('One paragraph: what happened, the impact, and how it ended.'),
      aliases: z.array(aliasName).default([]).describe('Old ids and slugs; each gets a redirect to the canonical URL.'),
      // editions
      visibility: visibilityField,
      public: publicOverrideField,
      // lifecycle
      status: z.enum(INCIDENT_STATUSES).default('draft').describe('draft, review or published.'),
      severity: severity.describe(`One of ${levels.join(', ')} (worst first); the levels and their meanings are set in kb.config.yaml.`),
      authors: z.array(z.string().min(1)).default([]).describe('Who wrote the post-mortem.'),
      reviewers: z.array(z.string().min(1)).default([]).describe('Who reviewed it.'),
      // time
      timezone: timeZoneName.describe('IANA time zone the times are written in, e.g. Asia/Seoul.'),
      started: instantString.describe('When the incident began.'),
      detected: instantString.optional().describe('When it was noticed.'),
      mitigated: instantString.optional().describe('When the impact stopped.'),
      resolved: instantString.optional().describe('When it was fully resolved.'),
      // scope
      services: z.array(z.string().min(1)).default([]).describe('Affected services or systems.'),
      impact: z
        .object({
          description: z.string().default('').describe('Customer impact in words.'),
          users: z.number().int().nonnegative().optional().describe('Users affected, if known.'),
          requests: z.number().int().nonnegative().optional().describe('Requests affected, if known.'),
        })
        .default({ description: '' })
        .describe('Customer impact.'),
      tags: z.array(z.string().min(1)).default([]).describe('Free-form tags.'),
      // analysis
      root_cause: z
        .object({
          category: category.describe('A category from the root-cause taxonomy in kb.config.yaml.'),
          statement: z
            .string()
            .default('')
            .describe('Extracted from the "Root cause" section of the body; do not write it in frontmatter.'),
          contributing_factors: z.array(z.string().min(1)).default([]).describe('Conditions that made it possible or worse.'),
        })
        .describe('Root cause.'),
      trigger: z.string().optional().describe('The event that set it off.'),
      five_whys: z.array(whySchema).default([]).describe('Extracted from the "5 whys" section of the body, in order.'),
      lessons: z
        .object({
          went_well: z.array(z.string()).default([]).describe('What went well.'),
          went_wrong: z.array(z.string()).default([]).describe('What went wrong.'),
          got_lucky: z.array(z.string()).default([]).describe('Where we got lucky.'),
        })
        .default({ went_well: [], went_wrong: [], got_lucky: [] })
        .describe('Lessons learned.'),
      // remediation
      action_items: z.array(actionItemSchema).default([]).describe('Follow-up work.'),
      // links
      playbooks: z.array(ref('playbooks')).default([]).describe('Playbooks used during the incident (playbook ids).'),
      playbooks_missing: z
        .array(
          z.object({
            playbook: ref('playbooks').optional().describe('The playbook that was wrong, if one exists.'),
            note: nonEmpty.describe('What was missing or wrong.'),
          }),
        )
        .default([])
        .describe('Playbooks that were missing or wrong.'),
      related: z.array(ref('incidents')).default([]).describe('Related incidents (incident ids).'),
      // body-derived
      timeline: z.array(timelineEntrySchema).default([]).describe('Extracted from the "Timeline" section of the body.'),
      sections: z.array(sectionSummarySchema).default([]).describe('Canonical sections found in the body (extracted).'),
    })
    .strict()
    .describe('An incident post-mortem.');
}

export const incidentSchema = createIncidentSchema();
export type Incident = z.infer<typeof incidentSchema>;
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;
export type ActionItem = z.infer<typeof actionItemSchema>;
export type Why = z.infer<typeof whySchema>;
