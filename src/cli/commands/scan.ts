import { Command, Option } from 'commander';
import { EVIDENCE_MODES, type EvidenceMode } from '../../engine/compile-rule.js';
import { compileRules } from '../../engine/evaluate.js';
import { scanInventoryStreaming, type ReopenInventory } from '../../engine/scan-stream.js';
import { AccessLedger } from '../../engine/access-ledger.js';
import { planNote, planScan, withConfigRecord, type ScanPlan, type TypedOption } from '../../config/plan-scan.js';
import { FindingGate, gateNotes } from '../../gate/apply-gate.js';
import { FAIL_ON_VALUES } from '../../gate/threshold.js';
import { consoleNote } from '../../gate/suppressions.js';
import { terminalSafe } from '../../errors.js';
import { networkWarning, openHistory, type History } from '../../history/open-history.js';
import { historyView } from '../../history/queries.js';
import { HistoryRecorder, recordRun, ruleSetLabel, runRecordOf } from '../../history/record-run.js';
import type { HistoryView } from '../../report/html-history.js';
import { inventoryFromSnapshot, snapshotPath } from '../../inventory/snapshot-read.js';
import { expandParts, SnapshotParts } from '../../inventory/snapshot-parts.js';
import { isStdin } from '../../util/bounded-read.js';
import { writeSnapshot } from '../../inventory/snapshot-write.js';
import { addCollectOptions, collectOptionsFrom, type CollectFlags } from './collect.js';
import { checkOutputTarget, outputTarget } from '../../report/output-target.js';
import { DEFAULT_SCAN_FORMATS, REPORT_FORMATS, renderConsole, ScanOutputs, useColor } from '../../report/write.js';
import { loadFramework } from '../../report/frameworks.js';
import type { RuleSelectionFlags } from '../../config/selection-flags.js';
import { addRuleSelectionOptions, addRuleSourceOptions, catalogueFrom, type RuleSourceFlags } from '../rule-options.js';

export interface ScanCommandOptions extends CollectFlags, RuleSourceFlags, RuleSelectionFlags {
  config?: string;
  snapshot?: string;
  /** Every path given to --snapshot (files, folders, globs); `snapshot` is the first. */
  snapshotParts?: string[];
  saveSnapshot?: string;
  out: string;
  format: string;
  failOn: string;
  failOnUnknown?: boolean;
  strict?: boolean;
  quiet?: boolean;
  sarifUnknown?: boolean;
  baseline?: string;
  suppressions?: string;
  evidence?: EvidenceMode;
  history?: string;
}

/** The snapshot parts --snapshot names (files, folders, globs; standard input alone), headers read and checked to belong together. */
async function openParts(paths: readonly string[]): Promise<SnapshotParts> {
  const only = paths.length === 1 ? paths[0] : undefined;
  return SnapshotParts.open(only !== undefined && isStdin(only) ? [await snapshotPath(only)] : await expandParts(paths));
}

/** Collects a live inventory with the collection flags, and the config file's settings for what they leave unset; keeps it as a snapshot file when asked. */
async function collectLive(options: ScanCommandOptions, plan: ScanPlan): Promise<ReopenInventory> {
  const { collectInventory } = await import('../../collect/collect.js');
  const snapshot = await collectInventory({ ...(await collectOptionsFrom(options)), ...plan.collectScope });
  if (options.saveSnapshot) await writeSnapshot(options.saveSnapshot, snapshot);
  return async () => inventoryFromSnapshot(snapshot);
}

/**
 * `sealcheck scan`: the one scan path. The plan (config file, rules, outputs,
 * gate inputs) and the gate files are read first, so bad input stops the run
 * before anything is written; then every result streams from the inventory
 * through the gate into the outputs, which keep only what they show; the
 * decision is made when the last result is in, before any report is put in
 * place. `typed` says which options the user gave (the rest come from the
 * config file, then commander's defaults); by default every option present counts as typed.
 */
