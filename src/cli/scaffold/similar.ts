/**
 * "3 past incidents look like this": the incidents most like a new one
 * (`core/similar.ts`, the same scoring as the site's incident pages), from its
 * title, playbooks, services and tags, shown by `new-incident` right after they
 * are entered. Past incidents are read from their frontmatter only (no body:
 * the new incident has no logs yet), with the cheap key reader the catalog uses.
 */
import { frontmatterKeysOf, listContentFiles, readHead } from '../../core/content.ts';
import { SIMILAR_REASON_EN, similarTo, type SimilarInput, type SimilarMatch } from '../../core/similar.ts';
import { instantToEpoch } from '../../core/time/zone.ts';

export interface PastIncident extends SimilarInput {
  status?: string;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
const refIds = (v: unknown): string[] =>
  Array.isArray(v) ? v.flatMap((r) => (typeof r === 'string' ? [r] : r && typeof r === 'object' && 'id' in r ? [String(r.id)] : [])) : [];

/** Every incident under the content root that is not a draft, as similarity needs it. */
export async function readPastIncidents(root: string): Promise<PastIncident[]> {
  const paths = await listContentFiles(root, 'incident');
  const keys = ['id', 'title', 'summary', 'status', 'started', 'timezone', 'services', 'tags', 'playbooks', 'root_cause'];
  const picked = frontmatterKeysOf(paths.map(readHead), keys);
  return picked.flatMap((fm) => {
    if (!fm || typeof fm.id !== 'string' || typeof fm.title !== 'string' || fm.status === 'draft') return [];
    const started =
      typeof fm.started === 'string' ? instantToEpoch(fm.started, typeof fm.timezone === 'string' ? fm.timezone : 'UTC') : undefined;
    const rootCause = fm.root_cause as { category?: unknown } | undefined;
    return [
      {
        id: fm.id,
        title: fm.title,
        summary: typeof fm.summary === 'string' ? fm.summary : undefined,
        status: typeof fm.status === 'string' ? fm.status : undefined,
        started: started ?? 0,
        services: strings(fm.services),
        tags: strings(fm.tags),
        playbooks: refIds(fm.playbooks),
        category: typeof rootCause?.category === 'string' ? rootCause.category : undefined,
      },
    ];
  });
}

export interface SimilarDraft {
  title: string;
  playbooks: string[];
  services?: string[];
  tags?: string[];
}

/** The best matches for a draft, with the past incident each one is. */
export function similarToDraft(draft: SimilarDraft, past: PastIncident[], limit = 3): (SimilarMatch & { incident: PastIncident })[] {
  const byId = new Map(past.map((p) => [p.id, p]));
  return similarTo(draft, past, { limit }).flatMap((m) => {
    const incident = byId.get(m.id);
    return incident ? [{ ...m, incident }] : [];
  });
}

/** "3 past incidents look like this:" and one line each; empty when none does. */
export function formatSimilar(matches: (SimilarMatch & { incident: PastIncident })[]): string[] {
  if (!matches.length) return [];
  const head = `${matches.length} past incident${matches.length === 1 ? '' : 's'} look${matches.length === 1 ? 's' : ''} like this:`;
  return [
    head,
    ...matches.map((m) => `  ${m.id}  ${m.incident.title}  (${SIMILAR_REASON_EN[m.reason.kind]}: ${m.reason.value})  /incidents/${m.id}/`),
  ];
}
