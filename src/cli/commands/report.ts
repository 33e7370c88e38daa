import { Command } from 'commander';
import { readResultsFile } from '../../gate/results-file.js';
import { checkRegularFile, isRegularFile } from '../../util/bounded-read.js';
import { checkOutputTarget, outputTarget } from '../../report/output-target.js';
import { parseReportFormats, REPORT_FORMATS, renderConsole, useColor, writeReports } from '../../report/write.js';

export interface ReportCommandOptions {
  results: string;
  format: string;
  out: string;
  snapshot?: string;
  sarifUnknown?: boolean;
  quiet?: boolean;
}

/** `sealcheck report`: render reports again from a saved results.json (e.g. in a CI job other than the scan's). */
export async function runReport(options: ReportCommandOptions): Promise<void> {
  const formats = parseReportFormats(options.format);
  checkOutputTarget(options.out, formats);
  const results = await readResultsFile(options.results);
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
    });
  } catch (error) {
    await target.discard();
    throw error;
  }
  await target.deliver(written);
  if (formats.includes('console')) process.stdout.write(renderConsole(results, { color: useColor(process.stdout), quiet: Boolean(options.quiet) }));
  if (!options.quiet && !target.toStdout) for (const w of written) process.stderr.write(`wrote ${w.file}\n`);
}

export function reportCommand(): Command {
  return new Command('report')
    .description('Render reports from a saved results.json')
    .requiredOption('--results <file>', 'results.json written by `sealcheck scan` (may be gzipped)')
    .option('--format <list>', `comma-separated: ${REPORT_FORMATS.join(',')}`, 'sarif,html,junit,console')
    .option('--out <dir>', 'output folder; - writes the one report asked for with --format to standard output', 'reports')
    .option('--snapshot <file>', 'the snapshot that was scanned (default: the file named in the results, if present): SARIF points at its lines, the HTML report shows tags')
    .option('--sarif-unknown', 'also report UNKNOWN results in SARIF, as notes')
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (opts: ReportCommandOptions) => {
      await runReport(opts);
    });
}
