import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../bench/corpus.ts';
import { parseEntry } from '../src/core/entry.ts';
import { errorLines, errorNames, errorSignature } from '../src/core/errors.ts';
import { type SimilarInput, similarIncidents, similarityWords, similarTo } from '../src/core/similar.ts';
import { instantToEpoch } from '../src/core/time/zone.ts';

const day = (n: number) => Date.UTC(2024, 0, n);
const base = { services: [], tags: [], playbooks: [], errors: [] };

const INCIDENTS: SimilarInput[] = [
  {
    ...base,
    id: 'INC-1',
    title: 'billing consumer stalled',
    started: day(1),
    services: ['billing'],
    playbooks: ['kafka-lag'],
    errors: ['org.apache.kafka.clients.consumer.CommitFailedException: Commit cannot be completed'],
  },
  { ...base, id: 'INC-2', title: 'checkout latency', started: day(2), services: ['checkout'], category: 'capacity' },
  { ...base, id: 'INC-3', title: 'web 502 during deploy', started: day(3), services: ['web'], playbooks: ['http-502'] },
  {
    ...base,
    id: 'INC-4',
    title: 'notifications events delayed',
    started: day(4),
    services: ['notifications'],
    playbooks: ['kafka-lag'],
    errors: ['CommitFailedException: Commit cannot be completed since the group has already rebalanced'],
  },
  { ...base, id: 'INC-5', title: '결제 지연', started: day(5), services: ['checkout'], category: 'capacity' },
];

describe('error names and signatures', () => {
  it('names exceptions, codes and statuses, and masks what varies', () => {
    expect(errorNames('org.apache.kafka.clients.consumer.CommitFailedException: Commit failed')).toEqual(['CommitFailedException']);
    expect(errorNames('Error: getaddrinfo EAI_AGAIN payments.svc')).toEqual(['EAI_AGAIN']);
    expect(errorNames('Reason: OOMKilled')).toEqual(['OOMKilled']);
    expect(errorSignature('ip-10-0-31-7 checkout[4]: timed out after 30000ms')).toBe(
      errorSignature('ip-10-0-2-9 checkout[7]: timed out after 5000ms'),
    );
  });

  it('takes Korean words without their particles and English words in the singular', () => {
    expect(similarityWords('Kafka 컨슈머 랙이 증가로 workers delayed')).toEqual(['kafka', '컨슈머', '랙', '증가', 'worker', 'delayed']);
  });
});

describe('similarIncidents', () => {
  it('finds earlier incidents only, best first, with the strongest shared signal as the reason', () => {
    const s = similarIncidents(INCIDENTS);
    expect(s.get('INC-4')?.[0]).toMatchObject({ id: 'INC-1', reason: { kind: 'error', value: 'CommitFailedException' } });
    expect(s.get('INC-4')?.[0]?.shared).toEqual(expect.arrayContaining(['error', 'playbook']));
    expect(s.has('INC-1')).toBe(false); // nothing before it
    // Only a service and a category in common: not enough to call it the same problem.
    expect(s.has('INC-5')).toBe(false);
    expect(similarIncidents(INCIDENTS, { minScore: 1 }).get('INC-5')?.[0]).toMatchObject({
      id: 'INC-2',
      reason: { kind: 'service', value: 'checkout' },
    });
  });

  it('is deterministic, whatever the input order', () => {
    const a = similarIncidents(INCIDENTS);
    const b = similarIncidents([...INCIDENTS].reverse());
    expect([...b].sort()).toEqual([...a].sort());
  });

  it('finds an earlier post-mortem of the same failure written in the other language, through the glossary', () => {
    const inputs: SimilarInput[] = [
      { ...base, id: 'INC-10', title: 'TLS certificate expired on the partner gateway', started: day(1), services: ['gateway'] },
      { ...base, id: 'INC-11', title: 'checkout latency after deploy', started: day(2), services: ['checkout'] },
      { ...base, id: 'INC-12', title: 'orders queue backlog', started: day(3), services: ['orders'] },
      { ...base, id: 'INC-13', title: '파트너 연동 인증서 만료로 접속 장애', started: day(4), services: ['partner-api'] },
    ];
    const match = similarIncidents(inputs, { minScore: 1 }).get('INC-13')?.[0];
    expect(match).toMatchObject({ id: 'INC-10', reason: { kind: 'words' } });
    // The reason names the idea in both languages.
    expect(['certificate / 인증서', 'expired / 만료']).toContain(match?.reason.value);
  });

  it('matches a draft (title and playbooks only) against every past incident', () => {
    const m = similarTo({ title: 'kafka consumer lag on billing', playbooks: ['kafka-lag'] }, INCIDENTS);
    expect(
      m
        .map((x) => x.id)
        .slice(0, 2)
        .sort(),
    ).toEqual(['INC-1', 'INC-4']);
    expect(m[0]?.reason.kind).toBe('playbook');
  });

  it('on a generated corpus: every incident that shares a playbook and an error with an earlier one finds one', () => {
    const corpus = generateCorpus({ incidents: 200, seed: 3 });
    const inputs = corpus.files
      .filter((f) => f.path.startsWith('incidents/'))
      .map((f) => {
        const e = parseEntry(f.text, f.path);
        const d = e.frontmatter as Record<string, never> & { root_cause: { category: string } };
        return {
          id: d.id,
          title: d.title,
          summary: d.summary,
          started: instantToEpoch(d.started, d.timezone) ?? 0,
          services: d.services,
          tags: d.tags,
          playbooks: d.playbooks,
          category: d.root_cause.category,
          errors: errorLines(f.text),
        } satisfies SimilarInput;
      });
    const s = similarIncidents(inputs);
    expect(s.size).toBeGreaterThan(150);
    for (const list of s.values()) {
      expect(list.length).toBeLessThanOrEqual(3);
      for (let i = 1; i < list.length; i++) expect(list[i - 1]!.score).toBeGreaterThanOrEqual(list[i]!.score);
    }
  });
});
