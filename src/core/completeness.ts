import { REQUIRED_INCIDENT_SECTIONS } from './markdown/sections.ts';

export interface Completeness {
  /** Required sections present and not placeholder-only. */
  filled: number;
  /** Number of required sections. */
  total: number;
  /** Required section ids that are absent or empty, in the required order. */
  missing: string[];
}

/**
 * How complete a post-mortem is: required sections filled / required. The one
 * definition, for the check's report and the site's badges alike. `sections`
 * is `entry.data.sections` (from the body extractor); a heading that maps to no
 * canonical section (`known: false`) fills nothing.
 */
export function incidentCompleteness(
  sections: readonly { id: string; empty: boolean; known?: boolean }[],
  required: readonly string[] = REQUIRED_INCIDENT_SECTIONS,
): Completeness {
  const filled = new Set(sections.filter((s) => !s.empty && s.known !== false).map((s) => s.id));
  const missing = required.filter((id) => !filled.has(id));
  return { filled: required.length - missing.length, total: required.length, missing };
}
