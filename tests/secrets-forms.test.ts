/**
 * The secret forms a post-mortem pastes, the published forms that hide them
 * (YAML escapes, markdown escapes, HTML entities), the false positives found so
 * far, and how a reviewed false positive is allowed. Every key-shaped value is
 * generated here at test time from a seed, so no real-looking key is committed.
 */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../src/check/index.ts';
import { secretFingerprint } from '../src/check/rules/sensitive.ts';
import { scanSensitive } from '../src/check/scan/secrets.ts';
import { ALNUM, k, SECRET_FORMS } from './helpers/secrets.ts';

describe('secret forms a post-mortem pastes', () => {
  it.each(SECRET_FORMS)('%s', (_what, text, ruleId, value) => {
    const found = scanSensitive(text).filter((m) => m.kind === 'secret');
    expect(found.map((m) => [m.ruleId, m.value])).toContainEqual([ruleId, value]);
  });
});

describe('false positives found so far', () => {
  it.each([
    ['a shell working directory', 'cd /srv/orders && env | grep PWD\nPWD=/srv/orders'],
    ['a pod name', 'kubectl logs sk-ledger-reconciler-7d9f8c6b5-x2x9k -n ledger'],
    ['a version', 'We upgraded the client library to 2.4.1.8 and rolled back to version 2.4.1.7.'],
    ['a phone-shaped range', 'Order ids 100-200-3000 were affected.'],
    ['a password policy in prose', 'password: rotated by the vault agent'],
  ])('%s is not reported', (_what, text) => {
    expect(scanSensitive(text).map((m) => `${m.ruleId} ${m.value}`)).toEqual([]);
  });

  it('--fix never rewrites a version', async () => {
    const root = fixtureRoot('upgraded the driver to 2.4.1.8 at 14:02; v2.4.1.8 is pinned');
    await runCheck({ root, fix: async () => expect.unreachable('nothing to fix'), workers: 0 });
  });
});

function fixtureRoot(body: string, frontmatter = '', config = ''): string {
  const root = mkdtempSync(join(tmpdir(), 'kb-secrets-'));
  mkdirSync(join(root, 'incidents'));
  mkdirSync(join(root, 'playbooks'));
  if (config) writeFileSync(join(root, 'kb.config.yaml'), config);
  writeFileSync(
    join(root, 'incidents/x.md'),
    `---\nid: INC-2024-001\ntitle: "x"\nsummary: "x"\nstatus: draft\nseverity: SEV3\ntimezone: UTC\nstarted: "2024-03-05T14:00"\nroot_cause:\n  category: unknown\n${frontmatter}---\n\n## Overview\n\n${body}\n`,
  );
  return root;
}

async function secretsIn(root: string) {
  const result = await runCheck({ root, workers: 0 });
  return result.files.flatMap((f) => f.messages).filter((m) => String(m.ruleId).startsWith('secrets/') || m.ruleId === 'ignore/secrets');
}

describe('what gets published, not only the bytes', () => {
  const gh = `ghp_${k(36, ALNUM, 99)}`;
  it('YAML escapes and line continuations', async () => {
    const escaped = [...gh].map((c, i) => (i % 3 ? c : `\\x${c.charCodeAt(0).toString(16)}`)).join('');
    const continued = `${gh.slice(0, 10)}\\\n  ${gh.slice(10)}`;
    for (const fm of [`trigger: "${escaped}"\n`, `trigger: "${continued}"\n`]) {
      const [m] = await secretsIn(fixtureRoot('Body.', fm));
      expect(m?.ruleId, fm).toBe('secrets/github-token');
      expect(m.reason).toContain('after YAML decoding');
      expect(m.line).toBe(11);
    }
  });

  it('markdown escapes and HTML entities', async () => {
    for (const body of [gh.replace('_', '\\_'), `<span>&#${gh.charCodeAt(0)};${gh.slice(1)}</span>`, `&#x67;${gh.slice(1)}`]) {
      const found = await secretsIn(fixtureRoot(`The token was ${body} in the log.`));
      expect(
        found.map((m) => m.ruleId),
        body,
      ).toEqual(['secrets/github-token']);
    }
  });

  it('kb-ignore cannot silence a secret; a fingerprint in secrets_allow can', async () => {
    const body = `<!-- kb-ignore secrets/github-token: a test token -->\nThe token was ${gh}.`;
    expect((await secretsIn(fixtureRoot(body))).map((m) => m.ruleId)).toEqual(['ignore/secrets', 'secrets/github-token']);
    const fingerprint = secretFingerprint('secrets/github-token', gh);
    const [finding] = await secretsIn(fixtureRoot(`The token was ${gh}.`));
    expect(finding.reason).toContain(fingerprint);
    expect(await secretsIn(fixtureRoot(`The token was ${gh}.`, '', `secrets_allow: ["${fingerprint}"]\n`))).toEqual([]);
  });

  it('a directive inside a quoted YAML string is not a directive', async () => {
    const root = fixtureRoot('Body.', 'services: ["x # kb-ignore schema: not a comment"]\nbogus: 1\n');
    const result = await runCheck({ root, workers: 0 });
    const ids = result.files.flatMap((f) => f.messages).map((m) => m.ruleId);
    expect(ids).toContain('schema');
    expect(ids).not.toContain('ignore/unused');
    expect(readFileSync(join(root, 'incidents/x.md'), 'utf8')).toContain('# kb-ignore schema');
  });
});
