/**
 * The pre-commit hook's cache of the other files' ids (src/check/id-cache.ts):
 * a check with it reports exactly what a check without it reports, a file
 * changed since it was cached is read again (even at the same size and
 * modification time), and a cache file that is corrupt, for another root or
 * for another version of the code is ignored.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus, writeCorpus } from '../bench/corpus.ts';
import { fileStamp, IdCache } from '../src/check/id-cache.ts';
import { runCheck } from '../src/check/index.ts';

let root: string;
let incidents: string[];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'kb-id-cache-'));
  await writeCorpus(root, generateCorpus({ incidents: 24, seed: 5 }));
  incidents = readdirSync(join(root, 'incidents'))
    .sort()
    .map((f) => join(root, 'incidents', f));
});

/** The pre-commit hook's check: `staged` as given (the staged texts), the rest read lightly. */
async function hookCheck(staged: Map<string, string>, cache?: IdCache) {
  const result = await runCheck({
    root,
    cwd: root,
    today: '2026-11-22',
    focus: { changed: [...staged.keys()], gone: [], baseNames: [], dependants: false, texts: staged, cache },
  });
  return result.files.map((f) => ({ path: f.path, messages: f.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.reason}`) }));
}

const idOf = (text: string) => /^id: (.+)$/m.exec(text)![1];
/** `text` with its id replaced by `id`, padded or cut to the same length (so the file keeps its size). */
function withId(text: string, id: string): string {
  const old = idOf(text);
  const next = id.length <= old.length ? `${id}${' '.repeat(old.length - id.length)}` : id;
  return text.replace(/^id: .+$/m, `id: ${next}`);
}

describe('IdCache', () => {
  it('gives a check the same findings as a check without it, on the run that fills it and on the runs that read it', async () => {
    const staged = new Map(incidents.slice(2, 5).map((p) => [p, `${readFileSync(p, 'utf8')}\nEdited.\n`]));
    const without = await hookCheck(staged);
    const cache = IdCache.read(undefined, root, { recentMs: 0 });
    expect(await hookCheck(staged, cache)).toEqual(without);
    const text = cache.serialize();
    expect(text).toBeDefined();
    // Every file that is not staged is remembered; the staged ones never are (they are not read from disk).
    const files = Object.keys(JSON.parse(text!).files);
    expect(files).toHaveLength(readdirSync(join(root, 'incidents')).length + readdirSync(join(root, 'playbooks')).length - 3);
    for (const p of staged.keys()) expect(files).not.toContain(p.slice(root.length + 1));

    const again = IdCache.read(text, root, { recentMs: 0 });
    expect(await hookCheck(staged, again)).toEqual(without);
    expect(again.serialize()).toBeUndefined(); // nothing new to write

    // A staged playbook asks for more keys (its declared playbooks): remembered beside the ids.
    const playbook = join(root, 'playbooks', readdirSync(join(root, 'playbooks')).sort()[0]);
    const withPlaybook = new Map([...staged, [playbook, readFileSync(playbook, 'utf8')]]);
    expect(await hookCheck(withPlaybook, again)).toEqual(await hookCheck(withPlaybook));
    expect(await hookCheck(withPlaybook, IdCache.read(again.serialize(), root, { recentMs: 0 }))).toEqual(await hookCheck(withPlaybook));
  });

  it('reads a file again once it changed: an id changed at the same size and modification time still collides', async () => {
    const [target, other] = [incidents[7], incidents[8]];
    const staged = new Map([[target, readFileSync(target, 'utf8')]]);
    const cache = IdCache.read(undefined, root, { recentMs: 0 });
    expect((await hookCheck(staged, cache)).flatMap((f) => f.messages).filter((m) => m.includes('duplicate-id'))).toEqual([]);
    const filled = cache.serialize();

    // The other file takes the staged file's id, keeping its size and its modification time.
    const before = statSync(other);
    const original = readFileSync(other, 'utf8');
    writeFileSync(other, withId(original, idOf(staged.get(target)!)));
    utimesSync(other, before.atimeMs / 1000, before.mtimeMs / 1000);
    try {
      expect(statSync(other).size).toBe(before.size);
      expect(statSync(other).mtimeMs).toBe(before.mtimeMs);
      const found = (await hookCheck(staged, IdCache.read(filled, root, { recentMs: 0 }))).flatMap((f) => f.messages);
      expect(found.filter((m) => m.includes('links/duplicate-id'))).toHaveLength(1);
      expect(found).toEqual((await hookCheck(staged)).flatMap((f) => f.messages));
    } finally {
      writeFileSync(other, original);
    }
  });

  it('does not remember a file changed in the last few seconds (a coarse clock could give its next change the same times)', () => {
    const cache = new IdCache(root);
    const stamp = fileStamp(incidents[0])!;
    cache.set('incidents/x.md', stamp, ['id'], { id: 'INC-1' }, Math.max(stamp[1], stamp[2]) + 1000);
    expect(cache.get('incidents/x.md', stamp, ['id'])).toBeUndefined();
    cache.set('incidents/x.md', stamp, ['id'], { id: 'INC-1' }, Math.max(stamp[1], stamp[2]) + 10_000);
    expect(cache.get('incidents/x.md', stamp, ['id'])).toEqual({ id: 'INC-1' });
    expect(cache.get('incidents/x.md', [stamp[0], stamp[1], stamp[2] + 1, stamp[3]], ['id'])).toBeUndefined();
    expect(cache.get('incidents/x.md', stamp, ['id', 'aliases'])).toBeUndefined();
  });

  it('ignores a cache file that is corrupt, for another root or for another version of the code, and entries of the wrong shape', async () => {
    const staged = new Map(incidents.slice(10, 12).map((p) => [p, readFileSync(p, 'utf8')]));
    const expected = await hookCheck(staged);
    const good = IdCache.read(undefined, root, { recentMs: 0 });
    await hookCheck(staged, good);
    const text = good.serialize()!;
    const data = JSON.parse(text);
    const rel = Object.keys(data.files)[0];
    const poisoned = (value: unknown) => JSON.stringify({ ...data, files: { ...data.files, [rel]: value } });
    const stamp = data.files[rel].stamp;
    for (const bad of [
      '',
      '{',
      'null',
      '[]',
      text.slice(0, text.length / 2),
      JSON.stringify({ ...data, root: `${root}-other` }),
      JSON.stringify({ ...data, version: 'older' }),
      JSON.stringify({ ...data, files: [] }),
      poisoned({ stamp: 'x', keys: { 'id,aliases': { id: 'INC-2000-001' } } }),
      poisoned({ stamp, keys: { 'id,aliases': { id: 42 } } }),
      poisoned({ stamp, keys: { 'id,aliases': [] } }),
    ]) {
      const cache = IdCache.read(bad, root, { recentMs: 0 });
      expect(await hookCheck(staged, cache), bad.slice(0, 40)).toEqual(expected);
    }
    // A well-formed entry with a wrong id is trusted only while the file has its stamp: a wrong stamp is a miss.
    const wrongStamp = poisoned({ stamp: [1, 2, 3, 4], keys: { 'id,aliases': { id: idOf(staged.values().next().value!) } } });
    expect(await hookCheck(staged, IdCache.read(wrongStamp, root, { recentMs: 0 }))).toEqual(expected);
  });
});
