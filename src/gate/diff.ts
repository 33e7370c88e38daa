import { SEVERITIES, compareSeverity, type Result, type ScanResults, type Severity, type Status } from '../engine/result.js';
import { escapeHtml } from '../util/html-escape.js';
import { compareFindings } from './order.js';
import { fingerprintOf } from '../engine/fingerprint.js';

/** One finding as a diff shows it. */
export interface DiffFinding {
  fingerprint: string;
  ruleId: string;
  arn: string;
  severity: Severity;
  status: Exclude<Status, 'PASS'>;
  message: string;
}

/** A finding present in both runs whose severity or status moved. */
export interface ChangedFinding extends DiffFinding {
  from: { severity: Severity; status: Exclude<Status, 'PASS'> };
}

/** A finding of the old run that the new run no longer reports: `pass` (now passes) or `not-evaluated` (rule or resource gone). */
export interface FixedFinding extends DiffFinding {
  now: 'pass' | 'not-evaluated';
}

export type SeverityCounts = Record<Severity, number>;

/** The diff document: key order and list order are fixed, so its JSON is byte-stable for scripts. */
export interface ResultsDiff {
  format: 'sealcheck-diff';
  version: 1;
  old: { file: string; finishedAt: string };
  new: { file: string; finishedAt: string };
  counts: { new: SeverityCounts; fixed: SeverityCounts; changed: SeverityCounts; unchanged: SeverityCounts };
  findings: { new: DiffFinding[]; fixed: FixedFinding[]; changed: ChangedFinding[]; unchanged: DiffFinding[] };
}

const zero = (): SeverityCounts => ({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });

const toFinding = (r: Result): DiffFinding => ({
  fingerprint: r.fingerprint,
  ruleId: r.ruleId,
  arn: r.arn,
  severity: r.severity,
  status: r.status as DiffFinding['status'],
  message: r.message,
});

/** Most severe first, then rule id, ARN, fingerprint. */
function order(a: DiffFinding, b: DiffFinding): number {
  return compareSeverity(a.severity, b.severity) || compareFindings(a, b);
}

function count(list: readonly DiffFinding[]): SeverityCounts {
  const c = zero();
  for (const f of list) c[f.severity]++;
  return c;
}

/**
 * Compares two runs by fingerprint. A finding is any non-PASS result
 * (FAIL, UNKNOWN, ERROR): a FAIL turning UNKNOWN is a change, not a fix.
 */
export function diffResults(oldRun: ScanResults, newRun: ScanResults, files: { old: string; new: string }): ResultsDiff {
  const findings = (run: ScanResults) => new Map(run.findings.filter((r) => r.status !== 'PASS').map((r) => [r.fingerprint, r]));
  const before = findings(oldRun);
  const after = findings(newRun);
  // A finding gone from the new run was fixed when the rule still looked at the resource (it passed), else it was not evaluated.
  const evaluated = new Set(newRun.findings.map((r) => r.fingerprint));
  for (const [ruleId, passed] of newRun.passed) for (const r of passed.resources ?? []) evaluated.add(fingerprintOf(ruleId, r.arn));

  const added: DiffFinding[] = [];
  const changed: ChangedFinding[] = [];
  const unchanged: DiffFinding[] = [];
  for (const [fp, r] of after) {
    const was = before.get(fp);
    if (!was) added.push(toFinding(r));
    else if (was.severity !== r.severity || was.status !== r.status) {
      changed.push({ ...toFinding(r), from: { severity: was.severity, status: was.status as DiffFinding['status'] } });
    } else unchanged.push(toFinding(r));
  }
  const fixed: FixedFinding[] = [];
  for (const [fp, r] of before) if (!after.has(fp)) fixed.push({ ...toFinding(r), now: evaluated.has(fp) ? 'pass' : 'not-evaluated' });

  for (const list of [added, changed, unchanged, fixed]) list.sort(order);
  return {
    format: 'sealcheck-diff',
    version: 1,
    old: { file: files.old, finishedAt: oldRun.run.finishedAt },
    new: { file: files.new, finishedAt: newRun.run.finishedAt },
    counts: { new: count(added), fixed: count(fixed), changed: count(changed), unchanged: count(unchanged) },
    findings: { new: added, fixed, changed, unchanged },
  };
}

