import { SEVERITIES, type Severity } from '../engine/result.js';
import { InputError } from '../errors.js';
import type { HistoryFinding, HistoryView } from '../report/html-history.js';
import { onHistory, type History } from './open-history.js';

/** A run as `history list` shows it. */
export interface RunRow {
  run: number;
  startedAt: string;
  accounts: string[];
  regions: string[];
  ruleSet: string;
  toolVersion: string;
  resources: number;
  collectionErrors: number;
  gate: string;
  exitCode: number;
  fail: number;
  unknown: number;
  suppressed: number;
  new: number;
  fixed: number;
}

/** What `trend --by` groups findings by. */
export type TrendKey = 'severity' | 'service' | 'account' | 'rule';

export const TREND_KEYS: readonly TrendKey[] = ['severity', 'service', 'account', 'rule'];

/** The SQL column each trend key reads: fixed, never built from input. */
const TREND_COLUMN: Readonly<Record<TrendKey, string>> = { severity: 'rf.severity', service: 'f.service', account: 'f.account_id', rule: 'f.rule_id' };

/** One group of one run in a trend. */
export interface TrendRow {
  run: number;
  startedAt: string;
  key: string;
  /** FAIL results not suppressed: what is open. */
  fail: number;
  /** UNKNOWN and ERROR results: what could not be decided. */
  unknown: number;
  suppressed: number;
}

/** A finding of one run, as `history show` lists it. */
export type RunFindingRow = HistoryFinding;

/** Finding counts of each run, and what changed against the run before it. */
const RUN_ROWS = `
  WITH counts AS (
    SELECT run_id,
      sum(status = 'FAIL' AND suppressed = 0) AS fail,
      sum(status IN ('UNKNOWN', 'ERROR')) AS unknown,
      sum(suppressed) AS suppressed
    FROM run_findings GROUP BY run_id
  ), prev AS (
    SELECT id, (SELECT max(p.id) FROM runs p WHERE p.id < runs.id) AS prev_id FROM runs
  )
  SELECT r.id AS run, r.started_at AS startedAt, r.accounts, r.regions, r.rule_set AS ruleSet, r.tool_version AS toolVersion,
    r.resources, r.collection_errors AS collectionErrors, r.gate, r.exit_code AS exitCode,
    coalesce(c.fail, 0) AS fail, coalesce(c.unknown, 0) AS unknown, coalesce(c.suppressed, 0) AS suppressed,
    (SELECT count(*) FROM run_findings n WHERE n.run_id = r.id
       AND NOT EXISTS (SELECT 1 FROM run_findings o WHERE o.run_id = prev.prev_id AND o.finding_id = n.finding_id)) AS new,
    (SELECT count(*) FROM finding_fixes x WHERE x.run_id = r.id) AS fixed
  FROM runs r JOIN prev ON prev.id = r.id LEFT JOIN counts c ON c.run_id = r.id`;

/** Every run, oldest first (since `since`, an ISO date or time, when given). */
export function listRuns(history: History, since?: string): RunRow[] {
  return onHistory(history, (db) => (db.prepare(`${RUN_ROWS} WHERE r.started_at >= ? ORDER BY r.id`).all(since ?? '') as StoredRunRow[]).map(runRow));
}

type StoredRunRow = Omit<RunRow, 'accounts' | 'regions'> & { accounts: string; regions: string };

/** Lists the history stores as JSON text: read back as arrays (anything else, from a file edited by hand, as no entries). */
function runRow(stored: StoredRunRow): RunRow {
  const list = (text: string): string[] => {
    try {
      const value: unknown = JSON.parse(text);
      return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
    } catch {
      return [];
    }
  };
  return { ...stored, accounts: list(stored.accounts), regions: list(stored.regions) };
}

/** One run by number, or `latest`; InputError naming the file when there is no such run. */
export function runNumber(history: History, which: string): number {
  const latest = onHistory(history, (db) => (db.prepare('SELECT max(id) AS id FROM runs').get() as { id: number | null }).id);
  const n = which === 'latest' ? latest : /^[1-9][0-9]{0,15}$/.test(which) ? Number(which) : undefined;
  if (n === undefined) throw new InputError(`run "${which}": give a run number (see \`sealcheck history list\`) or latest`);
  const exists = onHistory(history, (db) => db.prepare('SELECT 1 FROM runs WHERE id = ?').get(n));
  if (n === null || !exists) throw new InputError(`${history.file}: no run ${which}`);
  return n;
}

