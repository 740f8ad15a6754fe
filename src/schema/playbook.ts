import { z } from 'astro/zod';
import { aliasName, dateString, nonEmpty, publicOverrideField, sectionSummarySchema, slugId, visibilityField } from './common.ts';

export const playbookStepSchema = z.object({
  title: z.string().describe('Heading of the cause, diagnosis step or fix.'),
  commands: z.array(z.string()).default([]).describe('Code blocks under it, verbatim.'),
  line: z.number().int().optional(),
});

export const playbookSchema = z
  .object({
    id: slugId.describe('Stable id, also the URL: /playbooks/<id>/.'),
    title: nonEmpty.describe('Title, usually the symptom.'),
    summary: z.string().default('').describe('One paragraph: when to use this playbook.'),
    aliases: z.array(aliasName).default([]).describe('Old ids; each gets a redirect.'),
    visibility: visibilityField,
    public: publicOverrideField,
    symptoms: z
      .array(nonEmpty)
      .min(1, 'list at least one exact error string or alert name')
      .describe('Exact error strings and alert names, e.g. "Permission denied (publickey)". Search weighs them highest.'),
    platforms: z.array(z.string()).default([]).describe('Where it applies: platforms.'),
    services: z.array(z.string()).default([]).describe('Where it applies: services.'),
    tags: z.array(z.string()).default([]).describe('Free-form tags.'),
    owner: nonEmpty.describe('Team or person who keeps it correct.'),
    last_reviewed: dateString.describe('When it was last checked against reality, YYYY-MM-DD.'),
    // body-derived
    causes: z.array(playbookStepSchema).default([]).describe('Extracted from the "Causes" section (one ### per cause).'),
    diagnosis: z.array(playbookStepSchema).default([]).describe('Extracted from the "Diagnosis" section (one ### per step).'),
    fixes: z
      .array(playbookStepSchema)
      .default([])
      .describe('Extracted from the "Fixes" section (one ### per fix, code blocks as commands).'),
    sections: z.array(sectionSummarySchema).default([]).describe('Canonical sections found in the body (extracted).'),
  })
  .strict()
  .describe('A troubleshooting playbook.');

export type Playbook = z.infer<typeof playbookSchema>;