/** The diff as JSON for scripts. */
export function diffToJson(diff: ResultsDiff): string {
  return `${JSON.stringify(diff, null, 2)}\n`;
}

const total = (c: SeverityCounts) => SEVERITIES.reduce((n, s) => n + c[s], 0);
const bySeverity = (c: SeverityCounts) =>
  SEVERITIES.filter((s) => c[s] > 0)
    .map((s) => `${c[s]} ${s}`)
    .join(', ') || 'none';

/** Plain-text summary for people (stdout). */
export function diffToConsole(diff: ResultsDiff): string {
  const lines = [`sealcheck diff: ${diff.old.file} → ${diff.new.file}`];
  const section = (title: string, list: readonly DiffFinding[], line: (f: DiffFinding) => string) => {
    lines.push('', `${title}: ${list.length}`);
    for (const f of list) lines.push(`  ${line(f)}`);
  };
  for (const key of ['new', 'fixed', 'changed', 'unchanged'] as const) lines.push(`${key.padEnd(9)} ${String(total(diff.counts[key])).padStart(5)}  (${bySeverity(diff.counts[key])})`);
  const base = (f: DiffFinding) => `[${f.severity}] ${f.ruleId} ${f.arn}${f.status === 'FAIL' ? '' : ` (${f.status})`}`;
  section('New', diff.findings.new, base);
  section('Fixed', diff.findings.fixed, (f) => `${base(f)}${(f as FixedFinding).now === 'not-evaluated' ? ' (not evaluated in the new run)' : ''}`);
  section('Changed', diff.findings.changed, (f) => {
    const c = f as ChangedFinding;
    return `${base(f)} (was ${c.from.severity}${c.from.status === c.status ? '' : ` ${c.from.status}`})`;
  });
  return `${lines.join('\n')}\n`;
}

/** A small self-contained page: no scripts, no external resources, every value escaped. */
export function diffToHtml(diff: ResultsDiff): string {
  const row = (f: DiffFinding, extra = '') =>
    `<tr><td class="sev-${f.severity}">${f.severity}</td><td>${escapeHtml(f.status)}</td><td><code>${escapeHtml(f.ruleId)}</code></td><td><code>${escapeHtml(f.arn)}</code></td><td>${escapeHtml(f.message)}${extra}</td></tr>`;
  const table = (title: string, list: readonly DiffFinding[], extra: (f: DiffFinding) => string = () => '') =>
    `<h2>${title} (${list.length})</h2>${
      list.length === 0
        ? '<p>None.</p>'
        : `<table><thead><tr><th>Severity</th><th>Status</th><th>Rule</th><th>Resource</th><th>Message</th></tr></thead><tbody>${list.map((f) => row(f, extra(f))).join('')}</tbody></table>`
    }`;
  const summary = (['new', 'fixed', 'changed', 'unchanged'] as const)
    .map((k) => `<tr><th>${k}</th>${SEVERITIES.map((s) => `<td>${diff.counts[k][s]}</td>`).join('')}<td>${total(diff.counts[k])}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>sealcheck diff</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b}table{border-collapse:collapse;margin-bottom:1rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}code{word-break:break-all}.sev-critical{color:#8b0000;font-weight:bold}.sev-high{color:#b22222}.sev-medium{color:#a05a00}</style>
</head><body>
<h1>sealcheck diff</h1>
<p><code>${escapeHtml(diff.old.file)}</code> (${escapeHtml(diff.old.finishedAt)}) → <code>${escapeHtml(diff.new.file)}</code> (${escapeHtml(diff.new.finishedAt)})</p>
<table><thead><tr><th></th>${SEVERITIES.map((s) => `<th>${s}</th>`).join('')}<th>total</th></tr></thead><tbody>${summary}</tbody></table>
${table('New', diff.findings.new)}
${table('Fixed', diff.findings.fixed, (f) => ((f as FixedFinding).now === 'not-evaluated' ? ' <em>(not evaluated in the new run)</em>' : ''))}
${table('Changed', diff.findings.changed, (f) => ` <em>(was ${escapeHtml((f as ChangedFinding).from.severity)} ${escapeHtml((f as ChangedFinding).from.status)})</em>`)}
</body></html>
`;
}