/** The run, its findings (new ones marked) and the findings it fixed. */
export function showRun(history: History, run: number): { run: RunRow; findings: RunFindingRow[]; fixed: RunFindingRow[]; passes: { ruleId: string; count: number }[] } {
  return onHistory(history, (db) => {
    const row = runRow(db.prepare(`${RUN_ROWS} WHERE r.id = ?`).get(run) as StoredRunRow);
    const prev = (db.prepare('SELECT max(id) AS id FROM runs WHERE id < ?').get(run) as { id: number | null }).id;
    const findings = db
      .prepare(
        `SELECT rf.status, rf.severity, f.rule_id AS ruleId, f.arn, f.account_id AS accountId, f.region, rf.suppressed, f.first_seen AS firstSeen,
           CASE WHEN EXISTS (SELECT 1 FROM run_findings o WHERE o.run_id = ? AND o.finding_id = f.id) THEN '' ELSE 'new' END AS change,
           f.fingerprint
         FROM run_findings rf JOIN findings f ON f.id = rf.finding_id WHERE rf.run_id = ? ORDER BY f.rule_id, f.arn`,
      )
      .all(prev ?? -1, run) as RunFindingRow[];
    const fixed = db
      .prepare(
        `SELECT 'FIXED' AS status, f.severity, f.rule_id AS ruleId, f.arn, f.account_id AS accountId, f.region, f.suppressed, f.first_seen AS firstSeen, 'fixed' AS change, f.fingerprint
         FROM finding_fixes x JOIN findings f ON f.id = x.finding_id WHERE x.run_id = ? ORDER BY f.rule_id, f.arn`,
      )
      .all(run) as RunFindingRow[];
    const passes = db.prepare('SELECT rule_id AS ruleId, count FROM rule_passes WHERE run_id = ? ORDER BY rule_id').all(run) as { ruleId: string; count: number }[];
    return { run: row, findings, fixed, passes };
  });
}

/** Findings per run grouped by `by`, oldest run first. */
export function trend(history: History, by: TrendKey, since?: string): TrendRow[] {
  const column = TREND_COLUMN[by];
  return onHistory(
    history,
    (db) =>
      db
        .prepare(
          `SELECT r.id AS run, r.started_at AS startedAt, ${column} AS key,
             sum(rf.status = 'FAIL' AND rf.suppressed = 0) AS fail,
             sum(rf.status IN ('UNKNOWN', 'ERROR')) AS unknown,
             sum(rf.suppressed) AS suppressed
           FROM runs r JOIN run_findings rf ON rf.run_id = r.id JOIN findings f ON f.id = rf.finding_id
           WHERE r.started_at >= ? GROUP BY r.id, key ORDER BY r.id, key`,
        )
        .all(since ?? '') as TrendRow[],
  );
}

/** What to prune: keep the newest N runs, or drop runs started before a date. */
export type PruneRule = { keep: number } | { olderThan: string };

/**
 * Deletes runs (and their per-run rows) in one transaction, then the findings
 * no remaining run reports, then compacts the file. Returns how many runs went.
 */
export function prune(history: History, rule: PruneRule): number {
  const removed = onHistory(history, (db) =>
    db
      .transaction((): number => {
        const result =
          'keep' in rule
            ? db.prepare('DELETE FROM runs WHERE id NOT IN (SELECT id FROM runs ORDER BY id DESC LIMIT ?)').run(rule.keep)
            : db.prepare('DELETE FROM runs WHERE started_at < ?').run(rule.olderThan);
        for (const table of ['suppression_changes', 'finding_fixes']) db.prepare(`DELETE FROM ${table} WHERE finding_id NOT IN (SELECT finding_id FROM run_findings)`).run();
        db.prepare('DELETE FROM findings WHERE id NOT IN (SELECT finding_id FROM run_findings)').run();
        return result.changes;
      })
      .immediate(),
  );
  if (removed > 0) onHistory(history, (db) => db.exec('VACUUM'));
  return removed;
}

const DAY_MS = 86_400_000;

/** The history as of `run`, over its last `lastRuns` runs, for the HTML report. */
export function historyView(history: History, run: number, lastRuns = 10): HistoryView {
  const shown = showRun(history, run);
  return onHistory(history, (db) => {
    const runs = (
      db.prepare('SELECT id AS run, started_at AS startedAt FROM runs WHERE id <= ? ORDER BY id DESC LIMIT ?').all(run, lastRuns) as { run: number; startedAt: string }[]
    ).reverse();
    const counts = db.prepare(`SELECT severity, count(*) AS n FROM run_findings WHERE run_id = ? AND status = 'FAIL' AND suppressed = 0 GROUP BY severity`);
    const withCounts = runs.map((r) => {
      const fail = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
      for (const c of counts.all(r.run) as { severity: string; n: number }[]) if ((SEVERITIES as readonly string[]).includes(c.severity)) fail[c.severity as Severity] = c.n;
      return { ...r, fail };
    });
    const prev = (db.prepare('SELECT max(id) AS id FROM runs WHERE id < ?').get(run) as { id: number | null }).id;
    const now = Date.parse(shown.run.startedAt);
    const open = shown.findings
      .filter((f) => f.status === 'FAIL' && f.suppressed === 0)
      .map((f) => ({ ...f, ageDays: Math.max(0, Math.floor((now - Date.parse(f.firstSeen)) / DAY_MS)) }))
      .sort((a, b) => b.ageDays - a.ageDays || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
    const mttf = db
      .prepare('SELECT severity, count(*) AS fixed, avg(julianday(fixed_at) - julianday(first_seen)) AS meanDays FROM findings WHERE fixed_run IS NOT NULL GROUP BY severity')
      .all() as { severity: Severity; fixed: number; meanDays: number }[];
    const view: HistoryView = {
      file: history.file,
      runs: withCounts,
      newFindings: prev === null ? [] : shown.findings.filter((f) => f.change === 'new'),
      fixedFindings: shown.fixed,
      open,
      meanTimeToFix: SEVERITIES.flatMap((s) => mttf.filter((m) => m.severity === s)),
    };
    if (prev !== null) view.previous = prev;
    return view;
  });
}
