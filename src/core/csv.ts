/**
 * RFC 4180 CSV: a field is quoted only when it must be (a comma, a quote, a
 * line break, or leading/trailing space), quotes doubled, CRLF between records.
 */
export type CsvValue = string | number | boolean | undefined | null;

export interface CsvOptions {
  /**
   * For files people open in Excel or Sheets: a text starting with `=`, `+`,
   * `-`, `@` would run as a formula there, so it gets a leading apostrophe.
   * Off for files a tracker imports, which would keep the apostrophe.
   */
  spreadsheetSafe?: boolean;
}

const FORMULA = /^[=+\-@\t\r]/;

export function csvField(value: CsvValue, options: CsvOptions = {}): string {
  if (value === undefined || value === null) return '';
  let s = String(value);
  if (options.spreadsheetSafe && typeof value === 'string' && FORMULA.test(s)) s = `'${s}`;
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A header row and data rows as one CSV text (with a final CRLF). */
export function csvText(header: readonly string[], rows: readonly (readonly CsvValue[])[], options: CsvOptions = {}): string {
  return `${[header, ...rows].map((r) => r.map((v) => csvField(v, options)).join(',')).join('\r\n')}\r\n`;
}
