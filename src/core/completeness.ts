import { isPlaceholderText } from './markdown/extract.ts';
import { REQUIRED_INCIDENT_SECTIONS, REQUIRED_PLAYBOOK_SECTIONS } from './markdown/sections.ts';

export interface Completeness {
  /** Required sections present and not placeholder-only (or filled by frontmatter). */
  filled: number;
  /** Number of required sections. */
  total: number;
  /** Required section ids that are absent or empty, in the required order. */
  missing: string[];
}

/** A frontmatter string that says something: not empty, not only `-`, `TBD`, `TODO`. */
const says = (v: unknown): boolean => typeof v === 'string' && !isPlaceholderText(v);
const record = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * Canonical sections whose facts the frontmatter already holds, so the body
 * need not say them again ("say it once"):
 *
 * - incident `impact`: `impact.description` says something;
 * - incident `lessons`: `lessons.went_well`, `went_wrong` or `got_lucky` has an entry;
 * - incident `action-items`: `action_items` has an entry;
 * - playbook `symptoms`: `symptoms` has an entry.
 *
 * The one definition for `npm run check` (structure/required-section), the
 * completeness score and the pages, which render these facts under the
 * section's heading and anchor.
 */
export function sectionsInFrontmatter(kind: 'incident' | 'playbook', frontmatter: unknown): Set<string> {
  const fm = record(frontmatter);
  const ids = new Set<string>();
  if (!fm) return ids;
  if (kind === 'playbook') {
    if (list(fm.symptoms).some(says)) ids.add('symptoms');
    return ids;
  }
  if (says(record(fm.impact)?.description)) ids.add('impact');
  const lessons = record(fm.lessons);
  if (lessons && ['went_well', 'went_wrong', 'got_lucky'].some((k) => list(lessons[k]).some(says))) ids.add('lessons');
  if (list(fm.action_items).length > 0) ids.add('action-items');
  return ids;
}

/** The frontmatter field that can hold each section's facts, for messages. */
export const FRONTMATTER_FIELD: Readonly<Record<string, string>> = {
  impact: '`impact.description`',
  lessons: '`lessons` (went_well, went_wrong, got_lucky)',
  'action-items': '`action_items`',
  symptoms: '`symptoms`',
};

/**
 * How complete a post-mortem is: required sections filled / required. The one
 * definition, for the check's report and the site's badges alike. `sections`
 * is `entry.data.sections` (from the body extractor); a heading that maps to no
 * canonical section (`known: false`) fills nothing. `frontmatter` fills the
 * sections `sectionsInFrontmatter` names.
 */
export function incidentCompleteness(
  sections: readonly { id: string; empty: boolean; known?: boolean }[],
  frontmatter?: unknown,
  required: readonly string[] = REQUIRED_INCIDENT_SECTIONS,
): Completeness {
  const filled = new Set(sections.filter((s) => !s.empty && s.known !== false).map((s) => s.id));
  for (const id of sectionsInFrontmatter('incident', frontmatter)) filled.add(id);
  const missing = required.filter((id) => !filled.has(id));
  return { filled: required.length - missing.length, total: required.length, missing };
}

/** The required sections of an entry of either kind. */
export function requiredSections(kind: 'incident' | 'playbook'): readonly string[] {
  return kind === 'incident' ? REQUIRED_INCIDENT_SECTIONS : REQUIRED_PLAYBOOK_SECTIONS;
}

/**
 * Canonical section anchors an entry's page has besides its body's: the
 * sections whose facts the frontmatter holds, which the page renders under
 * their canonical anchor when the body has no such section, and the sections
 * the page always renders (an incident's action items, a playbook's symptoms).
 */
export function frontmatterAnchors(kind: 'incident' | 'playbook', frontmatter: unknown): Set<string> {
  const ids = sectionsInFrontmatter(kind, frontmatter);
  ids.add(kind === 'incident' ? 'action-items' : 'symptoms');
  return ids;
}
