import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll } from 'vitest';

// Property tests are reproducible by default, so CI never fails on a fresh random draw.
// Explore new inputs with FC_SEED=<number>; a failure prints the seed and path to replay it.
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20_261_122) });

// Every temporary folder a test file makes, and what the processes it starts make (they inherit
// TMPDIR), goes into one folder of its own, removed when the file is done: repeated runs leave
// nothing behind in /tmp. KB_KEEP_TEST_TMP=1 keeps them, to look at after a failure.
const own = mkdtempSync(join(tmpdir(), 'kb-test-'));
process.env.TMPDIR = own;
afterAll(() => {
  if (!process.env.KB_KEEP_TEST_TMP) rmSync(own, { recursive: true, force: true });
});
