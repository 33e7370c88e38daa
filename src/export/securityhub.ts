import type { Result, ResultResource, RuleSummary, ScanResults } from '../engine/result.js';
import { fingerprintOf } from '../engine/fingerprint.js';
import { asffFinding, type AsffFinding, type AsffOptions } from '../report/asff.js';

/**
 * What `sealcheck export securityhub` sends: the results of a results file as
 * ASFF findings, in batches of 100 (BatchImportFindings' limit), retrying the
 * findings Security Hub reports as failed for a passing reason.
 *
 * Resolving (the rule this module keeps): every PASS the results file names
 * (its `passed` resources, and PASS records) is sent too, with
 * `Compliance.Status` PASSED and `RecordState` ARCHIVED, under the Id a failure
 * of the same rule on the same resource has. A finding fixed since an earlier
 * export is so updated in place and leaves the active list; a PASS that never
 * failed lands archived and shows nowhere by default. It needs no state between
 * runs and no read permission. `Workflow` is never sent: BatchImportFindings
 * cannot change it once a finding exists.
 */

/** BatchImportFindings takes at most this many findings per call. */
export const BATCH_SIZE = 100;

/**
 * `FailedFindings` error codes worth sending again: throttling and Security
 * Hub's own faults. The API reference lists no codes, so anything else (bad
 * input, access) is reported, not retried.
 */
export const RETRYABLE_CODES: readonly string[] = [
  'InternalError',
  'InternalException',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'LimitExceededException',
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
];

/** One finding Security Hub did not take. */
export interface FailedFinding {
  Id: string;
  ErrorCode: string;
  ErrorMessage: string;
}

/** One BatchImportFindings call: the findings in, the failures out (a thrown error is a failed call, after the SDK's own retries). */
export type ImportBatch = (findings: readonly AsffFinding[]) => Promise<{ failed: FailedFinding[] }>;

/** How an export went. */
export interface ExportSummary {
  /** Findings sent (failures and resolutions). */
  findings: number;
  /** Of them, resolutions (PASSED, ARCHIVED). */
  resolved: number;
  /** BatchImportFindings calls made. */
  calls: number;
  /** Findings Security Hub still refused after the retries. */
  failed: FailedFinding[];
  /** PASS results of the file whose resources it does not name, so they could not be resolved. */
  passesWithoutResources: number;
}

export interface ImportOptions {
  /** Rounds of sending again the findings refused for a retryable reason (default 3). */
  retries?: number;
  /** Milliseconds to wait before retry round `n` (from 0); default exponential from 500 ms. */
  retryDelayMs?: (n: number) => number;
}

/** A PASS of `rule` on a resource the results file names, as a result record the ASFF writer takes. */
function passOf(rule: RuleSummary, resource: ResultResource): Result {
  return {
    ...resource,
    ruleId: rule.id,
    status: 'PASS',
    severity: rule.severity,
    category: rule.category,
    message: rule.title,
    evidence: [],
    references: rule.references,
    fingerprint: fingerprintOf(rule.id, resource.arn),
  };
}

/**
 * The findings to send for `scan`: each FAIL, UNKNOWN and ERROR as an active
 * finding, each PASS resolved (see the module comment). Returns them and how
 * many passes could not be resolved for want of their resources.
 */
export function exportFindings(scan: ScanResults, options: AsffOptions): { findings: AsffFinding[]; resolved: number; passesWithoutResources: number } {
  const rules = new Map(scan.rules.map((r) => [r.id, r]));
  const findings: AsffFinding[] = [];
  let resolved = 0;
  const resolve = (f: AsffFinding): AsffFinding => {
    resolved += 1;
    return { ...f, RecordState: 'ARCHIVED' };
  };
  for (const r of scan.findings) {
    const finding = asffFinding(r, rules.get(r.ruleId), scan, options);
    findings.push(r.status === 'PASS' ? resolve(finding) : finding);
  }
  let passesWithoutResources = 0;
  for (const [ruleId, passed] of scan.passed) {
    const rule = rules.get(ruleId);
    if (!rule || !passed.resources) {
      passesWithoutResources += passed.count;
      continue;
    }
    for (const resource of passed.resources) findings.push(resolve(asffFinding(passOf(rule, resource), rule, scan, options)));
  }
  return { findings, resolved, passesWithoutResources };
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends `findings` in batches of {@link BATCH_SIZE}, then sends again, in
 * batches, those refused with a {@link RETRYABLE_CODES} code, up to
 * `retries` rounds. Throttled calls are retried by the SDK client.
 */
export async function importFindings(findings: readonly AsffFinding[], send: ImportBatch, options: ImportOptions = {}): Promise<{ calls: number; failed: FailedFinding[] }> {
  const retries = options.retries ?? 3;
  const delay = options.retryDelayMs ?? ((n: number) => 500 * 2 ** n);
  let pending = [...findings];
  let calls = 0;
  const final: FailedFinding[] = [];
  for (let round = 0; pending.length > 0; round++) {
    if (round > 0) await wait(delay(round - 1));
    const byId = new Map(pending.map((f) => [f.Id, f]));
    const again: AsffFinding[] = [];
    for (let i = 0; i < pending.length; i += BATCH_SIZE) {
      calls += 1;
      const { failed } = await send(pending.slice(i, i + BATCH_SIZE));
      for (const f of failed) {
        const finding = byId.get(f.Id);
        if (finding && RETRYABLE_CODES.includes(f.ErrorCode) && round < retries) again.push(finding);
        else final.push(f);
      }
    }
    pending = again;
  }
  return { calls, failed: final };
}
