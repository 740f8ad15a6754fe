import { defineConfig } from 'vitest/config';

// Three parts, each runnable alone (`npm run test:unit`, `test:site`, `test:e2e`); `npm test` runs all.
const shared = {
  setupFiles: ['tests/setup.ts'],
  // Site builds and browser runs take seconds each; give them room on a 2-core machine.
  testTimeout: 180_000,
  hookTimeout: 300_000,
};

export default defineConfig({
  test: {
    // In CI also write a JSON report, from which .ci/run prints a plain "N passed, N failed" line.
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'tests/.tmp/vitest-report.json' }]] : ['default'],
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      // Pure functions and the CLIs as processes (a few of them build a small site once).
      { test: { ...shared, name: 'unit', include: ['tests/**/*.test.ts'], exclude: ['tests/site-*.test.ts', 'tests/e2e/**'] } },
      // Fixture sites built with `npm run build`, asserted on their output files.
      { test: { ...shared, name: 'site', include: ['tests/site-*.test.ts'] } },
      // A built site served on loopback and driven in Debian's Chromium.
      { test: { ...shared, name: 'e2e', include: ['tests/e2e/**/*.test.ts'] } },
    ],
  },
});
