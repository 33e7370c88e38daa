import { Command, Option } from 'commander';
import { EVIDENCE_MODES, type EvidenceMode } from '../../engine/compile-rule.js';
import { loadRules } from '../../engine/load-rules.js';
import { scanInventory } from '../../engine/scan.js';
import { applyGateFiles, gateNotes, recordGateDecision } from '../../gate/apply-gate.js';
import { FAIL_ON_VALUES } from '../../gate/threshold.js';
import { inventoryFromSnapshot, openInventory, snapshotPath, type InventorySource } from '../../inventory/snapshot-read.js';
import { consoleNote } from '../../gate/suppressions.js';
import { terminalSafe } from '../../errors.js';
import { writeSnapshot } from '../../inventory/snapshot-write.js';
import { addCollectOptions, collectOptionsFrom, type CollectFlags } from './collect.js';
import { REPORT_FORMATS, renderConsole, useColor, writeReports, type WriteReportsOptions } from '../../report/write.js';
import { planNote, planScan, withConfigRecord, type ScanPlan, type TypedOption } from './scan-config.js';
import { canStreamScan, runStreamingScan } from './scan-streaming.js';

export interface ScanCommandOptions extends CollectFlags {
  config?: string;
  snapshot?: string;
  saveSnapshot?: string;
  rules?: string;
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
}

/** Collects a live inventory with the collection flags, and the config file's settings for what they leave unset; keeps it as a snapshot file when asked. */
async function collectLive(options: ScanCommandOptions, plan: ScanPlan): Promise<InventorySource> {
  const { collectInventory } = await import('../../collect/collect.js');
  const snapshot = await collectInventory({ ...(await collectOptionsFrom(options)), ...plan.collectScope });
  if (options.saveSnapshot) await writeSnapshot(options.saveSnapshot, snapshot);
  return inventoryFromSnapshot(snapshot);
}

/**
 * `sealcheck scan`: read an inventory, evaluate the rules, decide the exit
 * code, write reports. `typed` says which options the user gave (the rest
 * come from the config file, then commander's defaults); by default every
 * option present counts as typed.
 */
export async function runScan(options: ScanCommandOptions, typed: TypedOption = (name) => options[name] !== undefined): Promise<number> {
  // Everything that can reject the input happens before the output folder is touched.
  const catalogue = loadRules(options.rules);
  const plan = await planScan(options, typed, catalogue);
  const { formats, gate, rules } = plan;
  // Standard input becomes a private file (a scan reads its input twice); anything else must be a regular file.
  if (plan.snapshot) plan.snapshot = await snapshotPath(plan.snapshot);
  if (!options.quiet) {
    const note = planNote(plan);
    if (note) process.stderr.write(`${note}\n`);
  }
  // Inventories read by line (NDJSON, sealcheck's JSON) with results.json only: streamed, nothing held but the index (see scan-streaming.ts).
  if (plan.snapshot && !plan.overrides.severity && (await canStreamScan(plan.snapshot, formats, plan))) {
    return runStreamingScan({ snapshot: plan.snapshot, rules, outDir: plan.outDir, gate, evidence: options.evidence, record: (results) => withConfigRecord(results, plan) });
  }
  const source = plan.snapshot ? await openInventory(plan.snapshot) : await collectLive(options, plan);
  const scanned = await scanInventory(source, { rules, overrides: plan.overrides, ...(plan.snapshot ? { file: plan.snapshot } : {}), ...(options.evidence ? { evidence: options.evidence } : {}) });
  // Gate inputs (src/gate): baseline states and suppressions, then the decision, all before any report is written.
  const gated = await applyGateFiles(scanned, { baseline: plan.baseline, suppressions: plan.suppressions });
  const { results, decision } = recordGateDecision(withConfigRecord(gated, plan), gate);
  if (!options.quiet) for (const note of gateNotes(results)) process.stderr.write(`${consoleNote(note)}\n`);
  const writeOptions: WriteReportsOptions = { formats, outDir: plan.outDir };
  if (plan.snapshot) writeOptions.snapshotFile = plan.snapshot;
  else if (options.saveSnapshot) writeOptions.snapshotFile = options.saveSnapshot;
  if (options.sarifUnknown) writeOptions.includeUnknownInSarif = true;
  await writeReports(results, writeOptions);
  if (formats.includes('console') && !options.quiet) {
    process.stdout.write(renderConsole(results, { color: useColor(process.stdout), quiet: false }));
    for (const reason of decision.reasons) process.stdout.write(`gate: ${terminalSafe(reason)}\n`);
  }
  return decision.exitCode;
}

export function scanCommand(): Command {
  return addCollectOptions(new Command('scan'))
    .description('Evaluate the rules on a snapshot, or on a live inventory collected first, and write reports')
    .option('--snapshot <file>', 'sealcheck snapshot (.json, .ndjson, .gz) or AWS Config snapshot / API items; without it, collect live')
    .option('--save-snapshot <file>', 'when collecting live, also keep the inventory as a snapshot')
    .option('--config <file>', 'config file (default: sealcheck.config.yaml|yml|json in the working directory, if there is one); options given here override it')
    .option('--rules <dir>', 'rules folder (default: the bundled catalogue)')
    .option('--out <dir>', 'output folder', 'reports')
    .option('--format <list>', `comma-separated: ${REPORT_FORMATS.join(',')}`, REPORT_FORMATS.join(','))
    .addOption(new Option('--fail-on <severity>', 'lowest severity that fails the run').choices(FAIL_ON_VALUES as string[]).default('high'))
    .option('--baseline <file>', 'previous results.json, SARIF or `sealcheck baseline create` file: only findings not in it fail the gate')
    .option('--suppressions <file>', 'suppressions file (.sealcheck-suppressions.yaml|json): accepted findings with reason and expiry')
    .option('--fail-on-unknown', 'also fail on UNKNOWN results at or above the threshold')
    .option('--strict', 'exit 3 when the inventory has collection errors or rejected source items')
    .option('--sarif-unknown', 'also report UNKNOWN results in SARIF, as notes')
    .addOption(new Option('--evidence <which>', 'results that carry evidence: failures (FAIL, UNKNOWN, ERROR) or all (PASS too)').choices(EVIDENCE_MODES as string[]).default('failures'))
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (opts: ScanCommandOptions, cmd: Command) => {
      process.exitCode = await runScan(opts, (name) => cmd.getOptionValueSource(name) === 'cli');
    });
}
