/**
 * /api/action-items.json: every published action item as the site built it.
 * The site writes it (src/site/action-feeds.ts); `npm run action-items`
 * (list, export, notify) reads it back, from dist/ or the deployed site, and
 * validates it against this schema.
 */
import { z } from 'astro/zod';

export const actionItemRecordSchema = z.object({
  uid: z.string().describe('Stable per incident and position: the calendar UID, and a key for trackers.'),
  incident: z.object({
    id: z.string(),
    title: z.string(),
    severity: z.string(),
    status: z.string(),
    url: z.string().describe('The incident page, absolute.'),
    file: z.string().optional().describe('The incident file, relative to the repository root.'),
  }),
  index: z.number().int().describe("Position in the incident's action_items."),
  title: z.string(),
  kind: z.string(),
  owner: z.string().optional(),
  owner_slug: z.string().optional().describe('The owner page slug: /action-items/owner/<slug>/.'),
  status: z.string(),
  due: z.string().optional(),
  ticket: z.string().optional(),
  open: z.boolean(),
  overdue: z.boolean().describe('Relative to `generated`, the build date.'),
  url: z.string().describe("The incident's action-items section, absolute."),
});

export const actionItemsJsonSchema = z.object({
  generated: z.string().describe('The build date (YYYY-MM-DD) the overdue flags are relative to.'),
  base_url: z.string(),
  severities: z.array(z.string()).describe('The severity levels, most severe first.'),
  count: z.number().int(),
  items: z.array(actionItemRecordSchema),
});

export type ActionItemRecord = z.infer<typeof actionItemRecordSchema>;
export type ActionItemsJson = z.infer<typeof actionItemsJsonSchema>;
