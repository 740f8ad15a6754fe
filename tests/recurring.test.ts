import { describe, expect, it } from 'vitest';
import { recurringProblems } from '../src/site/recurring.ts';
import { configSchema } from '../src/schema/config.ts';

const day = (n: number) => Date.UTC(2024, 0, 1) + n * 86_400_000;
const inc = (id: string, d: number, playbooks: string[], errors: string[] = []) => ({ id, title: id, started: day(d), playbooks, errors });

describe('recurringProblems', () => {
  const incidents = [
    inc('A', 0, ['kafka-lag'], ['CommitFailedException: commit failed']),
    inc('B', 30, ['kafka-lag'], ['org.apache.kafka.clients.consumer.CommitFailedException: x']),
    inc('C', 80, ['kafka-lag', 'dns'], ['CommitFailedException']),
    inc('D', 200, ['dns']),
    inc('E', 400, ['dns']),
    inc('F', 410, ['dns']),
  ];

  it('lists playbooks and errors with enough incidents within the window, with the busiest window', () => {
    const r = recurringProblems(incidents, { windowDays: 90, minIncidents: 3 });
    expect(r.map((x) => `${x.kind}:${x.value}:${x.count}`)).toEqual(['error:CommitFailedException:3', 'playbook:kafka-lag:3']);
    expect(r[1]).toMatchObject({ incidents: ['C', 'B', 'A'], from: day(0), to: day(80), last: day(80), total: 3 });
  });

  it('follows the configured window and threshold', () => {
    const wide = recurringProblems(incidents, { windowDays: 365, minIncidents: 3 });
    expect(wide.find((x) => x.value === 'dns')).toMatchObject({ count: 4, incidents: ['F', 'E', 'D', 'C'] });
    expect(recurringProblems(incidents, { windowDays: 90, minIncidents: 4 })).toEqual([]);
  });

  it('is configured in kb.config.yaml: three incidents in 90 days by default', () => {
    expect(configSchema.parse({}).recurring).toEqual({ window_days: 90, min_incidents: 3 });
    expect(configSchema.safeParse({ recurring: { min_incidents: 1 } }).success).toBe(false);
  });
});
