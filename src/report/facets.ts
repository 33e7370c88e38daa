import { compareSeverity, type Result, type RuleSummary, type ScanResults, type Severity, type Status, type StatusCounts } from '../engine/result.js';

/** Statuses in the order reports list them: what needs action first. */
export const STATUSES: readonly Status[] = ['FAIL', 'ERROR', 'UNKNOWN', 'PASS'];

const STATUS_RANK: Record<Status, number> = { FAIL: 0, ERROR: 1, UNKNOWN: 2, PASS: 3 };

export function statusRank(status: string): number {
  return STATUS_RANK[status as Status] ?? STATUSES.length;
}

/** Most urgent first: status (FAIL before UNKNOWN), then severity, then rule and ARN so the order is stable. */
export function compareByUrgency(a: Result, b: Result): number {
  return (
    statusRank(a.status) - statusRank(b.status) ||
    compareSeverity(a.severity, b.severity) ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0)
  );
}

/** `AWS::S3::Bucket` → `S3`; anything not in that shape is its own service. */
export function serviceOfType(resourceType: string): string {
  const parts = resourceType.split('::');
  return parts.length === 3 && parts[1] ? parts[1] : resourceType;
}

/** `AWS::S3::Bucket` → `Bucket`. */
export function shortTypeOf(resourceType: string): string {
  const parts = resourceType.split('::');
  return parts.length === 3 && parts[2] ? parts[2] : resourceType;
}

/** Rule catalogue by id, for lookups from results. */
export function rulesById(rules: readonly RuleSummary[]): Map<string, RuleSummary> {
  return new Map(rules.map((r) => [r.id, r]));
}

/** The service a result belongs to: the rule's service when the catalogue knows it, else derived from the resource type. */
export function serviceOf(result: Result, rules: Map<string, RuleSummary>): string {
  return rules.get(result.ruleId)?.service ?? serviceOfType(result.resourceType);
}

export type Counts = Map<string, number>;

/** Counts values of `key` over results, sorted by count descending then name. */
export function countBy(results: readonly Result[], key: (r: Result) => string): [string, number][] {
  const counts: Counts = new Map();
  for (const r of results) {
    const k = key(r);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

/** Failing results per rule, most severe first, then most failures; `counted` when the findings were counted as they passed. */
export function topFailingRules(scan: Pick<ScanResults, 'findings'>, limit: number, counted?: ReadonlyMap<string, { rule: string; severity: Severity; fails: number }>): { rule: string; severity: Severity; fails: number }[] {
  const byRule = new Map<string, { rule: string; severity: Severity; fails: number }>(counted);
  if (!counted) for (const r of scan.findings) {
    if (r.status !== 'FAIL') continue;
    const entry = byRule.get(r.ruleId) ?? { rule: r.ruleId, severity: r.severity, fails: 0 };
    entry.fails++;
    byRule.set(r.ruleId, entry);
  }
  return [...byRule.values()]
    // Most severe first, then most failures: a reviewer works from critical down, not from the noisiest rule.
    .sort((a, b) => compareSeverity(a.severity, b.severity) || b.fails - a.fails || (a.rule < b.rule ? -1 : 1))
    .slice(0, limit);
}

/** Results by status for each rule: the findings counted one by one, the passes without a record by their count. */
export function countsByRule(scan: Pick<ScanResults, 'findings' | 'passed'>): Map<string, StatusCounts> {
  const counts = new Map<string, StatusCounts>();
  const of = (ruleId: string) => {
    let c = counts.get(ruleId);
    if (!c) counts.set(ruleId, (c = { PASS: 0, FAIL: 0, UNKNOWN: 0, ERROR: 0 }));
    return c;
  };
  for (const r of scan.findings) if (r.status in STATUS_RANK) of(r.ruleId)[r.status]++;
  for (const [ruleId, passed] of scan.passed) of(ruleId).PASS += passed.count;
  return counts;
}
