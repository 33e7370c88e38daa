import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { copyResult } from '../engine/evaluated-result.js';
import type { PassedResults, Result, RuleSummary, ScanResults } from '../engine/result.js';
import type { ScanHead } from '../engine/run-document.js';
import type { ResultSink } from '../engine/scan-stream.js';
import { renderCsv } from './csv.js';
import { renderHtml, type HtmlOptions } from './html.js';
import type { HistoryView } from './html-history.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { OutputFiles } from './output-files.js';
import { ResultsJsonWriter, writeResultsJson } from './results-json-stream.js';
import { renderSarif } from './sarif.js';
import { snapshotLocator } from './sarif-location.js';
import { indexSnapshot, type SnapshotIndex } from './snapshot-index.js';

export { renderConsole, useColor, type ConsoleOptions } from './console.js';

/** The report formats; `console` is printed by the caller with {@link renderConsole}, the others are files. */
export type ReportFormat = 'json' | 'sarif' | 'html' | 'junit' | 'csv' | 'markdown' | 'console';

export const REPORT_FORMATS: readonly ReportFormat[] = ['json', 'sarif', 'html', 'junit', 'csv', 'markdown', 'console'];

/** What `scan` writes when no format is named: CSV and Markdown are asked for when wanted. */
export const DEFAULT_SCAN_FORMATS: readonly ReportFormat[] = ['json', 'sarif', 'html', 'junit', 'console'];

/** A format written to a file. */
export type FileFormat = Exclude<ReportFormat, 'console'>;

/** The file each file format is written to inside the output folder. */
export const REPORT_FILES: Record<FileFormat, string> = {
  json: 'results.json',
  sarif: 'results.sarif',
  html: 'report.html',
  junit: 'junit.xml',
  csv: 'findings.csv',
  markdown: 'summary.md',
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
  /** The run history as of this run, shown in report.html (`--history`). */
  history?: HistoryView;
}

/** A report written: its format and path. */
export interface WrittenReport {
  format: FileFormat;
  file: string;
}

