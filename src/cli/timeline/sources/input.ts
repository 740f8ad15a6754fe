/**
 * Small helpers shared by the readers: decoding file bytes, parsing JSON and
 * JSON lines into SourceErrors that name the file and place, and reading
 * loosely-shaped JSON without throwing TypeErrors on surprises.
 */
import { SourceError } from './types.ts';

export interface Decoded {
  text: string;
  /** Set when the bytes were not UTF-8 and another encoding was used. */
  encoding?: string;
}

/**
 * Bytes → text. UTF-8 (a BOM is dropped), UTF-16 with a BOM, and, for bytes that are
 * not valid UTF-8, the Korean Windows code page old KakaoTalk PC exports use.
 */
export function decodeBytes(bytes: Uint8Array, file: string): Decoded {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  try {
    return { text: stripBom(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) };
  } catch {
    // not UTF-8: fall through
  }
  if (bytes.includes(0)) throw new SourceError(`${file}: this is a binary file, not a chat log, CSV or JSON export`, file);
  try {
    return { text: new TextDecoder('euc-kr', { fatal: true }).decode(bytes), encoding: 'EUC-KR (CP949)' };
  } catch {
    throw new SourceError(`${file}: the text is not UTF-8; save it as UTF-8 and try again`, file);
  }
}

export const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** Split into lines, accepting \r\n and \r. */
export const splitLines = (text: string) => text.split(/\r\n|\r|\n/);

/** Line and column of a character offset, 1-based. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** JSON.parse with a one-line SourceError that says where the JSON breaks. */
export function parseJsonText(text: string, file: string): unknown {
  const body = stripBom(text);
  if (!body.trim()) throw new SourceError(`${file}: the file is empty`, file);
  try {
    return JSON.parse(body);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const at = /position (\d+)/.exec(msg);
    const where = at ? (({ line, column }) => ` at line ${line}, column ${column}`)(position(body, Number(at[1]))) : '';
    const why = msg
      .split('\n')[0]
      .replace(/\s*in JSON at position \d+.*$/, '')
      .replace(/^JSON\.parse: /, '');
    throw new SourceError(`${file}: not valid JSON${where} (${why}); check the file was saved completely`, file);
  }
}

/** One JSON value per non-blank line. Undefined when the text is not JSON lines (fewer than two values, or a line fails). */
export function parseJsonLines(text: string): { value: unknown; line: number }[] | undefined {
  const out: { value: unknown; line: number }[] = [];
  const lines = splitLines(stripBom(text));
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].trim();
    if (!l) continue;
    if (!l.startsWith('{') && !l.startsWith('[')) return undefined;
    try {
      out.push({ value: JSON.parse(l), line: i + 1 });
    } catch {
      return undefined;
    }
  }
  return out.length >= 2 ? out : undefined;
}

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const asObj = (v: unknown): Obj => (isObj(v) ? v : {});
/** A non-empty trimmed string, or undefined. Numbers are turned into strings. */
export const str = (v: unknown): string | undefined => {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t ? t : undefined;
};

/** Join a list into "a, b and c", for notes. */
export function listing(items: string[], max = 8): string {
  const shown = items.slice(0, max);
  const more = items.length > max ? ` and ${items.length - max} more` : '';
  if (shown.length <= 1) return shown.join('') + more;
  if (more) return shown.join(', ') + more;
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
