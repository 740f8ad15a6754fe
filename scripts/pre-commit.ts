#!/usr/bin/env node
/** What hooks installed before scripts/pre-commit.mjs run (`npm run hooks:install` updates them): the same hook. */
export {};
await import('./pre-commit.mjs');
