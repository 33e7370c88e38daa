import { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { writeTextWhole } from '../../util/storage/write-text.js';
import { readResultsFile } from '../../gate/results-file.js';
import { checkRegularFile, isRegularFile } from '../../util/bounded-read.js';
import { complianceOf, type ComplianceReport } from '../../report/compliance.js';
import { renderComplianceCsv, renderComplianceJson, renderComplianceTable } from '../../report/compliance-render.js';
import { frameworkIds, loadFramework } from '../../report/frameworks.js';
import { checkOutputTarget, outputTarget } from '../../report/output-target.js';
import { parseReportFormats, REPORT_FORMATS, renderConsole, useColor, writeReports } from '../../report/write.js';
import { listOption } from '../../config/selection-flags.js';

export interface ReportCommandOptions {
  results: string;
  /** Absent: `sarif,html,junit,console`, or `console` alone with --compliance. */
  format?: string;
  out: string;
  snapshot?: string;
  sarifUnknown?: boolean;
  quiet?: boolean;
  compliance?: string;
  complianceFormat?: string;
  complianceCsv?: string;
}

const DEFAULT_FORMATS = 'sarif,html,junit,console';
const COMPLIANCE_FORMATS = ['table', 'json'] as const;

/** The mapping files `--compliance` names: framework ids only (an alias such as `cis` names no single version). */
function frameworksOf(value: string) {
  const known = frameworkIds();
  return [...new Set(listOption('--compliance', value))].map((id) => {
    if (!known.includes(id)) throw new UsageError(`--compliance: "${id}" is not a framework with a mapping file (known: ${known.join(', ')})`);
    return loadFramework(id);
  });
}

/** `sealcheck report`: render reports again from a saved results.json (e.g. in a CI job other than the scan's), or a framework's compliance view of it. */
export async function runReport(options: ReportCommandOptions): Promise<void> {
  const mappings = options.compliance === undefined ? undefined : frameworksOf(options.compliance);
  const complianceFormat = options.complianceFormat ?? 'table';
  if (!(COMPLIANCE_FORMATS as readonly string[]).includes(complianceFormat)) throw new UsageError(`--compliance-format: "${complianceFormat}" is not one of ${COMPLIANCE_FORMATS.join(', ')}`);
  if (!mappings && (options.complianceFormat !== undefined || options.complianceCsv !== undefined)) throw new UsageError('--compliance-format and --compliance-csv go with --compliance');
  const formats = parseReportFormats(options.format ?? (mappings ? 'console' : DEFAULT_FORMATS));
  checkOutputTarget(options.out, formats);
  const results = await readResultsFile(options.results);
  const compliance: ComplianceReport[] | undefined = mappings && complianceOf(mappings, results);
  // Without --snapshot, the scanned file named in the results serves when it is still where it was, and only
  // when it is a regular file: a results file from elsewhere must not make sealcheck read a device or a FIFO.
  const recorded = results.run.snapshot.file;
  if (options.snapshot) await checkRegularFile(options.snapshot);
  const snapshot = options.snapshot ?? (recorded && (await isRegularFile(recorded)) ? recorded : undefined);
  const target = await outputTarget(options.out, formats);
  let written;
  try {
    written = await writeReports(results, {
      formats,
      outDir: target.dir,
      includeUnknownInSarif: Boolean(options.sarifUnknown),
      ...(snapshot ? { snapshotFile: snapshot } : {}),
      ...(mappings ? { compliance: mappings } : {}),
    });
  } catch (error) {
    await target.discard();
    throw error;
  }
  await target.deliver(written);
  if (compliance && options.complianceCsv !== undefined) await writeTextWhole(options.complianceCsv, renderComplianceCsv(compliance));
  if (compliance && complianceFormat === 'json') process.stdout.write(renderComplianceJson(compliance));
  else if (compliance && formats.includes('console') && !options.quiet) process.stdout.write(renderComplianceTable(compliance));
  else if (formats.includes('console')) process.stdout.write(renderConsole(results, { color: useColor(process.stdout), quiet: Boolean(options.quiet) }));
  if (!options.quiet && !target.toStdout) {
    for (const w of written) process.stderr.write(`wrote ${target.shown?.(w.file) ?? w.file}\n`);
    if (compliance && options.complianceCsv !== undefined) process.stderr.write(`wrote ${options.complianceCsv}\n`);
  }
}

export function reportCommand(): Command {
  return new Command('report')
    .description('Render reports from a saved results.json, or a framework compliance view of it (--compliance)')
    .requiredOption('--results <file>', 'results.json written by `sealcheck scan` (may be gzipped)')
    .option('--format <list>', `comma-separated: ${REPORT_FORMATS.join(',')} (default: ${DEFAULT_FORMATS}; console alone with --compliance)`)
    .option('--out <dir>', 'output folder; - writes the one report asked for with --format to standard output', 'reports')
    .option('--snapshot <file>', 'the snapshot that was scanned (default: the file named in the results, if present): SARIF points at its lines, the HTML report shows tags')
    .option('--sarif-unknown', 'also report UNKNOWN results in SARIF, as notes')
    .option('--compliance <list>', 'framework ids (cis-aws-v3.0.0, cis-aws-v5.0.0, fsbp-v1.0.0, pci-dss-v4.0, nist-800-53-r5, hipaa-security-rule): per requirement, passed, failed, partially evidenced or not evidenced, with the failing resources; report.html gains a Compliance section')
    .option('--compliance-format <format>', 'the compliance view on standard output: table or json (default: table)')
    .option('--compliance-csv <file>', 'also write the compliance view as CSV (one row per failing resource)')
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (opts: ReportCommandOptions) => {
      await runReport(opts);
    });
}
