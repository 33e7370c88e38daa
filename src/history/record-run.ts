import { createHash } from 'node:crypto';
import type { Result, ScanResults, Severity, Status } from '../engine/result.js';
import type { ScopedCollectionError } from '../inventory/resource.js';
import type { ResultSink } from '../engine/scan-stream.js';
import { onHistory, type History } from './open-history.js';

/** What the history keeps of one finding of a run (every FAIL, UNKNOWN and ERROR; PASS only as counts). */
export interface FindingRecord {
  fingerprint: string;
  ruleId: string;
  service: string;
  arn: string;
  accountId: string;
  region: string;
  severity: Severity;
  status: Exclude<Status, 'PASS'>;
  suppressed: boolean;
  suppressionReason?: string;
}

/** Where a collection error lies: its account, region, service and resource, each undefined when the error is wider. */
export type ErrorScope = Pick<ScopedCollectionError, 'accountId' | 'region' | 'service' | 'resourceArn'>;

/** The run as the history keeps it. */
export interface RunRecord {
  startedAt: string;
  finishedAt: string;
  accounts: string[];
  regions: string[];
  /** Where the rules came from (`bundled` or a folder) and a digest of the rules that ran, so a changed rule set shows. */
  ruleSet: string;
  ruleIds: string[];
  toolVersion: string;
  resources: number;
  collectionErrors: number;
  /** Where the run's collection errors lie (a field left out: any); a finding inside one is never marked fixed by its absence. */
  errorScopes: ErrorScope[];
  exitCode: number;
  gate: string;
}

/**
 * A result sink that keeps what the history records: one small record per
 * finding (after the gate marked suppressions) and the PASS count per rule.
 */
export class HistoryRecorder implements ResultSink {
  findings: FindingRecord[] = [];
  passes = new Map<string, number>();

  constructor(private readonly serviceOf: (ruleId: string) => string) {}

  add(r: Result): void {
    if (r.status === 'PASS') {
      this.passes.set(r.ruleId, (this.passes.get(r.ruleId) ?? 0) + 1);
      return;
    }
    const record: FindingRecord = {
      fingerprint: r.fingerprint,
      ruleId: r.ruleId,
      service: this.serviceOf(r.ruleId),
      arn: r.arn,
      accountId: r.accountId,
      region: r.region,
      severity: r.severity,
      status: r.status,
      suppressed: r.suppression !== undefined,
    };
    if (r.suppression) record.suppressionReason = r.suppression.reason;
    this.findings.push(record);
  }

  async flush(): Promise<void> {}

  async restart(): Promise<void> {
    this.findings = [];
    this.passes = new Map();
  }

  /** A sink handing each result to `next` and keeping it here too. */
  beside(next: ResultSink): ResultSink {
    return {
      add: (r, resource) => {
        next.add(r, resource);
        this.add(r);
      },
      flush: () => next.flush(),
      restart: async () => {
        await this.restart();
        await next.restart?.();
      },
    };
  }
}

/** The run record of a finished scan: `exitCode` and `gate` from the gate's decision. */
export function runRecordOf(scan: Pick<ScanResults, 'run' | 'rules'>, ruleSet: string, decision: { exitCode: number }): RunRecord {
  const run = scan.run;
  const gate = decision.exitCode === 0 ? 'pass' : decision.exitCode === 1 ? 'fail' : 'incomplete';
  return {
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    accounts: run.snapshot.accounts,
    regions: run.snapshot.regions,
    ruleSet,
    ruleIds: scan.rules.map((r) => r.id),
    toolVersion: run.tool.version,
    resources: run.snapshot.resourceCount,
    collectionErrors: run.collectionErrors.length,
    errorScopes: run.collectionErrors.map(({ accountId, region, service, resourceArn }) => ({ accountId, region, service, resourceArn })),
    exitCode: decision.exitCode,
    gate,
  };
}

interface OpenFinding {
  id: number;
  rule_id: string;
  service: string;
  account_id: string;
  region: string;
  arn: string;
}

const within = (scope: string | undefined, value: string): boolean => scope === undefined || scope === value;

/** Whether a collection error may have hidden the finding: it lies in the error's account, region, service and resource. */
function hiddenBy(f: OpenFinding, e: ErrorScope): boolean {
  return within(e.accountId, f.account_id) && within(e.region, f.region) && within(e.service, f.service) && within(e.resourceArn, f.arn);
}

/**
 * Records one run in one transaction: the run, each finding by fingerprint
 * (first seen, last seen, reopened, suppression changes), the PASS counts per
 * rule, and the findings the run no longer reports marked fixed. A finding
 * counts as fixed only when the run covered its account and rule and no
 * collection error lies over it (same account, region, service, resource, each
 * where the error names one): absence for lack of data is not a fix.
 * A run that dies before the commit leaves nothing. Returns the run's number.
 */
