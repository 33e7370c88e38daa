import { createHash } from 'node:crypto';
import { SEVERITIES, type Result, type ScanResults, type Status } from '../engine/result.js';
import type { BatchedFile } from '../util/batched-file.js';
import { STATUSES, compareByUrgency } from './facets.js';
import { FindingTally, sortedCounts } from './findings-tally.js';
import { frameworkCoverage } from './html-coverage.js';
import { ReportDataBuilder, type TagsOf } from './html-data.js';
import type { ComplianceReport } from './compliance.js';
import { complianceHtml } from './compliance-render.js';
import { historySection, type HistoryView } from './html-history.js';
import { accessSection, type AccessView } from './html-access.js';
import { escapeHtml as h, jsonForScript } from '../util/html-escape.js';
import { REPORT_SCRIPT } from './html-script.js';
import { REPORT_CSS } from './html-style.js';
import { barChart, type Bar } from './svg-chart.js';

export type { TagsOf } from './html-data.js';

export interface HtmlOptions {
  /** Tags by ARN, for display and search (results do not carry tags; the caller may have the snapshot). */
  tagsOf?: TagsOf;
  /** The run history as of this run (`--history`): adds the History section. */
  history?: HistoryView;
  /** Framework compliance views (`--compliance` with a mapped framework): adds the Compliance section. */
  compliance?: readonly ComplianceReport[];
  /** Who can read and decrypt each data store: adds that section. */
  access?: AccessView;
}

/** Facet charts show this many bars; the rest are summed into one. */
const MAX_BARS = 12;
/** Collection errors listed in the page; the count is always shown. */
const MAX_ERROR_ROWS = 500;

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

/** The CSP: nothing may load; only this exact script and stylesheet run; images only from data: URIs. */
function contentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    `script-src 'sha256-${sha256(REPORT_SCRIPT)}'`,
    `style-src 'sha256-${sha256(REPORT_CSS)}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function topBars(entries: [string, number][], tone: string): Bar[] {
  const bars: Bar[] = entries.slice(0, MAX_BARS).map(([label, value]) => ({ label, value, tone }));
  const rest = entries.slice(MAX_BARS);
  if (rest.length > 0) bars.push({ label: `${rest.length} more`, value: rest.reduce((n, [, v]) => n + v, 0), tone: 'bar-default' });
  return bars;
}

function runInfo(scan: HtmlHead): string {
  const run = scan.run;
  const snap = run.snapshot;
  const items: [string, string][] = [
    ['Accounts', snap.accounts.join(', ') || '(none)'],
    ['Regions', snap.regions.join(', ') || '(none)'],
    ['Source', snap.file ? `${snap.source} (${snap.file})` : snap.source],
    ['Inventory captured', snap.capturedAt],
    ['Scan', `${run.startedAt} – ${run.finishedAt}`],
    ['Tool', `${run.tool.name} ${run.tool.version}`],
    ['Rules', String(run.ruleCount)],
    ['Resources', String(snap.resourceCount)],
    ['Results', String(scan.summary.total)],
    ['Collection errors', String(run.collectionErrors.length)],
  ];
  if (snap.rejected && snap.rejected.count > 0) items.push(['Rejected source items', String(snap.rejected.count)]);
  const unsupported = Object.entries(snap.unsupported ?? {});
  if (unsupported.length > 0) items.push(['Unsupported types', unsupported.map(([t, n]) => `${t} (${n})`).join(', ')]);
  return `<dl class="run">${items.map(([k, v]) => `<dt>${h(k)}</dt><dd>${h(v)}</dd>`).join('')}</dl>`;
}

function severityStatusTable(scan: HtmlHead): string {
  const counts = new Map<string, number>();
  for (const sev of SEVERITIES) for (const s of STATUSES) counts.set(`${sev}/${s}`, scan.summary.bySeverity[sev][s]);
  const head = `<tr><th>Severity</th>${STATUSES.map((s) => `<th class="num">${s}</th>`).join('')}</tr>`;
  const body = SEVERITIES.map(
    (sev) => `<tr><td><span class="badge sev-${sev}">${sev}</span></td>${STATUSES.map((s) => `<td class="num">${counts.get(`${sev}/${s}`) ?? 0}</td>`).join('')}</tr>`,
  ).join('');
  return `<table class="matrix" id="severity-status"><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

