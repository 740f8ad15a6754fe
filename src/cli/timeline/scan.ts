/**
 * Messages go through `npm run check`'s secret and personal-data scanner
 * before anything is written: a secret stops the import (the user must take it
 * out of the source or the window), personal data is masked exactly as
 * `check --fix` masks it, so the written timeline passes the check.
 */
import { readFileSync } from 'node:fs';
import { levelFor } from '../../check/registry.ts';
import { redact, type SensitiveMatch, scanSensitive } from '../../check/scan/secrets.ts';
import type { KbConfig } from '../../schema/config.ts';
import { CliError } from '../shared/args.ts';
import type { SourceMessage } from './sources/index.ts';

export interface SecretFound {
  place: string;
  ruleId: string;
  label: string;
  preview: string;
}

/** Apply the masks of the PII matches (back to front, as `check --fix` does). */
function applyMasks(text: string, matches: SensitiveMatch[]): string {
  let out = text;
  for (const m of [...matches].sort((a, b) => b.start - a.start)) if (m.mask) out = out.slice(0, m.start) + m.mask + out.slice(m.end);
  return out;
}

/**
 * The line of a source file where a value sits: searched in the file as
 * written (JSON escapes its slashes and quotes), from the message's own line on.
 */
function lineOfValue(file: string, value: string, fromLine = 1): number | undefined {
  const text = fileText(file);
  if (text === undefined) return undefined;
  const escaped = JSON.stringify(value).slice(1, -1);
  let from = 0;
  for (let line = 1; line < fromLine && from >= 0; line++) from = text.indexOf('\n', from) + 1;
  for (const v of [value, escaped, escaped.replace(/\//g, '\\/')]) {
    const at = text.indexOf(v.split('\n')[0], Math.max(0, from));
    if (at >= 0) return text.slice(0, at).split('\n').length;
  }
  return undefined;
}

/** The line on which each element of the first JSON array in the text starts (a Slack day file's messages). */
export function elementLines(text: string): number[] {
  const lines: number[] = [];
  let depth = 0;
  let arrayDepth = -1;
  let expecting = false;
  let inString = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (expecting && depth === arrayDepth && c !== ',' && c !== ']' && c.trim()) {
      expecting = false;
      lines.push(line);
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (c === '[' && arrayDepth < 0) {
        arrayDepth = depth;
        expecting = true;
      }
    } else if (c === ']' || c === '}') {
      if (depth === arrayDepth) break;
      depth--;
    } else if (c === ',' && depth === arrayDepth) expecting = true;
  }
  return lines;
}

const fileTexts = new Map<string, string | undefined>();
const fileElements = new Map<string, number[]>();
function fileText(file: string): string | undefined {
  if (!fileTexts.has(file)) {
    try {
      fileTexts.set(file, readFileSync(file, 'utf8'));
    } catch {
      fileTexts.set(file, undefined);
    }
  }
  return fileTexts.get(file);
}

/** `file:line` of a message (the line of the secret itself where it can be found). */
export function placeOf(origin: SourceMessage['origin'], value?: string): string {
  const line = value === undefined ? undefined : lineOfValue(origin.file, value, origin.line);
  if (line !== undefined) return `${origin.file}:${line}`;
  if (origin.line !== undefined) return `${origin.file}:${origin.line}`;
  let elements = fileElements.get(origin.file);
  if (!elements && origin.index !== undefined) {
    const text = fileText(origin.file);
    elements = text === undefined ? [] : elementLines(text);
    fileElements.set(origin.file, elements);
  }
  const element = origin.index === undefined ? undefined : elements?.[origin.index];
  if (element !== undefined) return `${origin.file}:${element}`;
  return origin.index !== undefined ? `${origin.file} (item ${origin.index + 1})` : origin.file;
}

export interface ScanResult {
  /** PII values masked, by rule id. */
  masked: Map<string, number>;
}

/**
 * Scan the author and text of every message (pass replies too) and mask PII in
 * place. Throws (exit 2, nothing written) on the first secret, with its place,
 * its rule id and a redacted preview; never the value itself.
 */
export function scanMessages(messages: SourceMessage[], config: KbConfig): ScanResult {
  const masked = new Map<string, number>();
  const secrets: SecretFound[] = [];
  const enabled = (ruleId: string) => levelFor(ruleId, config) !== 'off';
  const clean = (m: SourceMessage, text: string): string => {
    const found = scanSensitive(text, { allow: config.pii_allow }).filter((f) => enabled(f.ruleId));
    for (const f of found) {
      if (f.kind === 'secret') secrets.push({ place: placeOf(m.origin, f.value), ruleId: f.ruleId, label: f.label, preview: redact(f) });
      else if (f.mask) masked.set(f.ruleId, (masked.get(f.ruleId) ?? 0) + 1);
    }
    return applyMasks(
      text,
      found.filter((f) => f.kind === 'pii'),
    );
  };
  for (const m of messages) {
    m.text = clean(m, m.text);
    if (m.author) m.author = clean(m, m.author);
  }
  if (secrets.length) {
    const [s] = secrets;
    const more = secrets.length > 1 ? ` (and ${secrets.length - 1} more)` : '';
    throw new CliError(
      `${s.place}: ${s.ruleId}: ${s.label} (${s.preview}) in a message${more}; remove it from the source (and rotate it), or leave the message out with --from/--to. Nothing was written.`,
      2,
    );
  }
  return { masked };
}