export async function runScan(options: ScanCommandOptions, typed: TypedOption = (name) => options[name] !== undefined): Promise<number> {
  const plan = await planScan(options, typed, catalogueFrom(options));
  checkOutputTarget(plan.outDir, plan.formats);
  // Standard input becomes a private file (a scan may read its input twice); anything else must be a regular file.
  const parts = plan.snapshot === undefined ? undefined : await openParts(typed('snapshot') && options.snapshotParts ? options.snapshotParts : [plan.snapshot]);
  if (parts) plan.snapshot = parts.files.length === 1 ? parts.files[0] : `${parts.files.length} parts: ${(options.snapshotParts ?? [plan.snapshot!]).join(' ')}`;
  if (!options.quiet) {
    const note = planNote(plan);
    if (note) process.stderr.write(`${note}\n`);
  }
  const ruleTable = compileRules(plan.rules, Date.now(), plan.overrides).map((r) => r.summary);
  const gate = await FindingGate.load(plan.gate, { ...(plan.baseline ? { baseline: plan.baseline } : {}), ...(plan.suppressions ? { suppressions: plan.suppressions } : {}) }, ruleTable.map((r) => r.id));
  const history = plan.history === undefined ? undefined : openRunHistory(plan.history);
  const recorder = history && new HistoryRecorder(serviceLookup(ruleTable));
  // Findings point into the snapshot file (SARIF locations, HTML links) only when there is one file.
  const snapshotFile = parts ? (parts.files.length === 1 ? parts.files[0] : undefined) : options.saveSnapshot;
  const open: ReopenInventory = parts ? (o) => parts.read(o) : await collectLive(options, plan);
  const target = await outputTarget(plan.outDir, plan.formats);
  const accessLedger = new AccessLedger();
  const outputs = await ScanOutputs.open({
    formats: plan.formats,
    outDir: target.dir,
    rules: ruleTable,
    fullPasses: plan.evidence === 'all',
    includeUnknownInSarif: plan.sarifUnknown,
    ...(snapshotFile ? { snapshotFile } : {}),
    ...(plan.compliance.length > 0 ? { compliance: plan.compliance.map((id) => loadFramework(id)) } : {}),
    access: accessLedger,
  });
  try {
    const sink = gate.before(recorder ? recorder.beside(outputs) : outputs);
    const head = await scanInventoryStreaming(open, { rules: plan.rules, overrides: plan.overrides, evidence: plan.evidence, accessLedger, ...(plan.snapshot ? { file: plan.snapshot } : {}), ...(plan.snapshotScope ? { scope: plan.snapshotScope } : {}) }, sink);
    const { scan, decision } = await gate.decide(withConfigRecord(head, plan));
    if (!options.quiet) for (const note of gateNotes(scan)) process.stderr.write(`${consoleNote(note)}\n`);
    let view: HistoryView | undefined;
    if (history && recorder) {
      // Recorded before the reports are rendered: report.html shows the history including this run.
      const runId = recordRun(history, runRecordOf(scan, ruleSetLabel(options.rules === undefined ? 'bundled' : [options.rules].flat().join(','), ruleTable), decision), recorder.findings, recorder.passes);
      view = historyView(history, runId);
    }
    const { written, results, failing } = await outputs.finish(scan, view);
    await target.deliver(written);
    if (plan.formats.includes('console') && !options.quiet) {
      process.stdout.write(renderConsole(results, { color: useColor(process.stdout), quiet: false, failing }));
      for (const reason of decision.reasons) process.stdout.write(`gate: ${terminalSafe(reason)}\n`);
    }
    return decision.exitCode;
  } catch (error) {
    await outputs.abort();
    await target.discard();
    throw error;
  } finally {
    history?.db.close();
    parts?.close();
  }
}

/** Opens the history before any work, so a bad file stops the run (exit 2); warns when it lies on a network file system. */
function openRunHistory(file: string): History {
  const warning = networkWarning(file);
  if (warning) process.stderr.write(`${terminalSafe(warning)}\n`);
  return openHistory(file, { create: true });
}

/** The service of each rule, for history trends by service. */
function serviceLookup(rules: readonly { id: string; service: string }[]): (ruleId: string) => string {
  const services = new Map(rules.map((r) => [r.id, r.service]));
  return (ruleId) => services.get(ruleId) ?? 'unknown';
}

export function scanCommand(): Command {
  return addRuleSelectionOptions(addRuleSourceOptions(addCollectOptions(new Command('scan'))))
    .description('Evaluate the rules on a snapshot, or on a live inventory collected first, and write reports')
    .option('--snapshot <paths...>', 'sealcheck snapshot (.json, .ndjson, .gz) or AWS Config snapshot / API items; several files, a folder, a glob or an s3://bucket/prefix/ are merged as one inventory (the parts of a sharded collection); without it, collect live')
    .option('--save-snapshot <file>', 'when collecting live, also keep the inventory as a snapshot')
    .option('--config <file>', 'config file (default: sealcheck.config.yaml|yml|json in the working directory, if there is one); options given here override it')
    .option('--out <dir>', 'output folder, or an s3://bucket/prefix/ to upload the reports to; - writes the one report asked for with --format to standard output', 'reports')
    .option('--format <list>', `comma-separated: ${REPORT_FORMATS.join(',')}`, DEFAULT_SCAN_FORMATS.join(','))
    .addOption(new Option('--fail-on <severity>', 'lowest severity that fails the run').choices(FAIL_ON_VALUES as string[]).default('high'))
    .option('--baseline <file>', 'previous results.json, SARIF or `sealcheck baseline create` file: only findings not in it fail the gate')
    .option('--suppressions <file>', 'suppressions file (.sealcheck-suppressions.yaml|json): accepted findings with reason and expiry')
    .option('--history <file>', 'SQLite file that records this run (created when missing): trends, new and fixed findings, `sealcheck history`; report.html gains a History section')
    .option('--fail-on-unknown', 'also fail on UNKNOWN results at or above the threshold')
    .option('--strict', 'exit 3 when the inventory has collection errors or rejected source items')
    .option('--sarif-unknown', 'also report UNKNOWN results in SARIF, as notes')
    .addOption(new Option('--evidence <which>', 'results that carry evidence: failures (FAIL, UNKNOWN, ERROR) or all (PASS too, as full records in results.json)').choices(EVIDENCE_MODES as string[]).default('failures'))
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (opts: Omit<ScanCommandOptions, 'snapshot'> & { snapshot?: string[] }, cmd: Command) => {
      const { snapshot, ...rest } = opts;
      const options: ScanCommandOptions = snapshot ? { ...rest, snapshot: snapshot[0], snapshotParts: snapshot } : rest;
      process.exitCode = await runScan(options, (name) => cmd.getOptionValueSource(name) === 'cli');
    });
}
