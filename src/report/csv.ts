import type { Result, RuleSummary, ScanResults } from '../engine/result.js';

/**
 * findings.csv: one row per finding (each FAIL, UNKNOWN and ERROR; PASS too
 * when the scan kept full records), for a spreadsheet or a ticket import.
 * RFC 4180 (CRLF, every cell quoted); spreadsheet-safe as OWASP's CSV
 * injection guidance says: a cell starting with `=`, `+`, `-`, `@`, a tab or
 * a carriage return is prefixed with `'`, so a resource name can never be read
 * as a formula.
 */
export const CSV_COLUMNS = [
  'status',
  'severity',
  'rule_id',
  'rule_title',
  'resource_type',
  'resource_id',
  'arn',
  'account',
  'region',
  'name',
  'message',
  'security_hub',
  'baseline',
  'suppressed',
  'suppression_reason',
  'suppression_expires',
  'fingerprint',
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: quoted, quotes doubled, a leading formula character neutralized. */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

function row(r: Result, rule: RuleSummary | undefined): string[] {
  return [
    r.status,
    r.severity,
    r.ruleId,
    rule?.title ?? '',
    r.resourceType,
    r.resourceId,
    r.arn,
    r.accountId,
    r.region,
    r.name ?? '',
    r.message,
    (r.references.securityHub ?? []).join(' '),
    r.baselineState ?? '',
    r.suppression ? 'yes' : 'no',
    r.suppression?.reason ?? '',
    r.suppression?.expires ?? '',
    r.fingerprint,
  ];
}

/** Renders findings.csv. */
export function renderCsv(scan: ScanResults): string {
  const rules = new Map(scan.rules.map((r) => [r.id, r]));
  const lines = [CSV_COLUMNS.map(csvCell).join(',')];
  for (const r of scan.findings) lines.push(row(r, rules.get(r.ruleId)).map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
