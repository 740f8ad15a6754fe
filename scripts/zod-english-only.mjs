/**
 * For the pre-commit hook's process only (scripts/pre-commit.mjs imports this
 * first): zod's API loads all 64 of its locales as modules (~25 ms of the
 * hook's ~0.5 s) and speaks English unless told otherwise, which nothing here
 * does. This makes its list of locales (`z.locales`) English alone; every
 * schema and message is the same. tests/pre-commit.test.ts checks that it
 * still applies to the installed zod. Without module.registerHooks (Node
 * before 22.15) it does nothing.
 */
import module from 'node:module';

const ZOD_LOCALES = /\/node_modules\/zod\/v4\/locales\/index\.js$/;

module.registerHooks?.({
  load: (url, context, nextLoad) =>
    ZOD_LOCALES.test(url)
      ? { format: 'module', source: "export { default as en } from './en.js';\n", shortCircuit: true }
      : nextLoad(url, context),
});