/** Parses `--format a,b`: every name must be a report format. */
export function parseReportFormats(value: string): ReportFormat[] {
  const formats = value.split(',').map((f) => f.trim()).filter(Boolean);
  if (formats.length === 0) throw new UsageError('--format: give at least one format');
  for (const f of formats) {
    if (!(REPORT_FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format: "${f}" is not one of ${REPORT_FORMATS.join(', ')}`);
  }
  return formats as ReportFormat[];
}

const FILE_FORMATS = Object.keys(REPORT_FILES) as FileFormat[];

/** The formats rendered at the end from the findings kept in memory (results.json is written as results come). */
const FINDINGS_FORMATS: readonly ReportFormat[] = REPORT_FORMATS.filter((f) => f !== 'json');

/** results.json's findings while the scan runs (see {@link ResultsJsonWriter}): a temporary file of the set, never put in place. */
const SPOOL_NAME = `${REPORT_FILES.json}.findings`;

/** Renders the reports other than results.json into the output files, from results held in memory. */
async function renderFileReports(scan: ScanResults, wanted: ReadonlySet<ReportFormat>, files: OutputFiles, options: WriteReportsOptions): Promise<void> {
  let index: SnapshotIndex | undefined;
  if (options.snapshotFile && (wanted.has('sarif') || wanted.has('html'))) {
    // Only the resources the reports show are looked up: the index never holds the inventory.
    index = await indexSnapshot(options.snapshotFile, new Set(scan.findings.map((r) => r.arn)));
  }
  if (wanted.has('sarif')) {
    const locate = index && options.snapshotFile ? snapshotLocator(options.snapshotFile, index, options.repoRoot) : undefined;
    await files.write(REPORT_FILES.sarif, renderSarif(scan, { includeUnknown: options.includeUnknownInSarif ?? false, ...(locate ? { locate } : {}) }));
  }
  if (wanted.has('html')) {
    const tags = index?.tags;
    const html: HtmlOptions = tags && tags.size > 0 ? { tagsOf: (arn) => tags.get(arn) } : {};
    if (options.history) html.history = options.history;
    await files.write(REPORT_FILES.html, renderHtml(scan, html));
  }
  if (wanted.has('junit')) await files.write(REPORT_FILES.junit, renderJunit(scan));
  if (wanted.has('csv')) await files.write(REPORT_FILES.csv, renderCsv(scan));
  if (wanted.has('markdown')) await files.write(REPORT_FILES.markdown, renderMarkdown(scan));
}

/** The reports of `wanted`, in the order of {@link REPORT_FILES}. */
const written = (outDir: string, wanted: ReadonlySet<ReportFormat>): WrittenReport[] =>
  FILE_FORMATS.filter((f) => wanted.has(f)).map((format) => ({ format, file: join(outDir, REPORT_FILES[format]) }));

/**
 * Writes the requested reports of results held in memory (a saved results
 * file, `sealcheck report`) into `outDir`: results.json, results.sarif,
 * report.html and junit.xml, all put in place together when complete. Returns
 * what was written, in the order of {@link REPORT_FILES}. Filesystem errors
 * are thrown as they are (the CLI reports them).
 */
export async function writeReports(results: ScanResults, options: WriteReportsOptions): Promise<WrittenReport[]> {
  const wanted = new Set(options.formats);
  const files = new OutputFiles(options.outDir, Object.values(REPORT_FILES));
  try {
    if (wanted.has('json')) {
      await writeResultsJson(await files.temp(REPORT_FILES.json), results, { spool: await files.temp(SPOOL_NAME), target: join(options.outDir, REPORT_FILES.json) });
      await files.discard(SPOOL_NAME);
    }
    await renderFileReports(results, wanted, files, options);
    await files.commit();
  } catch (error) {
    await files.abort();
    throw error;
  }
  return written(options.outDir, wanted);
}

/**
 * What the reports other than results.json keep of a scan: the findings, as
 * plain records (so no finding holds its resource, and with it the
 * inventory), and the number of passes per rule.
 */
class FindingsCollector {
  readonly findings: Result[] = [];
  readonly passes = new Map<string, number>();

  add(r: Result): void {
    if (r.status === 'PASS') {
      this.passes.set(r.ruleId, (this.passes.get(r.ruleId) ?? 0) + 1);
      return;
    }
    this.findings.push(copyResult(r));
  }

  view(head: ScanHead): ScanResults {
    const passed = new Map<string, PassedResults>();
    for (const [ruleId, count] of this.passes) passed.set(ruleId, { count });
    return { ...head, findings: this.findings, passed };
  }
}

export interface ScanOutputOptions extends WriteReportsOptions {
  /** The rules that run: results.json's rule table. */
  rules: readonly RuleSummary[];
  /** PASS results as full records in results.json (`--evidence all`). */
  fullPasses?: boolean;
}

/**
 * Every output of a scan, as one consumer of its result stream: results.json
 * is written as results come (see {@link ResultsJsonWriter}); SARIF, HTML,
 * JUnit and the console are rendered at the end from the findings and the
 * per-rule pass counts, the only things kept. Files go through one
 * {@link OutputFiles}: all appear at `finish`, none after `abort`.
 */
export class ScanOutputs implements ResultSink {
  private json: ResultsJsonWriter | undefined;
  private collector: FindingsCollector | undefined;
  private readonly files: OutputFiles;
  private readonly wanted: Set<ReportFormat>;

  private constructor(private readonly options: ScanOutputOptions) {
    this.wanted = new Set(options.formats);
    this.files = new OutputFiles(options.outDir, Object.values(REPORT_FILES));
  }

  /** Opens the outputs (creating the output folder when a file format is asked for). */
  static async open(options: ScanOutputOptions): Promise<ScanOutputs> {
    const outputs = new ScanOutputs(options);
    await outputs.start();
    return outputs;
  }

  private async start(): Promise<void> {
    // The folder and its lock are taken before the scan starts: a second run into it fails before any work.
    if (FILE_FORMATS.some((f) => this.wanted.has(f))) await this.files.begin();
    if (this.wanted.has('json')) {
      const file = await this.files.temp(REPORT_FILES.json);
      const spool = await this.files.temp(SPOOL_NAME);
      this.json = new ResultsJsonWriter(file, this.options.rules, { fullPasses: this.options.fullPasses ?? false, spool, target: join(this.options.outDir, REPORT_FILES.json) });
    }
    // Findings are kept only for the formats that show them at the end.
    if (FINDINGS_FORMATS.some((f) => this.wanted.has(f))) this.collector = new FindingsCollector();
  }

  add(r: Result): void {
    this.json?.add(r);
    this.collector?.add(r);
  }

  async flush(): Promise<void> {
    await this.json?.flush();
  }

  /** Forgets every result: results.json starts again from the rules. */
  async restart(): Promise<void> {
    await this.json?.abort();
    await this.files.discard(REPORT_FILES.json);
    await this.files.discard(SPOOL_NAME);
    this.json = undefined;
    this.collector = undefined;
    await this.start();
  }

  /**
   * Completes results.json with `head` (the run, with the gate's record, and
   * the summary), renders the other reports, and puts every file in place.
   * Returns the reports written and the results as reporters see them (for the console).
   * `history`, known only once the run is recorded, goes into report.html.
   */
  async finish(head: ScanHead, history?: HistoryView): Promise<{ written: WrittenReport[]; results: ScanResults }> {
    const results = (this.collector ?? new FindingsCollector()).view(head);
    await this.json?.finish(head);
    if (this.json) await this.files.discard(SPOOL_NAME);
    await renderFileReports(results, this.wanted, this.files, history ? { ...this.options, history } : this.options);
    await this.files.commit();
    return { written: written(this.options.outDir, this.wanted), results };
  }

  /** Removes every output of the run (after a failure). */
  async abort(): Promise<void> {
    await this.json?.abort();
    await this.files.abort();
  }
}
