import type { Result, RuleSummary, Status, StatusCounts } from '../engine/result.js';
import type { FrameworkMapping } from './frameworks.js';

/**
 * Per requirement of a framework, what the results of a scan say of it:
 * - `failed`: a rule that evidences it failed on some resource;
 * - `partially-evidenced`: nothing failed, but some results are UNKNOWN or ERROR,
 *   some of its rules did not run, or part of it no rule can evidence;
 * - `not-evidenced`: no rule evidences it, or none of its rules ran;
 * - `passed`: every rule ran and passed (or found no resource in scope), and the rules cover all of it.
 */
export type RequirementStatus = 'passed' | 'failed' | 'partially-evidenced' | 'not-evidenced';

export const REQUIREMENT_STATUSES: readonly RequirementStatus[] = ['failed', 'partially-evidenced', 'not-evidenced', 'passed'];

/** A resource that failed a rule of the requirement. */
export interface FailingResource {
  ruleId: string;
  arn: string;
  resourceType: string;
  accountId: string;
  region: string;
  name?: string;
  /** The finding is suppressed: it still counts as a failure here, marked so the auditor sees the accepted risk. */
  suppressed: boolean;
}

/** One requirement's verdict with what it rests on. */
export interface RequirementResult {
  id: string;
  title: string;
  status: RequirementStatus;
  /** Why this status, in one sentence. */
  reason: string;
  rules: string[];
  /** The requirement's rules that were not part of the scan. */
  rulesNotRun: string[];
  counts: StatusCounts;
  failing: FailingResource[];
  /** Failing resources beyond the ones listed. */
  failingOmitted: number;
  notEvidenced?: string;
}

/** One framework's compliance view of a scan. */
export interface ComplianceReport {
  framework: Pick<FrameworkMapping, 'id' | 'name' | 'version' | 'scope' | 'source' | 'retrieved'>;
  totals: Record<RequirementStatus, number>;
  requirements: RequirementResult[];
}

/** Failing resources kept per requirement; the rest are counted. */
export const MAX_FAILING_PER_REQUIREMENT = 200;

const zero = (): StatusCounts => ({ PASS: 0, FAIL: 0, UNKNOWN: 0, ERROR: 0 });

/**
 * Fed a scan's results one at a time (findings as records, passes as counts),
 * keeping only what the frameworks' rules need: counts per rule and each
 * rule's first failing resources. Bounded by the rules, not the findings.
 */
export class ComplianceTally {
  private readonly counts = new Map<string, StatusCounts>();
  private readonly failing = new Map<string, FailingResource[]>();
  private readonly failingTotal = new Map<string, number>();
  private readonly wanted: ReadonlySet<string>;
  private readonly ran: ReadonlySet<string>;

  constructor(
    private readonly frameworks: readonly FrameworkMapping[],
    rules: readonly Pick<RuleSummary, 'id'>[],
  ) {
    this.wanted = new Set(frameworks.flatMap((f) => f.requirements.flatMap((r) => r.rules)));
    this.ran = new Set(rules.map((r) => r.id));
  }

  private countsOf(ruleId: string): StatusCounts {
    let c = this.counts.get(ruleId);
    if (!c) this.counts.set(ruleId, (c = zero()));
    return c;
  }

  /** A result kept as a record (a finding, or a PASS in full). */
  add(r: Result): void {
    if (!this.wanted.has(r.ruleId)) return;
    this.countsOf(r.ruleId)[r.status] += 1;
    if (r.status !== 'FAIL') return;
    const total = (this.failingTotal.get(r.ruleId) ?? 0) + 1;
    this.failingTotal.set(r.ruleId, total);
    if (total > MAX_FAILING_PER_REQUIREMENT) return;
    const list = this.failing.get(r.ruleId) ?? [];
    list.push({ ruleId: r.ruleId, arn: r.arn, resourceType: r.resourceType, accountId: r.accountId, region: r.region, ...(r.name === undefined ? {} : { name: r.name }), suppressed: r.suppression !== undefined });
    this.failing.set(r.ruleId, list);
  }

  /** `count` passes of a rule without records. */
  addPasses(ruleId: string, count: number): void {
    if (this.wanted.has(ruleId)) this.countsOf(ruleId).PASS += count;
  }

  /** One report per framework, requirements in the mapping file's order. */
  reports(): ComplianceReport[] {
    return this.frameworks.map((f) => {
      const requirements = f.requirements.map((req) => this.requirement(req));
      const totals: Record<RequirementStatus, number> = { passed: 0, failed: 0, 'partially-evidenced': 0, 'not-evidenced': 0 };
      for (const r of requirements) totals[r.status] += 1;
      const { id, name, version, scope, source, retrieved } = f;
      return { framework: { id, name, version, scope, source, retrieved }, totals, requirements };
    });
  }

  private requirement(req: FrameworkMapping['requirements'][number]): RequirementResult {
    const counts = zero();
    const failing: FailingResource[] = [];
    let failingTotal = 0;
    for (const id of req.rules) {
      const c = this.counts.get(id);
      if (c) for (const s of Object.keys(c) as Status[]) counts[s] += c[s];
      failing.push(...(this.failing.get(id) ?? []));
      failingTotal += this.failingTotal.get(id) ?? 0;
    }
    const rulesNotRun = req.rules.filter((id) => !this.ran.has(id));
    const shown = failing.slice(0, MAX_FAILING_PER_REQUIREMENT);
    const { status, reason } = verdict(req, counts, rulesNotRun);
    return {
      id: req.id,
      title: req.title,
      status,
      reason,
      rules: [...req.rules],
      rulesNotRun,
      counts,
      failing: shown,
      failingOmitted: failingTotal - shown.length,
      ...(req.notEvidenced === undefined ? {} : { notEvidenced: req.notEvidenced }),
    };
  }
}

/** The status rules, in order: no evidence, a failure, anything short of full evidence, else passed. */
function verdict(req: FrameworkMapping['requirements'][number], counts: StatusCounts, rulesNotRun: readonly string[]): { status: RequirementStatus; reason: string } {
  if (req.rules.length === 0) return { status: 'not-evidenced', reason: 'No rule evidences this requirement.' };
  if (rulesNotRun.length === req.rules.length) return { status: 'not-evidenced', reason: 'None of its rules ran in this scan.' };
  if (counts.FAIL > 0) return { status: 'failed', reason: `${counts.FAIL} failing result(s).` };
  const unknown = counts.UNKNOWN + counts.ERROR;
  if (unknown > 0) return { status: 'partially-evidenced', reason: `${unknown} result(s) could not be decided (UNKNOWN or ERROR).` };
  if (rulesNotRun.length > 0) return { status: 'partially-evidenced', reason: `${rulesNotRun.length} of its ${req.rules.length} rules did not run.` };
  if (req.notEvidenced !== undefined) return { status: 'partially-evidenced', reason: 'Its rules passed; part of it no rule can evidence.' };
  return { status: 'passed', reason: counts.PASS > 0 ? 'Every result passed.' : 'Its rules found no resource in scope.' };
}

/** The compliance view of results held in memory (a saved results file). */
export function complianceOf(frameworks: readonly FrameworkMapping[], scan: { rules: readonly Pick<RuleSummary, 'id'>[]; findings: readonly Result[]; passed: ReadonlyMap<string, { count: number }> }): ComplianceReport[] {
  const tally = new ComplianceTally(frameworks, scan.rules);
  for (const r of scan.findings) tally.add(r);
  for (const [ruleId, p] of scan.passed) tally.addPasses(ruleId, p.count);
  return tally.reports();
}
