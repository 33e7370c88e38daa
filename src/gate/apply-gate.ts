import type { ScanResults } from '../engine/result.js';
import { applyBaseline, loadBaseline, type AbsentFinding } from './baseline.js';
import { applySuppressions, loadSuppressions } from './suppressions.js';
import { decideExit, gateRecord, type GateDecision, type GateOptions, type GateRecord } from './threshold.js';

/** What the gate adds under `run` in results.json (the schema's `run.baseline`, `run.suppressions`, `run.gate`). */
export interface GateRunRecord {
  baseline?: { file: string; kind: string; counts: { new: number; unchanged: number; updated: number; absent: number }; absent: AbsentFinding[] };
  suppressions?: {
    file: string;
    active: { source: string; rule: string; resource: string; matched: number; expires: string }[];
    expired: { source: string; rule: string; resource: string; matched: number; expires: string }[];
    stale: { source: string; rule: string; resource: string; expires: string }[];
  };
  gate?: GateRecord;
}

export interface GateFiles {
  baseline?: string;
  suppressions?: string;
  /** Defaults to now; tests pin it so expiry is deterministic. */
  now?: Date;
}

/**
 * Loads the baseline and suppressions files (throwing InputError on a bad
 * file, before any report is written) and returns a copy of the results with
 * `baselineState` and `suppression` set and the record under `run`.
 * Suppressions apply after the baseline, so a suppressed finding still shows
 * whether it is new.
 */
export async function applyGateFiles(results: ScanResults, files: GateFiles): Promise<ScanResults> {
  const knownRuleIds = results.rules.map((r) => r.id);
  const [baseline, suppressions] = await Promise.all([
    files.baseline === undefined ? undefined : loadBaseline(files.baseline),
    files.suppressions === undefined ? undefined : loadSuppressions(files.suppressions, { knownRuleIds }),
  ]);
  let list = results.results;
  const record: GateRunRecord = {};
  if (baseline) {
    const compared = applyBaseline(list, baseline);
    list = compared.results;
    record.baseline = { file: baseline.file, kind: baseline.kind, counts: compared.counts, absent: compared.absent };
  }
  if (suppressions) {
    const applied = applySuppressions(list, suppressions, files.now ? { now: files.now } : {});
    list = applied.results;
    const brief = ({ entry, matched }: { entry: { source: string; rule: string; resource: string; expires: string }; matched: number }) => ({
      source: entry.source,
      rule: entry.rule,
      resource: entry.resource,
      matched,
      expires: entry.expires,
    });
    record.suppressions = {
      file: suppressions.file,
      active: applied.report.active.map(brief),
      expired: applied.report.expired.map(brief),
      stale: applied.report.stale.map(({ entry }) => ({ source: entry.source, rule: entry.rule, resource: entry.resource, expires: entry.expires })),
    };
  }
  return { ...results, run: { ...results.run, ...record }, results: list };
}

/** Lines for the console about expired and stale suppressions and the baseline, so they are never silent. */
export function gateNotes(results: ScanResults): string[] {
  const run = results.run as ScanResults['run'] & GateRunRecord;
  const notes: string[] = [];
  if (run.baseline) {
    const c = run.baseline.counts;
    notes.push(`baseline ${run.baseline.file}: ${c.new} new, ${c.updated} updated, ${c.unchanged} unchanged, ${c.absent} fixed since (absent)`);
  }
  for (const e of run.suppressions?.expired ?? []) notes.push(`suppression expired ${e.expires} (${e.source}): ${e.rule} ${e.resource} no longer suppresses ${e.matched} finding(s)`);
  for (const e of run.suppressions?.stale ?? []) notes.push(`suppression stale (${e.source}): ${e.rule} ${e.resource} matches nothing`);
  return notes;
}

/**
 * Decides the exit code and records the decision under `run.gate`, so the
 * decision is made before any report is written and every report can show it.
 */
export function recordGateDecision(results: ScanResults, options: GateOptions): { results: ScanResults; decision: GateDecision } {
  const decision = decideExit(results, options);
  const gate = gateRecord(decision, options);
  return { results: { ...results, run: { ...results.run, gate } as ScanResults['run'] }, decision };
}
