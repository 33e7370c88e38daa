import { SEVERITIES, type Severity } from '../engine/result.js';
import { escapeHtml as h } from '../util/html-escape.js';
import { stackedColumns } from './svg-chart.js';

/** A finding of one run as the history lists it. */
export interface HistoryFinding {
  status: string;
  severity: string;
  ruleId: string;
  arn: string;
  accountId: string;
  region: string;
  suppressed: number;
  firstSeen: string;
  /** `new` when the previous run did not report it, `fixed` for a finding the run fixed, else empty. */
  change: string;
  fingerprint: string;
}

/** What the HTML report shows of the run history (`--history`), as of the run just recorded. */
export interface HistoryView {
  file: string;
  /** The last runs up to this one, oldest first, with unsuppressed FAIL counts per severity. */
  runs: { run: number; startedAt: string; fail: Record<Severity, number> }[];
  /** The run before this one, if any. */
  previous?: number;
  newFindings: HistoryFinding[];
  fixedFindings: HistoryFinding[];
  /** Each open (unsuppressed FAIL) finding of this run with its age in whole days. */
  open: (HistoryFinding & { ageDays: number })[];
  /** Mean days from first seen to fixed, per severity, over every fix the history holds. */
  meanTimeToFix: { severity: Severity; fixed: number; meanDays: number }[];
}

/** Rows listed per table; the counts are always whole. */
const MAX_ROWS = 500;

function findingTable(id: string, rows: readonly HistoryFinding[], extra?: { head: string; cell: (f: HistoryFinding) => string }): string {
  if (rows.length === 0) return `<p class="empty" id="${id}">None.</p>`;
  const body = rows
    .slice(0, MAX_ROWS)
    .map((f) => `<tr><td><span class="badge sev-${h(f.severity)}">${h(f.severity)}</span></td><td>${h(f.ruleId)}</td><td>${h(f.arn)}</td><td>${h(f.accountId)}</td><td>${h(f.firstSeen)}</td>${extra ? `<td class="num">${h(extra.cell(f))}</td>` : ''}</tr>`)
    .join('');
  const more = rows.length > MAX_ROWS ? `<p class="muted">${rows.length - MAX_ROWS} more (sealcheck history show).</p>` : '';
  return `<table id="${id}"><thead><tr><th>Severity</th><th>Rule</th><th>Resource</th><th>Account</th><th>First seen</th>${extra ? `<th class="num">${h(extra.head)}</th>` : ''}</tr></thead><tbody>${body}</tbody></table>${more}`;
}

function meanTimeToFix(view: HistoryView): string {
  if (view.meanTimeToFix.length === 0) return '<p class="empty" id="history-mttf">No finding fixed yet.</p>';
  const rows = view.meanTimeToFix.map((m) => `<tr><td><span class="badge sev-${h(m.severity)}">${h(m.severity)}</span></td><td class="num">${m.fixed}</td><td class="num">${m.meanDays.toFixed(1)}</td></tr>`).join('');
  return `<table id="history-mttf"><thead><tr><th>Severity</th><th class="num">Fixed</th><th class="num">Mean days to fix</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The history section of report.html: findings over the last runs, new and fixed since the previous run, open findings' age, mean time to fix. */
export function historySection(view: HistoryView): string {
  const chart = stackedColumns(
    `Open failures over the last ${view.runs.length} run(s), by severity`,
    view.runs.map((r) => ({ label: `#${r.run} ${r.startedAt.slice(0, 10)}`, parts: [...SEVERITIES].reverse().map((s) => ({ label: s, value: r.fail[s], tone: `sev-${s}` })) })),
  );
  const since = view.previous === undefined ? 'This is the first run in the history.' : `Against run ${view.previous}: ${view.newFindings.length} new, ${view.fixedFindings.length} fixed.`;
  return (
    `<section id="history"><h2>History</h2><p>From ${h(view.file)}. ${since}</p>` +
    `<div class="charts">${chart}</div>` +
    `<h3>New since the previous run</h3>${findingTable('history-new', view.newFindings)}` +
    `<h3>Fixed since the previous run</h3>${findingTable('history-fixed', view.fixedFindings)}` +
    `<h3>Open findings by age</h3>${findingTable('history-open', view.open, { head: 'Age (days)', cell: (f) => String((f as HistoryFinding & { ageDays: number }).ageDays) })}` +
    `<h3>Mean time to fix</h3>${meanTimeToFix(view)}</section>`
  );
}