function summary(scan: HtmlHead, tally: FindingTally): string {
  const bySeverity = tally.failsBySeverity;
  const byStatus = new Map<Status, number>(STATUSES.map((s) => [s, scan.summary.byStatus[s]]));
  const charts = [
    barChart('Failures by severity', SEVERITIES.map((s) => ({ label: s, value: bySeverity.get(s) ?? 0, tone: `sev-${s}` }))),
    barChart('Results by status', STATUSES.map((s) => ({ label: s, value: byStatus.get(s) ?? 0, tone: `st-${s}` }))),
    barChart('Failures by service', topBars(sortedCounts(tally.failsByService), 'bar-default')),
    barChart('Failures by account', topBars(sortedCounts(tally.failsByAccount), 'bar-default')),
    barChart('Failures by region', topBars(sortedCounts(tally.failsByRegion), 'bar-default')),
  ];
  return `${severityStatusTable(scan)}<div class="charts">${charts.join('')}</div>`;
}

function coverage(scan: HtmlHead, tally: FindingTally): string {
  const controls = frameworkCoverage(scan.rules, tally.byRule);
  if (controls.length === 0) return '<p class="empty">No rule of this run maps to a Security Hub control or framework requirement.</p>';
  const parts: string[] = [];
  for (const framework of [...new Set(controls.map((c) => c.framework))]) {
    const list = controls.filter((c) => c.framework === framework);
    if (list.length === 0) continue;
    const failing = list.filter((c) => c.verdict === 'FAIL').length;
    const passing = list.filter((c) => c.verdict === 'PASS').length;
    const title = framework === 'Security Hub' ? 'AWS Security Hub controls' : h(framework);
    const rows = list
      .map(
        (c) =>
          `<tr><td>${h(c.control)}</td><td>${c.rules.map(h).join(', ')}</td><td class="num">${c.counts.PASS}</td><td class="num">${c.counts.FAIL}</td><td class="num">${c.counts.UNKNOWN + c.counts.ERROR}</td><td class="cov-${c.verdict}">${c.verdict === 'none' ? 'no resources' : c.verdict}</td></tr>`,
      )
      .join('');
    parts.push(
      `<h3>${title}</h3><p>${list.length} control(s) covered: ${failing} failing, ${passing} passing, ${list.length - failing - passing} unknown or without resources.</p>` +
        `<table class="coverage" data-framework="${h(framework)}"><thead><tr><th>Control</th><th>Rules</th><th class="num">PASS</th><th class="num">FAIL</th><th class="num">UNKNOWN</th><th>Verdict</th></tr></thead><tbody>${rows}</tbody></table>`,
    );
  }
  return parts.join('');
}

