/**
 * Secret-shaped values for tests, generated from a seed at test time, so that
 * no real-looking key is ever committed (and no push protection trips on one).
 */

/** A deterministic random string over `alphabet` (mulberry32). */
export function keyLike(seed: number, alphabet: string, length: number): string {
  let a = seed >>> 0;
  let out = '';
  for (let i = 0; i < length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out += alphabet[(((t ^ (t >>> 14)) >>> 0) % alphabet.length) >>> 0];
  }
  return out;
}
export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64 = `${ALNUM}+/`;
const URLSAFE = `${ALNUM}_-`;
const HEX = '0123456789abcdef';
export const k = (n: number, alphabet = ALNUM, seed = n * 7919) => keyLike(seed, alphabet, n);

/** [what, text as pasted, rule, the value that must be reported] */
export const SECRET_FORMS: [string, string, string, string][] = [
  [
    'Azure storage AccountKey',
    `DefaultEndpointsProtocol=https;AccountName=ops;AccountKey=${k(86, B64)}==;EndpointSuffix=core.windows.net`,
    'secrets/cloud-key',
    `${k(86, B64)}==`,
  ],
  [
    'SendGrid',
    `SENDGRID_API_KEY=SG.${k(22, URLSAFE)}.${k(43, URLSAFE, 4)}`,
    'secrets/api-key',
    `SG.${k(22, URLSAFE)}.${k(43, URLSAFE, 4)}`,
  ],
  ['Vault', `export VAULT_TOKEN=hvs.${k(24, URLSAFE)}`, 'secrets/api-key', `hvs.${k(24, URLSAFE)}`],
  ['Twilio API key', `TWILIO_API_KEY=SK${k(32, HEX)}`, 'secrets/api-key', `SK${k(32, HEX)}`],
  ['npm', `//registry.npmjs.org/:_authToken=npm_${k(36)}`, 'secrets/api-key', `npm_${k(36)}`],
  ['PyPI', `password = pypi-AgEIcHlwaS5vcmc${k(60, URLSAFE)}`, 'secrets/api-key', `pypi-AgEIcHlwaS5vcmc${k(60, URLSAFE)}`],
  ['OpenAI project key', `OPENAI_API_KEY=sk-proj-${k(60, URLSAFE)}`, 'secrets/api-key', `sk-proj-${k(60, URLSAFE)}`],
  [
    'OpenAI legacy key',
    `openai.api_key = "sk-${k(20)}T3BlbkFJ${k(20, ALNUM, 3)}"`,
    'secrets/api-key',
    `sk-${k(20)}T3BlbkFJ${k(20, ALNUM, 3)}`,
  ],
  ['Anthropic', `x-api-key: sk-ant-api03-${k(90, URLSAFE)}`, 'secrets/api-key', `sk-ant-api03-${k(90, URLSAFE)}`],
  ['Stripe', `STRIPE_SECRET=sk_live_${k(32)}`, 'secrets/api-key', `sk_live_${k(32)}`],
  [
    'Authorization: Basic',
    `curl -H "Authorization: Basic ${Buffer.from(`deploy:${k(14)}`).toString('base64')}" https://ci.example.com`,
    'secrets/basic-auth',
    Buffer.from(`deploy:${k(14)}`).toString('base64'),
  ],
  ['mysql -p', `mysql -h db-3 -u root -p${k(12)} orders`, 'secrets/password', k(12)],
  ['unquoted password setting', `database:\n  host: db-3\n  password: ${k(10)}!9`, 'secrets/password', `${k(10)}!9`],
  [
    'GCP service account',
    `{"type": "service_account", "project_id": "ops", "private_key_id": "${k(40, HEX)}", "client_email": "x@ops.iam.gserviceaccount.com"}`,
    'secrets/cloud-key',
    k(40, HEX),
  ],
  [
    'PEM in a JSON string',
    `"private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEv${k(40, B64)}\\n-----END PRIVATE KEY-----\\n"`,
    'secrets/private-key',
    `-----BEGIN PRIVATE KEY-----\\nMIIEv${k(40, B64)}\\n-----END PRIVATE KEY-----`,
  ],
  [
    'EC PEM',
    `-----BEGIN EC PRIVATE KEY-----\nMHcC${k(40, B64)}\n-----END EC PRIVATE KEY-----`,
    'secrets/private-key',
    `-----BEGIN EC PRIVATE KEY-----\nMHcC${k(40, B64)}\n-----END EC PRIVATE KEY-----`,
  ],
  [
    'PGP key block',
    `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOY${k(40, B64)}\n-----END PGP PRIVATE KEY BLOCK-----`,
    'secrets/private-key',
    `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOY${k(40, B64)}\n-----END PGP PRIVATE KEY BLOCK-----`,
  ],
  [
    'encrypted PEM',
    `-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIF${k(40, B64)}\n-----END ENCRYPTED PRIVATE KEY-----`,
    'secrets/private-key',
    `-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIF${k(40, B64)}\n-----END ENCRYPTED PRIVATE KEY-----`,
  ],
  ['GitHub token', `GH_TOKEN=ghp_${k(36)}`, 'secrets/github-token', `ghp_${k(36)}`],
  [
    'AWS access key id',
    `aws_access_key_id = AKIA${k(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
    'secrets/aws-access-key',
    `AKIA${k(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
  ],
];
