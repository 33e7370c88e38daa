import { terminalSafe } from '../errors.js';
import { csvCell } from '../report/csv.js';

/** How `sealcheck history` prints rows. */
export type RowFormat = 'table' | 'json' | 'csv';

export const ROW_FORMATS: readonly RowFormat[] = ['table', 'json', 'csv'];

type Row = Readonly<Record<string, unknown>>;

const cellText = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : Array.isArray(v) ? v.map(cellText).join(',') : String(v));

/**
 * Rows as an aligned text table (values terminal-safe: names in the history
 * come from AWS), a JSON array, or CSV (RFC 4180, formula-safe like findings.csv).
 */
export function formatRows(rows: readonly Row[], columns: readonly string[], format: RowFormat): string {
  if (format === 'json') return `${JSON.stringify(rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null]))), null, 2)}\n`;
  if (format === 'csv') return [columns, ...rows.map((r) => columns.map((c) => cellText(r[c])))].map((line) => `${line.map(csvCell).join(',')}\r\n`).join('');
  const cells = [columns.map((c) => c), ...rows.map((r) => columns.map((c) => terminalSafe(cellText(r[c]))))];
  const widths = columns.map((_, i) => Math.max(...cells.map((line) => line[i]?.length ?? 0)));
  return cells.map((line) => `${line.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ').trimEnd()}\n`).join('');
}
