/**
 * Everything check does with one file, in one pass: parse it once, run the
 * per-file rules (when the file is reported), read its silencing comments, and
 * keep the small `LinkFacts` the cross-file rules need. The result is plain
 * data, so it can come back from a worker thread; the tree is dropped.
 */
import { positionFinder } from '../core/position.ts';
import { readContent, readContentSync, type ReadResult } from '../core/read.ts';
import type { KbConfig } from '../schema/config.ts';
import type { ContentFile } from '../core/content.ts';
import { parseEntry, type EntryKind, type ParsedEntry } from '../core/entry.ts';
import type { SectionSlice } from '../core/markdown/extract.ts';
import { RULES, isKnownRulePattern } from './registry.ts';
import { linkFacts } from './rules/links.ts';
import { incidentCompleteness } from '../core/completeness.ts';
import { parseDirectives, type Directive } from './suppress.ts';
import type { FileContext, Finding, LinkFacts } from './types.ts';
import type { Edition } from '../core/editions.ts';

export interface FileInput {
  path: string;
  relPath: string;
  kind: EntryKind;
  /** Run the per-file rules (otherwise only the facts are collected). */
  reported: boolean;
}

export interface FileOutcome {
  input: FileInput;
  /** sha256 of the text the findings refer to; `--fix` writes only if the file still has it ('' without `fix`). */
  hash: string;
  findings: Finding[];
  directives: Directive[];
  facts: LinkFacts;
  completeness?: { filled: number; total: number };
}

export interface CheckEnv {
  config: KbConfig;
  /** The content root: symlinks must stay inside it. */
  root?: string;
  today: string;
  /** `--fix`: hash each text, so a fix is written only to an unchanged file. */
  fix?: boolean;
  /** The edition checked for (`--edition`, KB_EDITION): `public` runs the public edition's rules. Default internal. */
  edition?: Edition;
}

export { positionFinder };

// node:crypto costs ~20-140 ms to load; only --fix needs it.
export const hashText = (text: string) => process.getBuiltinModule('node:crypto').createHash('sha256').update(text).digest('hex');

const internal = (error: unknown): Finding => ({
  ruleId: 'internal',
  line: 1,
  column: 1,
  message: `check failed on this file: ${(error as Error)?.message ?? String(error)}`,
});

function emptyFacts(input: FileInput): LinkFacts {
  const at = { line: 1, column: 1 };
  return {
    path: input.path,
    relPath: input.relPath,
    kind: input.kind,
    hasFrontmatter: false,
    idAt: at,
    aliases: [],
    playbooks: [],
    playbooksMissing: [],
    related: [],
    anchors: [],
    sections: [],
    links: [],
  };
}

/** Check one file's text (parsed already, or not). Never throws: a failure becomes an `internal` finding. */
export function checkText(input: FileInput, text: string, env: CheckEnv, parsed?: ParsedEntry): FileOutcome {
  const outcome: FileOutcome = { input, hash: env.fix ? hashText(text) : '', findings: [], directives: [], facts: emptyFacts(input) };
  let file: ContentFile;
  let sections: SectionSlice[];
  try {
    // `parsed`: the same file already parsed by the caller (the site loader parses each file once per build).
    file = { kind: input.kind, path: input.path, relPath: input.relPath, text, parsed: parsed ?? parseEntry(text, input.path, input.kind) };
    sections = file.parsed.slices;
    outcome.facts = linkFacts(file, sections);
  } catch (error) {
    if (input.reported) outcome.findings.push(internal(error));
    return outcome;
  }
  if (!input.reported) return outcome;
  let position: ((offset: number) => { line: number; column: number }) | undefined;
  const ctx: FileContext = {
    file,
    config: env.config,
    today: env.today,
    edition: env.edition ?? 'internal',
    sections,
    position: (offset) => (position ??= positionFinder(text))(offset), // built on the first finding that needs it
    report: (f) => outcome.findings.push(f),
  };
  for (const rule of RULES) {
    try {
      rule.checkFile?.(ctx);
    } catch (error) {
      outcome.findings.push(internal(error));
    }
  }
  try {
    const d = parseDirectives(file, isKnownRulePattern);
    outcome.directives = d.directives;
    outcome.findings.push(...d.problems);
  } catch (error) {
    outcome.findings.push(internal(error));
  }
  if (file.kind === 'incident') {
    const { filled, total } = incidentCompleteness(sections, file.parsed.frontmatter);
    outcome.completeness = { filled, total };
  }
  return outcome;
}

/** The outcome of a file that could not be read: one `file` finding, reported whether or not the file was asked for. */
export function unreadable(input: FileInput, problem: string, env: CheckEnv): FileOutcome {
  const out = checkText({ ...input, reported: false }, '', env);
  out.input = { ...input, reported: true };
  out.findings.push({ ruleId: 'file', line: 1, column: 1, message: `this file ${problem}` });
  return out;
}

function checkRead(input: FileInput, read: ReadResult, env: CheckEnv): FileOutcome {
  return read.problem !== undefined ? unreadable(input, read.problem, env) : checkText(input, read.text, env);
}

/** Read a file and check it; an unreadable file is a finding, not a crash or a silent skip. */
export async function readAndCheck(input: FileInput, env: CheckEnv): Promise<FileOutcome> {
  return checkRead(input, await readContent(input.path, env.root), env);
}

/** `readAndCheck` with a blocking read: for a thread with nothing else to do meanwhile. */
export function readAndCheckSync(input: FileInput, env: CheckEnv): FileOutcome {
  return checkRead(input, readContentSync(input.path, env.root), env);
}
