/**
 * The CI reports of `npm run check` read back by the tools that consume them:
 * GitHub workflow commands against @actions/core (GitHub's own toolkit, which
 * writes them) and their documented grammar, SARIF against the OASIS 2.1.0 JSON
 * Schema (ajv), JUnit through an XML parser (fast-xml-parser).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { error as coreError, warning as coreWarning } from '@actions/core';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { VFile } from 'vfile';
import { RULE_DOCS, formatReport, runCheck, type CheckResult } from '../src/check/index.ts';

const ROOT = resolve(import.meta.dirname, 'fixtures/check/kb');
const SARIF_SCHEMA = JSON.parse(readFileSync(resolve(import.meta.dirname, 'fixtures/schemas/sarif-2.1.0.json'), 'utf8'));

const fixtureResult = () => runCheck({ root: ROOT, today: '2026-11-22', cwd: resolve(import.meta.dirname, '..') });

/** A result with awkward values: a path with `,` and `:`, a message with `%`, CR and LF, a Korean file name. */
function awkwardResult(): CheckResult {
  const a = new VFile({ path: 'content/incidents/a,b:c.md' });
  const m1 = a.message('50% of requests failed\r\nsee: logs, then retry', {
    place: { start: { line: 3, column: 2 }, end: { line: 4, column: 9 } },
    ruleId: 'schema',
    source: 'kb',
  });
  m1.fatal = true;
  m1.url = 'https://example.com/rules#schema';
  const m2 = a.message('public IPv4 address', { place: { line: 7, column: 5 }, ruleId: 'pii/ip-address', source: 'kb' });
  m2.fatal = false;
  const b = new VFile({ path: 'content/incidents/결제 지연 & <장애>.md' });
  const m3 = b.message('heading "X" is not canonical', {
    place: { line: 1, column: 1 },
    ruleId: 'structure/unknown-heading',
    source: 'kb',
  });
  m3.fatal = undefined;
  const c = new VFile({ path: 'content/incidents/clean.md' });
  return { files: [a, b, c], errorCount: 1, warningCount: 1, infoCount: 1, completeness: new Map(), fixes: [] };
}

/**
 * GitHub's documented workflow-command grammar: `::name key=value,key=value::data`,
 * with `%25`, `%0D`, `%0A` (and in properties `%3A`, `%2C`) unescaped (actions/runner ActionCommand).
 */
function parseCommand(line: string): { command: string; props: Record<string, string>; data: string } | undefined {
  const m = line.match(/^::([a-z-]+)(?: ([^:]*))?::(.*)$/);
  if (!m) return undefined;
  const unData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  const unProp = (s: string) => unData(s.replace(/%3A/g, ':').replace(/%2C/g, ','));
  const props: Record<string, string> = {};
  for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    props[pair.slice(0, eq)] = unProp(pair.slice(eq + 1));
  }
  return { command: m[1], props, data: unData(m[3]) };
}

/** What @actions/core itself prints for an annotation. */
function coreOutput(fn: () => void): string {
  const write = process.stdout.write;
  let out = '';
  process.stdout.write = ((chunk: string) => {
    out += chunk;
    return true;
  }) as typeof process.stdout.write;
  try {
    fn();
  } finally {
    process.stdout.write = write;
  }
  return out.trim();
}

describe('--format github', () => {
  it('escapes data and properties exactly as GitHub’s toolkit does', () => {
    const lines = formatReport(awkwardResult(), { format: 'github' }).trim().split('\n');
    const ours = lines.map(parseCommand);
    const toolkit = coreOutput(() =>
      coreError('50% of requests failed\r\nsee: logs, then retry\nhttps://example.com/rules#schema', {
        title: 'schema',
        file: 'content/incidents/a,b:c.md',
        startLine: 3,
        endLine: 4,
        startColumn: 2,
        endColumn: 9,
      }),
    );
    expect(parseCommand(toolkit)).toEqual(ours[0]);
    // Not only the same meaning: each escaped value is byte-identical to the toolkit's.
    for (const part of toolkit.replace(/^::error /, '').split(/,|::/)) expect(lines[0]).toContain(part);
    expect(ours[0]).toMatchObject({ command: 'error', props: { file: 'content/incidents/a,b:c.md', line: '3', col: '2' } });
    expect(lines[0]).toContain('::50%25 of requests failed%0D%0Asee: logs, then retry%0Ahttps');
    expect(lines[0]).toContain('file=content/incidents/a%2Cb%3Ac.md,');
  });

  it('prints warnings and info as warning and notice commands, and the summary as plain log', () => {
    const lines = formatReport(awkwardResult(), { format: 'github' }).trim().split('\n');
    const warning = coreOutput(() =>
      coreWarning('public IPv4 address', { title: 'pii/ip-address', file: 'content/incidents/a,b:c.md', startLine: 7, startColumn: 5 }),
    );
    expect(parseCommand(lines[1])).toEqual(parseCommand(warning));
    expect(parseCommand(lines[2])).toMatchObject({
      command: 'notice',
      props: { file: 'content/incidents/결제 지연 & <장애>.md', title: 'structure/unknown-heading' },
    });
    expect(parseCommand(lines[3])).toBeUndefined();
    expect(lines[3]).toBe('3 files checked: 1 error, 1 warning, 1 info');
  });

  it('annotates every finding of the fixture root with its file, place, rule and docs link', async () => {
    const result = await fixtureResult();
    const commands = formatReport(result, { format: 'github' })
      .trim()
      .split('\n')
      .map(parseCommand)
      .filter((c) => c !== undefined);
    const messages = result.files.flatMap((f) => f.messages.map((m) => ({ f, m })));
    expect(commands).toHaveLength(messages.length);
    expect(commands.filter((c) => c.command === 'error')).toHaveLength(result.errorCount);
    expect(commands.filter((c) => c.command === 'warning')).toHaveLength(result.warningCount);
    for (const [i, { f, m }] of messages.entries()) {
      expect(commands[i].props).toMatchObject({ file: f.path, line: String(m.line), col: String(m.column), title: m.ruleId });
      expect(commands[i].data).toBe(`${m.reason}\n${m.url}`);
    }
    expect(commands.some((c) => c.props.endLine && c.props.endColumn)).toBe(true);
  });

  it('paths are relative to the repository root when asked', () => {
    const out = formatReport(awkwardResult(), { format: 'github', repoPath: (p) => `kb/${p}` });
    expect(parseCommand(out.split('\n')[0])?.props.file).toBe('kb/content/incidents/a,b:c.md');
  });
});

