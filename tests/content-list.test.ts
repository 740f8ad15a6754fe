/**
 * Listing a content folder (`listContentFiles`): the walk that replaces
 * `fs.glob` for plain trees finds exactly what glob finds, and hands every
 * other tree (symlinks, hidden names, sockets, case-insensitive platforms)
 * back to glob.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { glob } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listContentFiles, plainMarkdownFiles } from '../src/core/content.ts';

async function globbed(dir: string): Promise<string[]> {
  const files: string[] = [];
  for await (const f of glob('**/*.{md,mdx}', { cwd: dir })) files.push(join(dir, f));
  return files.sort();
}

/** A content root whose incidents/ holds `paths` (a trailing / makes a folder). */
function tree(paths: string[]): { root: string; dir: string } {
  const root = mkdtempSync(join(tmpdir(), 'kb-list-'));
  const dir = join(root, 'incidents');
  mkdirSync(dir);
  for (const p of paths) {
    if (p.endsWith('/')) mkdirSync(join(dir, p), { recursive: true });
    else {
      mkdirSync(join(dir, p, '..'), { recursive: true });
      writeFileSync(join(dir, p), '---\nid: INC-2024-001\n---\n');
    }
  }
  return { root, dir };
}

const PLAIN = [
  '2024-01-01-a.md',
  '2024-01-02-b.mdx',
  '2024-01-03-c.MD',
  'notes.txt',
  'c.md.txt',
  'md',
  '2024/02/d.md',
  '2024/02/장애 보고서 (초안).md',
  'x.md/',
  'x.md/inside.md',
  'empty/',
  'name with\nnewline.md',
];

describe('listContentFiles', () => {
  it('walks a plain tree itself and finds what glob finds: folders named *.md too, other case and other extensions not', async () => {
    const { root, dir } = tree(PLAIN);
    const walked = plainMarkdownFiles(dir, 'linux');
    expect(walked).toBeDefined();
    expect(walked!.sort()).toEqual(await globbed(dir));
    expect(await listContentFiles(root, 'incident')).toEqual(await globbed(dir));
    expect(walked!.map((p) => p.slice(dir.length + 1)).sort()).toEqual(
      [
        '2024-01-01-a.md',
        '2024-01-02-b.mdx',
        '2024/02/d.md',
        '2024/02/장애 보고서 (초안).md',
        'x.md',
        'x.md/inside.md',
        'name with\nnewline.md',
      ].sort(),
    );
  });

  it('leaves a hidden name, a symlink, a socket, a missing folder and a case-insensitive platform to glob', async () => {
    for (const extra of [['.hidden.md'], ['.drafts/a.md'], ['deep/.x/']]) {
      const { root, dir } = tree([...PLAIN, ...extra]);
      expect(plainMarkdownFiles(dir, 'linux'), extra[0]).toBeUndefined();
      expect(await listContentFiles(root, 'incident')).toEqual(await globbed(dir));
    }
    {
      const { root, dir } = tree(PLAIN);
      symlinkSync(join(dir, '2024'), join(dir, 'linked'));
      symlinkSync(join(dir, '2024-01-01-a.md'), join(dir, 'link.md'));
      expect(plainMarkdownFiles(dir, 'linux')).toBeUndefined();
      expect(await listContentFiles(root, 'incident')).toEqual(await globbed(dir));
    }
    {
      const { root, dir } = tree(PLAIN);
      const server = createServer();
      await new Promise<void>((done) => server.listen(join(dir, 'socket.md'), done));
      try {
        expect(plainMarkdownFiles(dir, 'linux')).toBeUndefined();
        expect(await listContentFiles(root, 'incident')).toEqual(await globbed(dir));
      } finally {
        server.close();
      }
    }
    const { root, dir } = tree(PLAIN);
    expect(plainMarkdownFiles(join(root, 'missing'), 'linux')).toBeUndefined();
    expect(await listContentFiles(root, 'playbook')).toEqual([]);
    expect(plainMarkdownFiles(dir, 'darwin')).toBeUndefined();
    expect(plainMarkdownFiles(dir, 'win32')).toBeUndefined();
  });
});
