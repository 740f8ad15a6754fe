import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isPublicIPv4, isPublicIPv6, redact, scanSensitive } from '../src/check/scan/secrets.ts';

const found = (text: string) => scanSensitive(text).map((m) => [m.ruleId, m.value]);

describe('secrets', () => {
  it.each([
    [
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----',
      'secrets/private-key',
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----',
    ],
    [
      'key: -----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn (truncated)',
      'secrets/private-key',
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn (truncated)',
    ],
    ['export AWS_ACCESS_KEY_ID=AKIAZ7Q4VXKPLM2R8TNW', 'secrets/aws-access-key', 'AKIAZ7Q4VXKPLM2R8TNW'],
    [
      'aws_secret_access_key = Zq8vR3mK9pLw2XnB7cYt4HsJ6dFa1GeU5iOo0rTy',
      'secrets/aws-secret-key',
      'Zq8vR3mK9pLw2XnB7cYt4HsJ6dFa1GeU5iOo0rTy',
    ],
    ['"SecretAccessKey": "Zq8vR3mK9pLw2XnB7cYt4HsJ6dFa1GeU5iOo0rTy"', 'secrets/aws-secret-key', 'Zq8vR3mK9pLw2XnB7cYt4HsJ6dFa1GeU5iOo0rTy'],
    ['token ghp_R4nd0mT0k3nV4lu3F0rT3st1ngPurp0s3sXy', 'secrets/github-token', 'ghp_R4nd0mT0k3nV4lu3F0rT3st1ngPurp0s3sXy'],
    [
      'github_pat_11ABCDEFG0abcdefghijkl_mnopqrstuvwxyz0123456789ABCDEF',
      'secrets/github-token',
      'github_pat_11ABCDEFG0abcdefghijkl_mnopqrstuvwxyz0123456789ABCDEF',
    ],
    ['SLACK_TOKEN=xoxb-2048-4096-Rt5Yu7Io9Pa1Sd3Fg5Hj', 'secrets/slack-token', 'xoxb-2048-4096-Rt5Yu7Io9Pa1Sd3Fg5Hj'],
    [
      'POST https://hooks.slack.com/services/T0123ABCD/B0123ABCD/abcdefghijklmnop',
      'secrets/slack-token',
      'https://hooks.slack.com/services/T0123ABCD/B0123ABCD/abcdefghijklmnop',
    ],
    ['Authorization: Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0', 'secrets/bearer-token', '9f8e7d6c5b4a39281706f5e4d3c2b1a0'],
    [
      'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      'secrets/jwt',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    ],
    ['DATABASE_URL=postgres://app:Tr0ub4dor3@db.acme.io:5432/app', 'secrets/url-password', 'Tr0ub4dor3'],
    ['Server=db;Database=app;User Id=app;Password=Tr0ub4dor3x;', 'secrets/password', 'Tr0ub4dor3x'],
    ['PGPASSWORD=s3cr3tpw psql -h db', 'secrets/password', 's3cr3tpw'],
    ['MYSQL_ROOT_PASSWORD: "hunter22"', 'secrets/password', '"hunter22"'],
    ['key=AIzaSyA1234567890abcdefghijklmnopqrstuv', 'secrets/api-key', 'AIzaSyA1234567890abcdefghijklmnopqrstuv'],
  ])('finds %j', (text, ruleId, value) => {
    expect(found(text)).toEqual([[ruleId, value]]);
  });

  it.each([
    'AKIAIOSFODNN7EXAMPLE',
    'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    'Authorization: Bearer $TOKEN',
    'Authorization: Bearer <your-token>',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell variable in a connection string, as pasted
    'postgres://user:${DB_PASSWORD}@db:5432/app',
    'postgres://user:password@localhost/app',
    "ubuntu@10.0.17.22's password:",
    'Password=<secret>;',
    'ssh-rsa AAAAB3-REPLACE-WITH-YOUR-PUBLIC-KEY my-key',
    'debug1: Trying private key: /home/ubuntu/.ssh/id_rsa',
  ])('ignores placeholders and look-alikes: %j', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('never shows a whole secret in a preview', () => {
    const [m] = scanSensitive('ghp_R4nd0mT0k3nV4lu3F0rT3st1ngPurp0s3sXy');
    expect(redact(m)).toBe('ghp_…(40 chars)');
  });
});

describe('personal data', () => {
  it.each([
    ['from 14.32.250.213 port 22', 'pii/ip-address', '14.32.250.213', '14.32.x.x'],
    ['[2a01:4f8:c0c:1234::1]:443', 'pii/ip-address', '2a01:4f8:c0c:1234::1', '2a01:x:x:x:x:x:x:x'],
    ['mail jane.doe@acme.io.', 'pii/email', 'jane.doe@acme.io', 'j***@acme.io'],
    ['call +82 10-2345-6789 now', 'pii/phone', '+82 10-2345-6789', '+** **-****-**89'],
    ['휴대폰 010-9876-5432', 'pii/phone', '010-9876-5432', '***-****-**32'],
    ['(415) 867-5309', 'pii/phone', '(415) 867-5309', '(***) ***-**09'],
    [
      'ECDSA key fingerprint is SHA256:v4eIpa+LzMevP9j/Zswex0aZwKUuGiWz7mkT2f489vc.',
      'pii/fingerprint',
      'SHA256:v4eIpa+LzMevP9j/Zswex0aZwKUuGiWz7mkT2f489vc',
      'SHA256:v4eI****',
    ],
    [
      'MD5:43:51:43:a1:b5:fc:8b:b7:0a:3a:a9:b1:0f:66:73:a8',
      'pii/fingerprint',
      'MD5:43:51:43:a1:b5:fc:8b:b7:0a:3a:a9:b1:0f:66:73:a8',
      'MD5:43:xx:xx:xx:xx:xx:xx:xx:xx:xx:xx:xx:xx:xx:xx:xx',
    ],
  ])('finds and masks %j', (text, ruleId, value, mask) => {
    const matches = scanSensitive(text);
    expect(matches.map((m) => [m.ruleId, m.value, m.mask])).toEqual([[ruleId, value, mask]]);
    expect(text.slice(matches[0].start, matches[0].end)).toBe(value);
    // The mask is not found again.
    expect(scanSensitive(text.replace(value, mask))).toEqual([]);
  });

  it.each([
    '10.0.45.159',
    '172.20.1.1',
    '192.168.0.9',
    '127.0.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '192.0.2.10',
    '198.51.100.7',
    '203.0.113.10',
    '0.0.0.0',
    '255.255.255.0',
    '224.0.0.251',
    'fe80::1',
    '::1',
    '2001:db8::1',
    'fd00::1',
    'ff02::1',
    'OpenSSH_7.6p1 Ubuntu-4ubuntu0.2, OpenSSL 1.0.2n  7 Dec 2017',
    'Linux 4.15.0-1031-aws x86_64',
    'v1.2.3.4',
    '16:25:53',
    'aa:bb:cc:dd:ee:ff',
    'ssh i-0123456789abcdef0.port0@serial-console.ec2-instance-connect.ap-northeast-2.aws',
    'git@github.com:acme/kb.git',
    'ops@example.com',
    'nara@MZC-NARA',
    '2019-02-15 16:01',
    '01234567-89ab-cdef-0123-456789abcdef',
    'SHA256:EXAMPLEFINGERPRINT',
    'SHA256:g4A.',
    '555-0123',
    '(555) 555-0123',
  ])('leaves %j alone', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('classifies addresses', () => {
    expect([isPublicIPv4('8.8.8.8'), isPublicIPv4('10.1.2.3'), isPublicIPv4('172.32.0.1'), isPublicIPv4('999.1.1.1')]).toEqual([
      true,
      false,
      true,
      false,
    ]);
    expect([
      isPublicIPv6('2606:4700::1111'),
      isPublicIPv6('2001:db8::5'),
      isPublicIPv6('::ffff:8.8.8.8'),
      isPublicIPv6('::ffff:10.0.0.1'),
    ]).toEqual([true, false, true, false]);
  });

  it('honours an allow list of exact values and /regex/', () => {
    expect(scanSensitive('status 8.8.8.8 and 1.1.1.1', { allow: ['8.8.8.8', '/^1\\.1\\./'] })).toEqual([]);
  });

  it("finds exactly the real seed incident's client IP (twice) and one full fingerprint", () => {
    const text = readFileSync(resolve(import.meta.dirname, '../content/incidents/2019-02-15-keypair-permission-denied.md'), 'utf8');
    expect(found(text)).toEqual([
      ['pii/ip-address', '14.32.250.213'],
      ['pii/ip-address', '14.32.250.213'],
      ['pii/fingerprint', 'SHA256:v4eIpa+LzMevP9j/Zswex0aZwKUuGiWz7mkT2f489vc'],
    ]);
  });

  it('finds nothing in the SSH playbook, whose addresses are documentation ranges', () => {
    const text = readFileSync(resolve(import.meta.dirname, '../content/playbooks/ssh-permission-denied-publickey.md'), 'utf8');
    expect(found(text)).toEqual([]);
  });
});

describe('anchored scan', () => {
  // The scan tries each regex only where a match can start (before an `@`, a `:`, a `://`);
  // it must find exactly what trying every offset finds.
  const files = (dir: string, out: string[] = []): string[] => {
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) files(p, out);
      else if (/\.(?:mdx?|txt|ya?ml)$/.test(f)) out.push(p);
    }
    return out;
  };
  const root = resolve(import.meta.dirname, '..');
  const texts = [...files(join(root, 'tests/fixtures')), ...files(join(root, 'content'))].map((f) => readFileSync(f, 'utf8'));

  it('finds what the exhaustive scan finds in every fixture and the seed content', () => {
    for (const text of texts) expect(scanSensitive(text)).toEqual(scanSensitive(text, { exhaustive: true }));
  });

  it('finds what the exhaustive scan finds in random text made of address-like pieces', () => {
    const piece = fc.constantFrom(
      '@',
      ':',
      '::',
      '://',
      '.',
      '-',
      '+',
      '_',
      ' ',
      '\n',
      'a',
      'Z',
      '0',
      '9',
      'f',
      'ab',
      'dead',
      'beef',
      '2001',
      'db8',
      'fe80',
      '14',
      '32',
      '250',
      '213',
      'SHA256',
      'MD5',
      'ssh ',
      '250.14.32.213',
      '8.8.8.8',
      '100.64.1.1',
      '1.2.3.4.5',
      '999.1.1.1',
      '2001:db8::1',
      '2a00:1450:4001:81b::200e',
      'ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89',
      'user',
      'mina.kim',
      'acme.io',
      'example.com',
      'https',
      'postgres',
      'pa55w0rd',
      'a'.repeat(20),
      'v4eIpa+LzMevP9j/Zswex0aZwKUuGiWz7mkT2f489vc',
      'Password=',
      'Bearer ',
      '한글',
      '(',
      ')',
      '"',
      "'",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        expect(scanSensitive(text)).toEqual(scanSensitive(text, { exhaustive: true }));
      }),
      { numRuns: 3000 },
    );
  });
});
