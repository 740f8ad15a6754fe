import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isValidSlug, slugify } from '../src/core/slug.ts';
import { createFileAtomic, createFileWithFreeName, suffixed } from '../src/cli/shared/fs-safe.ts';
import { formatIncidentId, incidentIdsInUse, nextIncidentId, withIdLock } from '../src/cli/shared/ids.ts';
import { buildLinkGraph } from '../src/site/link-graph.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'kb-lib-'));

describe('slugify', () => {
  it('romanises Korean titles into readable ASCII', () => {
    expect(slugify('키페어 권한 오류')).toBe('kipeeo-gwonhan-oryu');
    expect(slugify('접속이 잘 되던 KeyPair가 갑자기 Permission Denied')).toMatch(
      /^jeopsogi-jal-doedeon-keypair-ga-gapjagi-permission-denied$/,
    );
  });
  it('never returns an empty or all-dash slug', () => {
    for (const t of ['', '!!!', '---', '🔥🔥', 'データベース障害']) {
      const s = slugify(t);
      expect(s).not.toBe('');
      expect(isValidSlug(s)).toBe(true);
    }
  });
  it('cuts long titles at a word boundary', () => {
    const s = slugify('a very long title about a database failover that went wrong in the middle of the night', { maxLength: 30 });
    expect(s.length).toBeLessThanOrEqual(30);
    expect(s.endsWith('-')).toBe(false);
    expect(s).toBe('a-very-long-title-about-a');
  });
});

describe('fs-safe', () => {
  it('never overwrites', async () => {
    const dir = tmp();
    const p = join(dir, 'a.md');
    await createFileAtomic(p, 'one');
    await expect(createFileAtomic(p, 'two')).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(p, 'utf8')).toBe('one');
  });
  it('takes the next free suffix and leaves no temporary files', async () => {
    const dir = tmp();
    const p = join(dir, 'x.md');
    const written = await Promise.all([1, 2, 3].map((n) => createFileWithFreeName(p, `v${n}`)));
    expect(new Set(written).size).toBe(3);
    expect(readdirSync(dir).sort()).toEqual(['x-2.md', 'x-3.md', 'x.md']);
    expect(suffixed(p, 2)).toBe(join(dir, 'x-2.md'));
  });
});

describe('incident ids', () => {
  it('finds ids and aliases in frontmatter, also in files with broken YAML', async () => {
    const root = tmp();
    mkdirSync(join(root, 'incidents'));
    writeFileSync(join(root, 'incidents/a.md'), '---\nid: INC-2024-001\naliases: [INC-2024-007]\n---\n');
    writeFileSync(join(root, 'incidents/b.md'), '---\nid: INC-2024-003\ntitle: [unclosed\n---\n');
    writeFileSync(join(root, 'incidents/c.md'), '---\nid: INC-2023-009\n---\nmentions INC-2024-050 in the body\n');
    const used = await incidentIdsInUse(root);
    expect([...used].sort()).toEqual(['INC-2023-009', 'INC-2024-001', 'INC-2024-003', 'INC-2024-007']);
    expect(nextIncidentId(used, 2024)).toBe('INC-2024-008');
    expect(nextIncidentId(used, 2025)).toBe('INC-2025-001');
    expect(formatIncidentId(2025, 1234)).toBe('INC-2025-1234');
  });
  it('serialises concurrent id allocation with the lock', async () => {
    const root = tmp();
    mkdirSync(join(root, 'incidents'));
    const allocate = (n: number) =>
      withIdLock(root, async () => {
        const id = nextIncidentId(await incidentIdsInUse(root), 2024);
        await new Promise((r) => setTimeout(r, 5));
        await createFileAtomic(join(root, 'incidents', `${n}.md`), `---\nid: ${id}\n---\n`);
        return id;
      });
    const ids = await Promise.all([1, 2, 3, 4, 5].map(allocate));
    expect(new Set(ids).size).toBe(5);
  });
});

describe('buildLinkGraph', () => {
  const graph = buildLinkGraph(
    [
      { id: 'INC-1', playbooks: ['ssh'], related: ['INC-2'] },
      {
        id: 'INC-2',
        aliases: ['old-2'],
        playbooks: [{ id: 'ssh-old' }],
        playbooks_missing: [{ playbook: 'dns', note: 'no step for TTL' }],
      },
      { id: 'INC-3', playbooks: ['nope'], related: ['old-2', 'INC-404'] },
    ],
    [{ id: 'ssh', aliases: ['ssh-old'] }, { id: 'dns' }],
  );
  it('lists the incidents that used a playbook, through aliases too', () => {
    expect(graph.usedBy.get('ssh')).toEqual(['INC-1', 'INC-2']);
  });
  it('lists the incidents that found a playbook missing or wrong', () => {
    expect(graph.reportedBy.get('dns')).toEqual([{ incident: 'INC-2', note: 'no step for TTL' }]);
  });
  it('makes related links two-way and resolves aliases', () => {
    expect(graph.related.get('INC-2')).toEqual(['INC-1', 'INC-3']);
    expect(graph.related.get('INC-3')).toEqual(['INC-2']);
  });
  it('reports dangling links with their field and index', () => {
    expect(graph.dangling).toEqual([
      { from: 'INC-3', field: 'playbooks', index: 0, target: 'nope' },
      { from: 'INC-3', field: 'related', index: 1, target: 'INC-404' },
    ]);
  });
});
