import { describe, expect, it } from 'vitest';
import { configSchema, createIncidentSchema, playbookSchema } from '../src/schema/index.ts';

const validIncident = {
  id: 'INC-2024-001',
  title: 'Checkout latency',
  summary: 'One paragraph.',
  severity: 'SEV2',
  timezone: 'Asia/Seoul',
  started: '2024-03-05T14:02',
  root_cause: { category: 'config' },
};

const schema = createIncidentSchema({ config: configSchema.parse({}) });
const issuesOf = (data: unknown) => {
  const r = schema.safeParse(data);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
};

describe('incidentSchema', () => {
  it('accepts a minimal incident and fills defaults', () => {
    const r = schema.parse(validIncident);
    expect(r.status).toBe('draft');
    expect(r.action_items).toEqual([]);
    expect(r.impact.description).toBe('');
  });

  it.each([
    ['id', { id: 'INC-24-1' }],
    ['severity', { severity: 'SEV5' }],
    ['status', { status: 'done' }],
    ['timezone', { timezone: 'Seoul' }],
    ['started', { started: '15 Feb 2019' }],
    ['detected', { detected: '2019-02-15 4pm' }],
    ['root_cause.category', { root_cause: { category: 'gremlins' } }],
    ['title', { title: '  ' }],
    ['impact.users', { impact: { description: 'x', users: -1 } }],
  ])('rejects a bad %s', (path, patch) => {
    expect(issuesOf({ ...validIncident, ...patch })).toContain(path);
  });

  it.each([
    ['action_items.0.kind', { title: 'Add alert', kind: 'fix' }],
    ['action_items.0.status', { title: 'Add alert', kind: 'detect', status: 'closed' }],
    ['action_items.0.due', { title: 'Add alert', kind: 'detect', due: '2024-13-45' }],
    ['action_items.0.ticket', { title: 'Add alert', kind: 'detect', ticket: 'OPS-1' }],
  ])('rejects an action item with a bad field (%s)', (path, item) => {
    expect(issuesOf({ ...validIncident, action_items: [item] })).toContain(path);
  });

  it('rejects keys it does not know, so typos are not silently ignored', () => {
    const r = schema.safeParse({ ...validIncident, severty: 'SEV1' });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('severty');
  });

  it('accepts instants with an offset and with a space', () => {
    expect(issuesOf({ ...validIncident, started: '2024-03-05 14:02:00+09:00', resolved: '2024-03-05T15:00Z' })).toEqual([]);
  });

  it('takes the root-cause taxonomy from config', () => {
    const custom = createIncidentSchema({ config: { root_cause_categories: ['gremlins'] } });
    expect(custom.safeParse({ ...validIncident, root_cause: { category: 'gremlins' } }).success).toBe(true);
    expect(custom.safeParse(validIncident).success).toBe(false);
  });

  it('describes every field, for the generated editor schema and docs', () => {
    const shape = schema.shape as Record<string, { description?: string }>;
    const undocumented = Object.entries(shape)
      .filter(([, s]) => !s.description)
      .map(([k]) => k);
    expect(undocumented).toEqual([]);
  });
});

describe('playbookSchema', () => {
  const valid = {
    id: 'ssh-permission-denied',
    title: 'SSH: Permission denied',
    symptoms: ['Permission denied (publickey)'],
    owner: 'platform',
    last_reviewed: '2026-11-01',
  };
  it('accepts a minimal playbook', () => {
    expect(playbookSchema.safeParse(valid).success).toBe(true);
  });
  it.each([
    ['id', { id: 'SSH Denied' }],
    ['symptoms', { symptoms: [] }],
    ['owner', { owner: '' }],
    ['last_reviewed', { last_reviewed: 'last week' }],
  ])('rejects a bad %s', (path, patch) => {
    const r = playbookSchema.safeParse({ ...valid, ...patch });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});

describe('configSchema', () => {
  it('has defaults for everything', () => {
    const c = configSchema.parse({});
    expect(Object.keys(c.severities)).toEqual(['SEV1', 'SEV2', 'SEV3', 'SEV4']);
    expect(c.root_cause_categories).toContain('config');
  });
  it('rejects an unknown UI language', () => {
    expect(configSchema.safeParse({ site: { lang: 'fr' } }).success).toBe(false);
  });
});
