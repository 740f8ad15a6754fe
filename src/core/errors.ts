/**
 * Error strings in content: the log lines an incident quotes, and the names
 * and shapes that make two of them "the same error". Search weighs the lines
 * (`site/search/record.ts`), and similar incidents match on their names and
 * signatures (`similar.ts`). Pure.
 */

/** An error message as it appears in logs and terminals. */
const ERROR_LINE =
  /\b(?:error|errno|denied|refused|fail(?:ed|ure)?|fatal|panic|exception|traceback|timed? ?out|unable to|cannot|not found|no such|invalid|unauthori[sz]ed|forbidden|killed|oom|segfault|unreachable|exhausted)\b/i;
const MAX_ERROR_LINES = 20;
const MAX_LINE_LENGTH = 300;

/** Lines inside fenced code blocks that report an error, trimmed and without duplicates. */
export function errorLines(markdown: string): string[] {
  const lines = new Set<string>();
  let fence: string | undefined;
  for (const raw of markdown.split('\n')) {
    const line = raw.trim();
    const marker = /^(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (!fence || (marker[0] === fence[0] && marker.length >= fence.length && line === marker))) {
      fence = fence ? undefined : marker;
      continue;
    }
    if (fence && line.length <= MAX_LINE_LENGTH && ERROR_LINE.test(line)) lines.add(line);
    if (lines.size >= MAX_ERROR_LINES) break;
  }
  return [...lines];
}

/**
 * Names that identify an error on their own, wherever they are quoted:
 * exception and status names in CamelCase (`CommitFailedException`, `OOMKilled`,
 * `CrashLoopBackOff`), error codes in capitals (`ENOSPC`, `EAI_AGAIN`, `SERVFAIL`),
 * and HTTP error statuses with their text (`502 Bad Gateway`). Each name once, as written.
 */
export function errorNames(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(
    /(?<![\w.])(?:[a-z]+\.)*([A-Z][a-z0-9]*(?:[A-Z]+[a-z0-9]*){1,}|[A-Z][A-Z0-9]*_[A-Z0-9_]+|E[A-Z]{4,}|[A-Z]{6,})(?![\w])/g,
  )) {
    const name = m[1]!;
    // Two capitals at least, and not a plain acronym run of a product (`PostgreSQL` still counts: it is rare and specific).
    if (/[a-z]/.test(name) ? /[A-Z].*[A-Z]/.test(name) && name.length >= 6 : name.length >= 5) names.add(name);
  }
  for (const m of text.matchAll(/\b([45]\d\d) ([A-Z][a-z]+(?: [A-Z][a-z]+)*)/g)) names.add(`${m[1]} ${m[2]}`);
  return [...names];
}

/**
 * An error line without what varies between occurrences: hosts, addresses,
 * numbers, ids, quoted values and timestamps, lowercased. Two incidents whose
 * logs have the same signature hit the same error.
 */
export function errorSignature(line: string): string {
  return line
    .toLowerCase()
    .replace(/\b\d{4}-\d\d-\d\d[t ][\d:.]+z?\b/g, ' ')
    .replace(/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, '<ip>')
    .replace(/\b[\w-]*\d[\w-]*\b/g, '#')
    .replace(/(["'`]).*?\1/g, '"…"')
    .replace(/[^\p{L}\p{N}#<>"…]+/gu, ' ')
    .trim();
}
