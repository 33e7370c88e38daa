import { terminalSafe } from '../errors.js';
import { escapeHtml as h } from '../util/html-escape.js';
import type { ComplianceReport, FailingResource, RequirementStatus } from './compliance.js';
import { csvCell } from './csv.js';

/** How each status reads in tables and pages. */
export const STATUS_LABEL: Record<RequirementStatus, string> = {
  passed: 'passed',
  failed: 'failed',
  'partially-evidenced': 'partially evidenced',
  'not-evidenced': 'not evidenced',
};

const resourceLabel = (f: FailingResource) => `${f.name ?? f.arn}${f.name !== undefined && f.name !== f.arn ? ` (${f.arn})` : ''}${f.suppressed ? ' [suppressed]' : ''}`;

/** Terminal-safe cell: control characters shown as escapes, clipped to `max`. */
function cell(text: string, max: number): string {
  const clean = terminalSafe(text);
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** The console table: one line per requirement, its failing resources below it (at most `maxResources` each). */
export function renderComplianceTable(reports: readonly ComplianceReport[], maxResources = 10): string {
  const out: string[] = [];
  for (const { framework, totals, requirements } of reports) {
    out.push(`${cell(framework.name, 80)} ${cell(framework.version, 40)} (${cell(framework.id, 60)})`);
    out.push(`${requirements.length} requirements: ${totals.failed} failed, ${totals['partially-evidenced']} partially evidenced, ${totals['not-evidenced']} not evidenced, ${totals.passed} passed`);
    const idWidth = Math.max(11, ...requirements.map((r) => cell(r.id, 24).length));
    out.push('', `${'requirement'.padEnd(idWidth)}  ${'status'.padEnd(19)}  ${'pass'.padStart(5)} ${'fail'.padStart(5)} ${'unkn'.padStart(5)}  title`);
    for (const r of requirements) {
      out.push(`${cell(r.id, 24).padEnd(idWidth)}  ${STATUS_LABEL[r.status].padEnd(19)}  ${String(r.counts.PASS).padStart(5)} ${String(r.counts.FAIL).padStart(5)} ${String(r.counts.UNKNOWN + r.counts.ERROR).padStart(5)}  ${cell(r.title, 70)}`);
      for (const f of r.failing.slice(0, maxResources)) out.push(`${' '.repeat(idWidth)}    ✗ ${cell(f.ruleId, 60)}: ${cell(resourceLabel(f), 120)}`);
      const more = r.failing.length - Math.min(r.failing.length, maxResources) + r.failingOmitted;
      if (more > 0) out.push(`${' '.repeat(idWidth)}    … and ${more} more failing resource(s)`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

/** The JSON export: the reports as they are, one document. */
export function renderComplianceJson(reports: readonly ComplianceReport[]): string {
  return `${JSON.stringify({ format: 'sealcheck-compliance', version: 1, frameworks: reports }, null, 2)}\n`;
}

export const COMPLIANCE_CSV_COLUMNS = ['framework', 'version', 'requirement', 'title', 'status', 'reason', 'rules', 'pass', 'fail', 'unknown', 'rule_id', 'resource', 'arn', 'account', 'region', 'suppressed', 'not_evidenced'] as const;

/**
 * The CSV export: one row per failing resource of a requirement, and one row
 * for a requirement without any; cells quoted and spreadsheet-safe (see {@link csvCell}).
 */
export function renderComplianceCsv(reports: readonly ComplianceReport[]): string {
  const lines = [COMPLIANCE_CSV_COLUMNS.map(csvCell).join(',')];
  for (const { framework, requirements } of reports) {
    for (const r of requirements) {
      const head = [framework.id, framework.version, r.id, r.title, STATUS_LABEL[r.status], r.reason, r.rules.join(' '), String(r.counts.PASS), String(r.counts.FAIL), String(r.counts.UNKNOWN + r.counts.ERROR)];
      const tail = [r.notEvidenced ?? ''];
      const rows = r.failing.length > 0 ? r.failing.map((f) => [f.ruleId, f.name ?? '', f.arn, f.accountId, f.region, f.suppressed ? 'yes' : 'no']) : [['', '', '', '', '', '']];
      for (const row of rows) lines.push([...head, ...row, ...tail].map(csvCell).join(','));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The HTML report's compliance section (plain HTML, every text escaped). */
export function complianceHtml(reports: readonly ComplianceReport[]): string {
  return reports
    .map(({ framework, totals, requirements }) => {
      const rows = requirements
        .map((r) => {
          const failing = r.failing.map((f) => `<li>${h(f.ruleId)}: ${h(resourceLabel(f))}</li>`).join('');
          const more = r.failingOmitted > 0 ? `<li>… and ${r.failingOmitted} more</li>` : '';
          const details = `${h(r.reason)}${r.notEvidenced ? `<br><em>Not evidenced:</em> ${h(r.notEvidenced)}` : ''}${failing || more ? `<ul class="failing">${failing}${more}</ul>` : ''}`;
          return `<tr data-requirement="${h(r.id)}" data-status="${h(r.status)}"><td>${h(r.id)}</td><td>${h(r.title)}</td><td class="req-${h(r.status)}">${h(STATUS_LABEL[r.status])}</td><td>${r.rules.map(h).join(', ')}</td><td class="num">${r.counts.PASS}</td><td class="num">${r.counts.FAIL}</td><td class="num">${r.counts.UNKNOWN + r.counts.ERROR}</td><td>${details}</td></tr>`;
        })
        .join('');
      return (
        `<h3>${h(framework.name)} ${h(framework.version)}</h3><p>${h(framework.scope)} ${requirements.length} requirements: ${totals.failed} failed, ${totals['partially-evidenced']} partially evidenced, ${totals['not-evidenced']} not evidenced, ${totals.passed} passed. Source: ${h(framework.source)} (${h(framework.retrieved)}).</p>` +
        `<table class="compliance" data-framework="${h(framework.id)}"><thead><tr><th>Requirement</th><th>Title</th><th>Status</th><th>Rules</th><th class="num">PASS</th><th class="num">FAIL</th><th class="num">UNKNOWN</th><th>Details</th></tr></thead><tbody>${rows}</tbody></table>`
      );
    })
    .join('');
}
