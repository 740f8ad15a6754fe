/**
 * The names of the report formats, apart from their code: the CLI validates
 * `--format` before it loads the rules and parsers (`report.ts` does).
 */
export const REPORT_FORMATS = ['text', 'json', 'github', 'sarif', 'junit'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