function ruleTable(scan: HtmlHead, tally: FindingTally): string {
  const counts = tally.byRule;
  const rules = [...scan.rules].sort(
    (a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || (counts.get(b.id)?.FAIL ?? 0) - (counts.get(a.id)?.FAIL ?? 0) || (a.id < b.id ? -1 : 1),
  );
  if (rules.length === 0) return '<p class="empty">No rules in this run.</p>';
  const rows = rules
    .map((rule) => {
      const c = counts.get(rule.id) ?? { PASS: 0, FAIL: 0, UNKNOWN: 0, ERROR: 0 };
      return `<tr><td><span class="badge sev-${h(rule.severity)}">${h(rule.severity)}</span></td><td>${h(rule.id)}</td><td>${h(rule.title)}</td><td class="num">${c.FAIL}</td><td class="num">${c.UNKNOWN + c.ERROR}</td><td class="num">${c.PASS}</td></tr>`;
    })
    .join('');
  return `<table id="rule-table"><thead><tr><th>Severity</th><th>Rule</th><th>Title</th><th class="num">FAIL</th><th class="num">UNKNOWN/ERROR</th><th class="num">PASS</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function collectionErrors(scan: HtmlHead): string {
  const errors = scan.run.collectionErrors;
  if (errors.length === 0) return '<p>No collection errors: every API call the scan needed succeeded.</p>';
  const rows = errors
    .slice(0, MAX_ERROR_ROWS)
    .map((e) => `<tr><td>${h(e.accountId ?? '')}</td><td>${h(e.region ?? '')}</td><td>${h(e.service ?? '')}</td><td>${h(e.operation)}</td><td>${h(e.code)}</td><td>${h(e.resourceArn ?? '')}${e.property ? ` (${h(e.property)})` : ''}</td><td>${h(e.message)}</td></tr>`)
    .join('');
  const more = errors.length > MAX_ERROR_ROWS ? `<p class="muted">${errors.length - MAX_ERROR_ROWS} more in results.json.</p>` : '';
  return `<p>${errors.length} collection error(s): checks that needed the missing data are UNKNOWN, never PASS.</p><table id="collection-errors"><thead><tr><th>Account</th><th>Region</th><th>Service</th><th>Operation</th><th>Code</th><th>Resource</th><th>Message</th></tr></thead><tbody>${rows}</tbody></table>${more}`;
}

/** Source items left out because they could not be read: beside the collection errors, as both leave the inventory incomplete. */
function rejectedItems(scan: HtmlHead): string {
  const rejected = scan.run.snapshot.rejected;
  if (!rejected || rejected.count === 0) return '';
  const rows = rejected.items.map((r) => `<tr><td>${h(r.file)}</td><td>${h(r.pointer)}</td><td>${h(r.message)}</td></tr>`).join('');
  const unlisted = rejected.count - rejected.items.length;
  const more = unlisted > 0 ? `<p class="muted">${unlisted} more rejected item(s), counted but not listed.</p>` : '';
  return `<h3>Rejected source items</h3><p>${rejected.count} item(s) of the source could not be read and were left out of the inventory: their resources were not checked.</p><table id="rejected-items"><thead><tr><th>File</th><th>Item</th><th>Reason</th></tr></thead><tbody>${rows}</tbody></table>${more}`;
}

function filterSelect(id: string, label: string, first: string, extra = ''): string {
  return `<label>${label}<select id="${id}"><option value="">${first}</option>${extra}</select></label>`;
}

const FINDINGS = `
<p id="findings-nojs" class="muted">The findings views (filters, table, details) need JavaScript; everything above reads without it, and results.json holds every result.</p>
<section id="findings" hidden>
<h2>Findings</h2>
<div class="filters" role="search">
${filterSelect('f-severity', 'Severity', 'all')}
<label>Status<select id="f-status"><option value="open" selected>FAIL, ERROR, UNKNOWN</option><option value="">all</option><option value="FAIL">FAIL</option><option value="ERROR">ERROR</option><option value="UNKNOWN">UNKNOWN</option><option value="PASS">PASS</option></select></label>
${filterSelect('f-service', 'Service', 'all')}
${filterSelect('f-account', 'Account', 'all')}
${filterSelect('f-region', 'Region', 'all')}
${filterSelect('f-rule', 'Rule', 'all')}
<label>Search ARN, name, tags<input id="f-search" type="search" autocomplete="off" spellcheck="false" placeholder="arn:aws:s3:::bucket, team=data"></label>
<span id="match-count" class="muted" aria-live="polite"></span>
</div>
<div class="tabs" role="tablist"><button type="button" id="tab-table" role="tab" aria-selected="true">All findings</button><button type="button" id="tab-groups" role="tab" aria-selected="false">By rule</button></div>
<div id="table-view">
<div class="pager"><button type="button" id="prev-page">Previous</button><button type="button" id="next-page">Next</button><span id="page-info" class="muted"></span></div>
<table id="findings-table"><thead id="findings-head"></thead><tbody id="findings-body"></tbody></table>
</div>
<div id="groups" hidden></div>
</section>
<aside id="details" hidden aria-label="Finding details"><button type="button" id="close-details" class="close">Close</button><div id="details-body"></div></aside>`;

/** The scan as the page shows it besides the findings: the run, the summary and the rules table. */
export type HtmlHead = Pick<ScanResults, 'run' | 'summary' | 'rules'>;

/** The page up to the data island's content. */
function pageHead(scan: HtmlHead, tally: FindingTally, history?: HistoryView, compliance?: readonly ComplianceReport[], access?: AccessView): string {
  const accounts = scan.run.snapshot.accounts;
  const title = `sealcheck report — ${accounts.length <= 3 ? accounts.join(', ') || 'no account' : `${accounts.length} accounts`}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${h(contentSecurityPolicy())}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${h(title)}</title>
<link rel="icon" href="data:,">
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
<h1>${h(title)}</h1>
${runInfo(scan)}
</header>
<main>
<section id="summary"><h2>Summary</h2>${summary(scan, tally)}</section>
${history ? historySection(history) : ''}
${compliance?.length ? `<section id="compliance"><h2>Compliance</h2>${complianceHtml(compliance)}</section>` : ''}
<section id="coverage"><h2>Framework coverage</h2>${coverage(scan, tally)}</section>
<section id="rules"><h2>Rules</h2>${ruleTable(scan, tally)}</section>
${access ? accessSection(access) : ''}
<section id="errors"><h2>Collection errors</h2>${collectionErrors(scan)}${rejectedItems(scan)}</section>
${FINDINGS}
</main>
<script type="application/json" id="sealcheck-data">`;
}

/** The page after the data island's content. */
const PAGE_TAIL = `</script>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;

/** The data island's text up to its rows, once the rows have been made (the lists are in the order of the rows). */
const dataHead = (data: ReportDataBuilder): string => jsonForScript({ rules: data.rules, dims: data.dims }).replace(/\}$/, ',"rows":[');
const DATA_TAIL = ']}';

/**
 * report.html: one self-contained file (inline CSS, JS and SVG; no request of
 * any kind) under a strict CSP. The run, summary, coverage and rule table are
 * plain HTML that reads without JavaScript; the filterable findings views are
 * built in the browser from a JSON data island with textContent only.
 */
export function renderHtml(scan: ScanResults, options: HtmlOptions = {}): string {
  const tally = new FindingTally(scan.rules);
  for (const r of scan.findings) tally.addFinding(r);
  for (const [ruleId, passed] of scan.passed) tally.addPasses(ruleId, passed.count);
  const data = new ReportDataBuilder(scan.rules, options.tagsOf);
  const rows = [...scan.findings].sort(compareByUrgency).map((r) => jsonForScript(data.row(r)));
  return `${pageHead(scan, tally, options.history, options.compliance, options.access)}${dataHead(data)}${rows.join(',')}${DATA_TAIL}${PAGE_TAIL}`;
}

/**
 * Writes report.html in pieces: the rows of the data island go to `rows` (a
 * temporary file) as `findings` come, most urgent first; then the page up to
 * the rows, the rows and the rest go to `out`. Holds one row at a time.
 */
export async function writeHtml(scan: HtmlHead, tally: FindingTally, findings: AsyncIterable<Result>, out: BatchedFile, rows: BatchedFile, options: HtmlOptions = {}): Promise<void> {
  const data = new ReportDataBuilder(scan.rules, options.tagsOf);
  let n = 0;
  for await (const r of findings) {
    rows.write(`${n++ === 0 ? '' : ','}${jsonForScript(data.row(r))}`);
    if (n % 1000 === 0) await rows.flush();
  }
  await rows.close();
  out.write(`${pageHead(scan, tally, options.history, options.compliance, options.access)}${dataHead(data)}`);
  await out.append(rows.path);
  out.write(`${DATA_TAIL}${PAGE_TAIL}`);
  await out.close();
}