export function recordRun(history: History, run: RunRecord, findings: readonly FindingRecord[], passes: ReadonlyMap<string, number>): number {
  return onHistory(history, (db) => {
    const insertRun = db.prepare(
      `INSERT INTO runs (started_at, finished_at, accounts, regions, rule_set, rule_count, tool_version, resources, collection_errors, exit_code, gate)
       VALUES (@startedAt, @finishedAt, @accounts, @regions, @ruleSet, @ruleCount, @toolVersion, @resources, @collectionErrors, @exitCode, @gate)`,
    );
    const findByPrint = db.prepare('SELECT id, suppressed FROM findings WHERE fingerprint = ?');
    const insertFinding = db.prepare(
      `INSERT INTO findings (fingerprint, rule_id, service, arn, account_id, region, severity, first_seen_run, first_seen, last_seen_run, last_seen, suppressed)
       VALUES (@fingerprint, @ruleId, @service, @arn, @accountId, @region, @severity, @run, @at, @run, @at, @suppressed)`,
    );
    const seeFinding = db.prepare(
      'UPDATE findings SET severity = @severity, last_seen_run = @run, last_seen = @at, fixed_run = NULL, fixed_at = NULL, suppressed = @suppressed WHERE id = @id',
    );
    const insertRunFinding = db.prepare('INSERT OR IGNORE INTO run_findings (run_id, finding_id, status, severity, suppressed) VALUES (?, ?, ?, ?, ?)');
    const insertChange = db.prepare('INSERT OR REPLACE INTO suppression_changes (finding_id, run_id, suppressed, reason) VALUES (?, ?, ?, ?)');
    const insertPasses = db.prepare('INSERT INTO rule_passes (run_id, rule_id, count) VALUES (?, ?, ?)');
    const openNotSeen = db.prepare('SELECT id, rule_id, service, account_id, region, arn FROM findings WHERE fixed_run IS NULL AND last_seen_run <> ?');
    const fix = db.prepare('UPDATE findings SET fixed_run = ?, fixed_at = ? WHERE id = ?');
    const insertFix = db.prepare('INSERT INTO finding_fixes (run_id, finding_id) VALUES (?, ?)');

    const write = db.transaction((): number => {
      const at = run.startedAt;
      const runId = Number(
        insertRun.run({
          startedAt: run.startedAt,
          finishedAt: run.finishedAt,
          accounts: JSON.stringify(run.accounts),
          regions: JSON.stringify(run.regions),
          ruleSet: run.ruleSet,
          ruleCount: run.ruleIds.length,
          toolVersion: run.toolVersion,
          resources: run.resources,
          collectionErrors: run.collectionErrors,
          exitCode: run.exitCode,
          gate: run.gate,
        }).lastInsertRowid,
      );
      for (const f of findings) {
        const suppressed = f.suppressed ? 1 : 0;
        const known = findByPrint.get(f.fingerprint) as { id: number; suppressed: number } | undefined;
        let id: number;
        if (known) {
          id = known.id;
          seeFinding.run({ id, severity: f.severity, run: runId, at, suppressed });
          if (known.suppressed !== suppressed) insertChange.run(id, runId, suppressed, f.suppressionReason ?? null);
        } else {
          id = Number(insertFinding.run({ fingerprint: f.fingerprint, ruleId: f.ruleId, service: f.service, arn: f.arn, accountId: f.accountId, region: f.region, severity: f.severity, run: runId, at, suppressed }).lastInsertRowid);
          if (suppressed) insertChange.run(id, runId, suppressed, f.suppressionReason ?? null);
        }
        insertRunFinding.run(runId, id, f.status, f.severity, suppressed);
      }
      for (const [ruleId, count] of passes) insertPasses.run(runId, ruleId, count);
      const accounts = new Set(run.accounts);
      const rules = new Set(run.ruleIds);
      for (const f of openNotSeen.all(runId) as OpenFinding[]) {
        if (accounts.has(f.account_id) && rules.has(f.rule_id) && !run.errorScopes.some((e) => hiddenBy(f, e))) {
          fix.run(runId, at, f.id);
          insertFix.run(runId, f.id);
        }
      }
      return runId;
    });
    return write.immediate();
  });
}

/** Names the rule set a run used: where the rules came from and a digest of their ids and severities, so a changed catalogue shows between runs. */
export function ruleSetLabel(source: string, rules: readonly { id: string; severity: string }[]): string {
  const digest = createHash('sha256')
    .update(rules.map((r) => `${r.id}:${r.severity}`).sort().join('\n'))
    .digest('hex')
    .slice(0, 12);
  return `${source} ${digest}`;
}
