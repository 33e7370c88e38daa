import { writeFile } from 'node:fs/promises';
import type { ScanResults } from '../engine/result.js';
import { renderHtml } from './html.js';
import { writeResultsJson } from './json.js';
import { renderJunit } from './junit.js';
import { OutputSet, outputError } from './output-set.js';
import { renderSarif } from './sarif.js';
import { snapshotLocator } from './sarif-location.js';
import { indexSnapshot, type SnapshotIndex } from './snapshot-index.js';

export { renderConsole, useColor, type ConsoleOptions } from './console.js';

/** The report formats; `console` is printed by the caller with {@link renderConsole}, the others are files. */
export type ReportFormat = 'json' | 'sarif' | 'html' | 'junit' | 'console';

export const REPORT_FORMATS: readonly ReportFormat[] = ['json', 'sarif', 'html', 'junit', 'console'];

/** The file each file format is written to inside the output folder. */
export const REPORT_FILES: Record<Exclude<ReportFormat, 'console'>, string> = {
  json: 'results.json',
  sarif: 'results.sarif',
  html: 'report.html',
  junit: 'junit.xml',
};

export interface WriteReportsOptions {
  /** Formats to write; `console` is ignored here (see {@link renderConsole}). */
  formats: readonly ReportFormat[];
  /** Folder to write into; created when missing. */
  outDir: string;
  /**
   * The snapshot the scan read, when it was a file. SARIF results then point
   * at the resource's line when the file lies inside the repository (and not
   * gzipped), and the HTML report shows and searches resource tags.
   */
  snapshotFile?: string;
  /** Report UNKNOWN results in SARIF as `note` (default: FAIL only). */
  includeUnknownInSarif?: boolean;
  /** Root that SARIF paths are relative to (default: the git root above the current folder). */
  repoRoot?: string;
}

/** A report written: its format and path. */
export interface WrittenReport {
  format: Exclude<ReportFormat, 'console'>;
  file: string;
}

/**
 * Writes the requested reports of a scan into `outDir`: results.json (streamed,
 * one result per line), results.sarif, report.html and junit.xml, as one
 * {@link OutputSet}: all renamed into place when all are complete, and reports
 * of an earlier run that this one did not write are removed. Returns what was
 * written, in the order of {@link REPORT_FILES}. Filesystem errors are
 * OutputErrors naming the path.
 */
export async function writeReports(results: ScanResults, options: WriteReportsOptions): Promise<WrittenReport[]> {
  const wanted = new Set(options.formats);
  let index: SnapshotIndex | undefined;
  if (options.snapshotFile && (wanted.has('sarif') || wanted.has('html'))) index = await indexSnapshot(options.snapshotFile);

  const written: WrittenReport[] = [];
  const output = await OutputSet.begin(options.outDir, { members: Object.values(REPORT_FILES) });
  const emit = async (format: WrittenReport['format'], write: (tmp: string) => Promise<void>) => {
    const tmp = await output.file(REPORT_FILES[format]);
    try {
      await write(tmp);
    } catch (error) {
      throw outputError(output.target(REPORT_FILES[format]), error);
    }
    written.push({ format, file: output.target(REPORT_FILES[format]) });
  };
  try {
    await emitAll(results, options, wanted, index, emit);
    await output.commit();
  } catch (error) {
    await output.abort();
    throw error;
  }
  return written;
}

async function emitAll(
  results: ScanResults,
  options: WriteReportsOptions,
  wanted: ReadonlySet<ReportFormat>,
  index: SnapshotIndex | undefined,
  emit: (format: WrittenReport['format'], write: (tmp: string) => Promise<void>) => Promise<void>,
): Promise<void> {

  if (wanted.has('json')) await emit('json', (tmp) => writeResultsJson(tmp, results));
  if (wanted.has('sarif')) {
    const locate = index && options.snapshotFile ? snapshotLocator(options.snapshotFile, index, options.repoRoot) : undefined;
    await emit('sarif', (tmp) => writeFile(tmp, renderSarif(results, { includeUnknown: options.includeUnknownInSarif ?? false, ...(locate ? { locate } : {}) })));
  }
  if (wanted.has('html')) {
    const tags = index?.tags;
    await emit('html', (tmp) => writeFile(tmp, renderHtml(results, tags && tags.size > 0 ? { tagsOf: (arn) => tags.get(arn) } : {})));
  }
  if (wanted.has('junit')) await emit('junit', (tmp) => writeFile(tmp, renderJunit(results)));
}
