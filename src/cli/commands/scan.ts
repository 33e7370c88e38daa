import { Command, Option } from 'commander';
import { loadRules } from '../../engine/load-rules.js';
import { scanInventory } from '../../engine/scan.js';
import { UsageError } from '../../errors.js';
import { applyGateFiles, gateNotes } from '../../gate/apply-gate.js';
import { decideExit, FAIL_ON_VALUES, parseFailOn, type GateOptions } from '../../gate/threshold.js';
import { inventoryFromSnapshot, openInventory, type InventorySource } from '../../inventory/snapshot-read.js';
import { writeSnapshot } from '../../inventory/snapshot-write.js';
import { addCollectOptions, collectOptionsFrom, type CollectFlags } from './collect.js';
import { REPORT_FORMATS, renderConsole, useColor, writeReports, type WriteReportsOptions } from '../../report/write.js';
import { parseReportFormats } from './report.js';

export interface ScanCommandOptions extends CollectFlags {
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
}

/** Collects a live inventory with the collection flags, keeping it as a snapshot file when asked. */
async function collectLive(options: ScanCommandOptions): Promise<InventorySource> {
  const { collectInventory } = await import('../../collect/collect.js');
  const snapshot = await collectInventory(await collectOptionsFrom(options));
  if (options.saveSnapshot) await writeSnapshot(options.saveSnapshot, snapshot);
  return inventoryFromSnapshot(snapshot);
}

/** `sealcheck scan`: read an inventory, evaluate the rules, write reports, decide the exit code. */
export async function runScan(options: ScanCommandOptions): Promise<number> {
  const formats = parseReportFormats(options.format);
  const gate: GateOptions = { failOn: parseFailOn(options.failOn), failOnUnknown: Boolean(options.failOnUnknown), strict: Boolean(options.strict) };
  if (options.snapshot && options.saveSnapshot) throw new UsageError('--save-snapshot goes with live collection, not with --snapshot');
  // Everything that can reject the input happens before the output folder is touched.
  const rules = loadRules(options.rules);
  const source = options.snapshot ? await openInventory(options.snapshot) : await collectLive(options);
  const scanned = await scanInventory(source, options.snapshot ? { rules, file: options.snapshot } : { rules });
  // Gate inputs (src/gate): baseline states and suppressions, before any report is written.
  const results = await applyGateFiles(scanned, { baseline: options.baseline, suppressions: options.suppressions });
  if (!options.quiet) for (const note of gateNotes(results)) process.stderr.write(`${note}\n`);
  const writeOptions: WriteReportsOptions = { formats, outDir: options.out };
  if (options.snapshot) writeOptions.snapshotFile = options.snapshot;
  else if (options.saveSnapshot) writeOptions.snapshotFile = options.saveSnapshot;
  if (options.sarifUnknown) writeOptions.includeUnknownInSarif = true;
  await writeReports(results, writeOptions);
  const decision = decideExit(results, gate);
  if (formats.includes('console') && !options.quiet) {
    process.stdout.write(renderConsole(results, { color: useColor(process.stdout), quiet: false }));
    for (const reason of decision.reasons) process.stdout.write(`gate: ${reason}\n`);
  }
  return decision.exitCode;
}

export function scanCommand(): Command {
  return addCollectOptions(new Command('scan'))
    .description('Evaluate the rules on a snapshot, or on a live inventory collected first, and write reports')
    .option('--snapshot <file>', 'sealcheck snapshot (.json, .ndjson, .gz) or AWS Config snapshot / API items; without it, collect live')
    .option('--save-snapshot <file>', 'when collecting live, also keep the inventory as a snapshot')
    .option('--rules <dir>', 'rules folder (default: the bundled catalogue)')
    .option('--out <dir>', 'output folder', 'reports')
    .option('--format <list>', `comma-separated: ${REPORT_FORMATS.join(',')}`, REPORT_FORMATS.join(','))
    .addOption(new Option('--fail-on <severity>', 'lowest severity that fails the run').choices(FAIL_ON_VALUES as string[]).default('high'))
    .option('--baseline <file>', 'previous results.json, SARIF or `sealcheck baseline create` file: only findings not in it fail the gate')
    .option('--suppressions <file>', 'suppressions file (.sealcheck-suppressions.yaml|json): accepted findings with reason and expiry')
    .option('--fail-on-unknown', 'also fail on UNKNOWN results at or above the threshold')
    .option('--strict', 'exit 3 when the inventory has collection errors')
    .option('--sarif-unknown', 'also report UNKNOWN results in SARIF, as notes')
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (opts: ScanCommandOptions) => {
      process.exitCode = await runScan(opts);
    });
}
