import { SEVERITIES, type ScanResults, type Severity, type Status } from '../engine/result.js';
import { terminalSafe } from '../errors.js';
import { STATUSES, topFailingRules } from './facets.js';

export interface ConsoleOptions {
  /** ANSI colours; decide with {@link useColor}. */
  color: boolean;
  /** Print nothing: quiet runs show only errors, which the CLI writes itself. */
  quiet: boolean;
  /** How many failing rules to list (default 5). */
  topRules?: number;
  /** Failures per rule counted as the findings passed (a scan keeps no list of them); default: counted from `scan.findings`. */
  failing?: ReadonlyMap<string, { rule: string; severity: Severity; fails: number }>;
}

/** Colours only on a terminal, and never when NO_COLOR is set to anything (https://no-color.org). */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && env.NO_COLOR === undefined && env.TERM !== 'dumb';
}

const SEVERITY_COLOR: Record<Severity, string> = { critical: '1;31', high: '31', medium: '33', low: '36', info: '2' };
const STATUS_COLOR: Record<Status, string> = { FAIL: '31', ERROR: '35', UNKNOWN: '33', PASS: '32' };

/** Terminal-safe text: control characters are shown as escapes so names cannot inject escape sequences. */
function safe(text: string, max = 80): string {
  const clean = terminalSafe(text);
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/**
 * The console summary: a severity × status table, the failing rules that
 * matter most (most severe first, then most failures), and the collection error count. Returns the text (with a trailing
 * newline) or an empty string in quiet mode; the caller writes it to stdout.
 */
export function renderConsole(scan: ScanResults, options: ConsoleOptions): string {
  if (options.quiet) return '';
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const counts = scan.summary.bySeverity;

  const snap = scan.run.snapshot;
  const lines: string[] = [];
  lines.push(
    `sealcheck ${safe(scan.run.tool.version, 20)}: ${scan.summary.total} result(s) from ${scan.run.ruleCount} rule(s) on ${snap.resourceCount} resource(s)`,
    `accounts: ${safe(snap.accounts.join(', ') || '(none)')}  regions: ${safe(snap.regions.join(', ') || '(none)')}`,
    '',
  );

  const width = 9;
  const pad = (text: string, n: number) => text.padStart(n);
  lines.push(`${'severity'.padEnd(10)}${STATUSES.map((s) => pad(s, width)).join('')}`);
  const totals: Record<Status, number> = { PASS: 0, FAIL: 0, UNKNOWN: 0, ERROR: 0 };
  for (const sev of SEVERITIES) {
    const row = counts[sev];
    const cells = STATUSES.map((s) => {
      totals[s] += row[s];
      const cell = pad(String(row[s]), width);
      return row[s] > 0 && s !== 'PASS' ? paint(STATUS_COLOR[s], cell) : cell;
    });
    lines.push(`${paint(SEVERITY_COLOR[sev], sev.padEnd(10))}${cells.join('')}`);
  }
  lines.push(`${'total'.padEnd(10)}${STATUSES.map((s) => pad(String(totals[s]), width)).join('')}`);

  const top = topFailingRules(scan, options.topRules ?? 5, options.failing);
  if (top.length > 0) {
    const titles = new Map(scan.rules.map((r) => [r.id, r.title]));
    lines.push('', 'top failing rules:');
    for (const t of top) {
      const title = titles.get(t.rule);
      lines.push(`  ${pad(String(t.fails), 6)}  ${paint(SEVERITY_COLOR[t.severity] ?? '0', t.severity.padEnd(8))}  ${safe(t.rule, 60)}${title ? `  ${safe(title, 70)}` : ''}`);
    }
  }
  const errors = scan.run.collectionErrors.length;
  // With no result there is no check to call UNKNOWN: say that nothing was checked.
  const consequence = scan.summary.total > 0 ? 'some data could not be read; affected checks are UNKNOWN.' : 'nothing could be checked.';
  if (errors > 0) lines.push('', paint('33', `${errors} collection error(s): ${consequence}`));
  const rejected = scan.run.snapshot.rejected;
  if (rejected && rejected.count > 0) {
    const first = rejected.items[0];
    const where = first ? ` (first: ${safe(`${first.file}: ${first.message}`, 160)})` : '';
    if (errors === 0) lines.push('');
    lines.push(paint('33', `${rejected.count} source item(s) rejected as unreadable and left out of the scan${where}; see run.snapshot.rejected in results.json.`));
  }
  return `${lines.join('\n')}\n`;
}