describe('--format sarif', () => {
  // unicodeRegExp off: the official schema's `language` pattern has a stray `]` that only the u flag rejects.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(SARIF_SCHEMA);

  it('is a valid SARIF 2.1.0 log for the whole fixture root, with rule metadata and help URLs', async () => {
    const result = await fixtureResult();
    const log = JSON.parse(formatReport(result, { format: 'sarif' }));
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(RULE_DOCS.map((d) => d.id));
    for (const r of run.tool.driver.rules) expect(r.helpUri).toMatch(/^https:\/\/.*docs\/rules\.md#/);
    expect(run.results).toHaveLength(result.errorCount + result.warningCount + result.infoCount);
    for (const res of run.results) {
      expect(run.tool.driver.rules[res.ruleIndex].id).toBe(res.ruleId);
      expect(res.locations[0].physicalLocation.artifactLocation.uri).toMatch(/^tests\/fixtures\/check\/kb\//);
    }
    expect(run.results.filter((r: { level: string }) => r.level === 'error')).toHaveLength(result.errorCount);
  });

  it('percent-encodes file names and keeps ranges', () => {
    const log = JSON.parse(formatReport(awkwardResult(), { format: 'sarif' }));
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const [first, , third] = log.runs[0].results;
    expect(first.locations[0].physicalLocation.region).toEqual({ startLine: 3, startColumn: 2, endLine: 4, endColumn: 9 });
    expect(third.level).toBe('note');
    expect(decodeURIComponent(third.locations[0].physicalLocation.artifactLocation.uri)).toBe('content/incidents/결제 지연 & <장애>.md');
  });
});

describe('--format junit', () => {
  // htmlEntities: decode character references (&#10;) as every conformant XML parser does.
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    htmlEntities: true,
    isArray: (name) => ['testsuite', 'testcase'].includes(name),
  });

  it('is well-formed JUnit XML whose counts match the check', async () => {
    const result = await fixtureResult();
    const xml = formatReport(result, { format: 'junit' });
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = parser.parse(xml);
    const suites = doc.testsuites.testsuite;
    expect(suites).toHaveLength(result.files.length);
    expect(Number(doc.testsuites.failures)).toBe(result.errorCount);
    const cases = suites.flatMap((s: { testcase: unknown[] }) => s.testcase);
    expect(Number(doc.testsuites.tests)).toBe(cases.length);
    const failed = cases.filter((c: { failure?: unknown }) => c.failure);
    expect(failed).toHaveLength(result.errorCount);
    expect(failed[0].failure['#text']).toMatch(/^tests\/fixtures\/check\/kb\/.*:\d+:\d+ error /);
  });

  it('escapes markup, counts warnings as failures with strict, and passes a clean file', () => {
    const xml = formatReport(awkwardResult(), { format: 'junit', strict: true });
    expect(XMLValidator.validate(xml)).toBe(true);
    const suites = parser.parse(xml).testsuites.testsuite;
    expect(suites[0].failures).toBe('2');
    expect(suites[0].testcase[0].failure.message).toBe('50% of requests failed\r\nsee: logs, then retry');
    expect(suites[1].name).toBe('content/incidents/결제 지연 & <장애>.md');
    expect(suites[1].testcase[0]['system-out']).toContain('info');
    expect(suites[2].testcase[0]).toMatchObject({ name: 'check' });
  });
});
