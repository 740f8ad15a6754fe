/**
 * The cost of "incidents like this one" on a corpus: `similarIncidents` over
 * every incident, in this process, on the data the build already has (parsed
 * frontmatter and the error lines of each body). What it adds to a build.
 */
import { frontmatterKeysOf } from '../src/core/content.ts';
import { errorLines } from '../src/core/errors.ts';
import { similarIncidents } from '../src/core/similar.ts';
import { instantToEpoch } from '../src/core/time/zone.ts';
import type { Corpus } from './corpus.ts';

export interface SimilarCost {
  incidents: number;
  /** Milliseconds of `similarIncidents` alone (median of `runs`). */
  ms: number;
  /** Incidents with at least one match, and how the reasons split. */
  withMatches: number;
  reasons: Record<string, number>;
}

export function measureSimilar(corpus: Corpus, runs = 3): SimilarCost {
  const files = corpus.files.filter((f) => f.path.startsWith('incidents/'));
  const keys = ['id', 'title', 'summary', 'started', 'timezone', 'services', 'tags', 'playbooks', 'root_cause'];
  const fms = frontmatterKeysOf(
    files.map((f) => f.text),
    keys,
  );
  const inputs = fms.flatMap((fm, i) => {
    if (!fm) return [];
    const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
    return [
      {
        id: String(fm.id),
        title: String(fm.title),
        summary: String(fm.summary ?? ''),
        started: instantToEpoch(String(fm.started), String(fm.timezone)) ?? 0,
        services: list(fm.services),
        tags: list(fm.tags),
        playbooks: list(fm.playbooks),
        category: (fm.root_cause as { category?: string } | undefined)?.category,
        errors: errorLines(files[i]!.text),
      },
    ];
  });
  const times: number[] = [];
  let result = new Map<string, { reason: { kind: string } }[]>();
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    result = similarIncidents(inputs);
    times.push(performance.now() - t);
  }
  const reasons: Record<string, number> = {};
  for (const list of result.values()) for (const m of list) reasons[m.reason.kind] = (reasons[m.reason.kind] ?? 0) + 1;
  times.sort((a, b) => a - b);
  return { incidents: inputs.length, ms: times[Math.floor(times.length / 2)]!, withMatches: result.size, reasons };
}
