/**
 * The shapes shared by the check runner and its rules. A rule reads one parsed
 * file (or, for cross-file rules, all of them) and reports findings; the runner
 * turns findings into `VFileMessage`s after applying levels and silencing.
 */
import type { KbConfig } from '../schema/config.ts';
import type { ContentFile } from '../core/content.ts';
import type { EntryKind } from '../core/entry.ts';
import type { SectionSlice } from '../core/markdown/extract.ts';
import type { Edition } from '../core/editions.ts';

/** `info` exists for rules such as unknown headings; config may set `off`, `warn` or `error`. */
export type Level = 'off' | 'info' | 'warn' | 'error';

export interface RuleDoc {
  /** Stable id, used in config, silencing comments and the report. */
  id: string;
  /** Level when `rules:` in kb.config.yaml says nothing. */
  level: Exclude<Level, 'off'>;
  /** One line: what the rule reports. */
  doc: string;
}

export interface Finding {
  ruleId: string;
  message: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** One level below the rule's level (e.g. a required section in a draft). */
  soft?: boolean;
  /** A safe in-place replacement `--fix` may apply (offsets into the file text). */
  fix?: { start: number; end: number; from: string; to: string };
}

export interface FileContext {
  file: ContentFile;
  config: KbConfig;
  /** `YYYY-MM-DD`, for overdue action items. */
  today: string;
  /** The edition checked for: `public` runs the public edition's rules (`editions/*`). */
  edition: Edition;
  /** The body split at its section headings, computed once per file. */
  sections: SectionSlice[];
  /** Line and column (1-based) of an offset into the file text. */
  position(offset: number): { line: number; column: number };
  report(finding: Finding): void;
}

export interface Loc {
  line: number;
  column: number;
}

/** What cross-file rules know about a file (see `linkFacts`); plain data, no tree. */
export interface LinkFacts {
  path: string;
  relPath: string;
  kind: EntryKind;
  hasFrontmatter: boolean;
  id?: string;
  idAt: Loc;
  aliases: { name: string; at: Loc }[];
  playbooks: { name: string; at: Loc }[];
  playbooksMissing: { name: string; at: Loc }[];
  related: { name: string; at: Loc }[];
  /** Every anchor the page has: canonical section ids and heading slugs. */
  anchors: string[];
  /** Canonical section ids, for messages. */
  sections: string[];
  /** Internal-looking links in the body, with their place. */
  links: { url: string; line: number; column: number }[];
}

export interface CorpusContext {
  /** Every incident and playbook under the content root (not only the reported ones). */
  files: LinkFacts[];
  config: KbConfig;
  /** Whether findings on this file are wanted. */
  reported(file: LinkFacts): boolean;
  report(file: LinkFacts, finding: Finding): void;
}

/** One module per concern. A rule never throws on bad input: it reports. */
export interface Rule {
  /** The ids this module reports, with their docs and default levels. */
  docs: RuleDoc[];
  checkFile?(ctx: FileContext): void;
  checkCorpus?(ctx: CorpusContext): void;
}
