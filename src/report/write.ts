import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { copyResult } from '../engine/evaluated-result.js';
import type { PassedResults, Result, RuleSummary, ScanResults } from '../engine/result.js';
import type { ScanHead } from '../engine/run-document.js';
import type { ResultSink } from '../engine/scan-stream.js';
import { renderAsff } from './asff.js';
import { ComplianceTally } from './compliance.js';
import { renderCsv } from './csv.js';
import { BatchedFile } from '../util/batched-file.js';
import { compareByUrgency } from './facets.js';
import { DEFAULT_CHUNK, FindingSpool } from './finding-spool.js';
import { FindingTally, TopFindings, type RuleFailures } from './findings-tally.js';
import type { FrameworkMapping } from './frameworks.js';
import { writeHtml, type HtmlOptions } from './html.js';
import type { TaggedResult } from './html-data.js';
import type { Resource } from '../inventory/resource.js';
import type { AccessLedger } from '../engine/access-ledger.js';
import type { HistoryView } from './html-history.js';
import { JUNIT_TAIL, JunitCounts, junitTimestamp, testcaseText } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderOcsf } from './ocsf.js';
import { OutputFiles } from './output-files.js';
import { ResultsJsonWriter, writeResultsJson } from './results-json-stream.js';
import { MAX_SARIF_RESULTS, sarifReports, writeSarifInput } from './sarif.js';
import { snapshotLocator } from './sarif-location.js';
import { indexSnapshot, type SnapshotIndex } from './snapshot-index.js';

export { renderConsole, useColor, type ConsoleOptions } from './console.js';

/** The report formats; `console` is printed by the caller with {@link renderConsole}, the others are files. */
export type ReportFormat = 'json' | 'sarif' | 'html' | 'junit' | 'csv' | 'markdown' | 'asff' | 'ocsf' | 'console';

export const REPORT_FORMATS: readonly ReportFormat[] = ['json', 'sarif', 'html', 'junit', 'csv', 'markdown', 'asff', 'ocsf', 'console'];

/** What `scan` writes when no format is named: CSV, Markdown, ASFF and OCSF are asked for when wanted. */
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
  asff: 'findings.asff.json',
  ocsf: 'findings.ocsf.json',
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
  /** How findings are spooled (tests). */
  tuning?: FeedTuning;
  /** Frameworks whose compliance section report.html gains. */
  compliance?: readonly FrameworkMapping[];
  /** Who can read and decrypt each data store, filled during the scan: report.html shows it. */
  access?: AccessLedger;
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

/** results.json's findings while the scan runs (see {@link ResultsJsonWriter}): a temporary file of the set, never put in place. */
const SPOOL_NAME = `${REPORT_FILES.json}.findings`;

/** The other spools: findings in the HTML report's order and in junit.xml's, and the HTML data island's rows. Never put in place. */
const HTML_SPOOL = `${REPORT_FILES.html}.findings`;
const HTML_ROWS = `${REPORT_FILES.html}.rows`;
const JUNIT_SPOOL = `${REPORT_FILES.junit}.findings`;

/** The formats rendered from findings held in memory: they are not asked for by default. */
const IN_MEMORY_FORMATS: readonly ReportFormat[] = ['csv', 'markdown', 'asff', 'ocsf'];

/** How the findings feed is tuned (tests make chunks small to exercise the merge). */
export interface FeedTuning {
  /** Findings sorted in memory at a time before a spool writes them as one run (default {@link DEFAULT_CHUNK}). */
  chunk?: number;
}

/**
 * What the reports other than results.json keep of a scan, bounded by the
 * rules and the result limits rather than the findings: counts and facets
 * ({@link FindingTally}), SARIF's most urgent findings ({@link TopFindings}),
 * and the findings spooled to temporary files in the order report.html and
 * junit.xml show them. Findings are plain records (no finding holds its
 * resource, and with it the inventory). Only CSV, Markdown, ASFF and OCSF, asked for by
 * name, hold every finding.
 */
class FindingsFeed {
  readonly tally: FindingTally;
  private readonly top: TopFindings | undefined;
  private readonly html: FindingSpool | undefined;
  private readonly junit: FindingSpool | undefined;
  private readonly junitCounts: JunitCounts;
  private readonly memory: Result[] | undefined;
  private readonly passes = new Map<string, number>();
  private readonly arns: Set<string> | undefined;
  private readonly compliance: ComplianceTally | undefined;

  private constructor(
    rules: readonly RuleSummary[],
    private readonly wanted: ReadonlySet<ReportFormat>,
    private readonly files: OutputFiles,
    private readonly options: WriteReportsOptions,
    paths: { html?: string; junit?: string },
    tagsFromScan: boolean,
  ) {
    this.tally = new FindingTally(rules);
    this.junitCounts = new JunitCounts(rules);
    const chunk = options.tuning?.chunk ?? DEFAULT_CHUNK;
    if (wanted.has('sarif')) this.top = new TopFindings(MAX_SARIF_RESULTS);
    if (paths.html) this.html = new FindingSpool(paths.html, compareByUrgency, chunk, this.shown('html'));
    if (paths.junit) {
      const order = (r: Result) => this.junitCounts.orderOf(r.ruleId);
      this.junit = new FindingSpool(paths.junit, (a, b) => order(a) - order(b), chunk, this.shown('junit'));
    }
    if (IN_MEMORY_FORMATS.some((f) => wanted.has(f))) this.memory = [];
    // Tags (HTML) come with each finding when the scan has its resource at hand; else they are looked up in the
    // snapshot for every finding's resource, and only their ARNs are kept meanwhile, not the inventory's.
    if (options.snapshotFile && wanted.has('html') && !tagsFromScan) this.arns = new Set();
    if (options.compliance?.length && wanted.has('html')) this.compliance = new ComplianceTally(options.compliance, rules);
  }

  /** `tagsFromScan`: each finding will come with its resource's tags (a scan), so none are looked up afterwards. */
  static async open(rules: readonly RuleSummary[], wanted: ReadonlySet<ReportFormat>, files: OutputFiles, options: WriteReportsOptions, tagsFromScan = false): Promise<FindingsFeed> {
    const paths = {
      ...(wanted.has('html') ? { html: await files.temp(HTML_SPOOL) } : {}),
      ...(wanted.has('junit') ? { junit: await files.temp(JUNIT_SPOOL) } : {}),
    };
    return new FindingsFeed(rules, wanted, files, options, paths, tagsFromScan);
  }

  private shown(format: FileFormat): string {
    return join(this.options.outDir, REPORT_FILES[format]);
  }

  /** A result kept as a record: a finding, or a PASS given in full (a results file written with --evidence all). */
  addFinding(r: Result, tags?: Readonly<Record<string, string>>): void {
    this.tally.addFinding(r);
    if (this.html) {
      const spooled: TaggedResult = tags && Object.keys(tags).length > 0 ? { ...r, resourceTags: { ...tags } } : r;
      this.html.add(spooled);
    }
    if (this.junitCounts.addFinding(r)) this.junit?.add(r);
    if (this.top && sarifReports(r, { includeUnknown: this.options.includeUnknownInSarif ?? false })) this.top.add(r);
    this.memory?.push(r);
    this.arns?.add(r.arn);
    this.compliance?.add(r);
  }

  /** `count` passes of a rule without records. */
  addPasses(ruleId: string, count: number): void {
    this.tally.addPasses(ruleId, count);
    this.junitCounts.addPasses(ruleId, count);
    this.passes.set(ruleId, (this.passes.get(ruleId) ?? 0) + count);
    this.compliance?.addPasses(ruleId, count);
  }

  async flush(): Promise<void> {
    await Promise.all([this.html?.flush(), this.junit?.flush()]);
  }

  /** The results as reporters held in memory see them: every finding when CSV or Markdown is asked for, else none. */
  view(head: ScanHead): ScanResults {
    const passed = new Map<string, PassedResults>();
    for (const [ruleId, count] of this.passes) passed.set(ruleId, { count });
    return { ...head, findings: this.memory ?? [], passed };
  }

  /** Renders every report but results.json into its temporary file, and removes the spools. */
  async render(head: ScanHead, history?: HistoryView): Promise<void> {
    const { wanted, files, options } = this;
    const sarif = this.top ? { head, reportable: this.top.sorted(), reportableTotal: this.top.offered, unknownRules: this.tally.unknownRules, errors: this.tally.errorsByRule } : undefined;
    let index: SnapshotIndex | undefined;
    if (options.snapshotFile && (sarif || this.arns)) {
      // Only the resources the reports show are looked up: the index never holds the inventory.
      const shown = new Set(this.arns);
      for (const r of sarif?.reportable ?? []) shown.add(r.arn);
      index = await indexSnapshot(options.snapshotFile, shown);
    }
    if (sarif) {
      const locate = index && options.snapshotFile ? snapshotLocator(options.snapshotFile, index, options.repoRoot) : undefined;
      const path = await files.temp(REPORT_FILES.sarif);
      const open = async () => new BatchedFile(path, 'w', this.shown('sarif'));
      await writeSarifInput(sarif, { includeUnknown: options.includeUnknownInSarif ?? false, ...(locate ? { locate } : {}) }, open);
    }
    if (this.html) {
      const tags = index?.tags;
      const out = new BatchedFile(await files.temp(REPORT_FILES.html), 'w', this.shown('html'));
      const rows = new BatchedFile(await files.temp(HTML_ROWS), 'w', this.shown('html'));
      const html: HtmlOptions = tags && tags.size > 0 ? { tagsOf: (arn) => tags.get(arn) } : {};
      if (history) html.history = history;
      if (this.compliance) html.compliance = this.compliance.reports();
      if (options.access) html.access = options.access.view();
      await writeHtml(head, this.tally, this.html.sorted(), out, rows, html);
      await files.discard(HTML_ROWS);
      await files.discard(HTML_SPOOL);
    }
    if (this.junit) {
      const out = new BatchedFile(await files.temp(REPORT_FILES.junit), 'w', this.shown('junit'));
      await writeJunit(head, this.junitCounts, this.junit.sorted(), out);
      await files.discard(JUNIT_SPOOL);
    }
    const view = this.view(head);
    if (wanted.has('csv')) await files.write(REPORT_FILES.csv, renderCsv(view));
    if (wanted.has('markdown')) await files.write(REPORT_FILES.markdown, renderMarkdown(view));
    if (wanted.has('asff')) await files.write(REPORT_FILES.asff, renderAsff(view));
    if (wanted.has('ocsf')) await files.write(REPORT_FILES.ocsf, renderOcsf(view));
  }

  /** Closes the spools (the caller's OutputFiles removes them). */
  async destroy(): Promise<void> {
    await Promise.all([this.html?.destroy(), this.junit?.destroy()]);
  }
}

/** Writes junit.xml from findings in suite order (see {@link JunitCounts.orderOf}). */
async function writeJunit(head: ScanHead, counts: JunitCounts, findings: AsyncIterable<Result>, out: BatchedFile): Promise<void> {
  out.write(counts.head());
  const it = findings[Symbol.asyncIterator]();
  let next = await it.next();
  let n = 0;
  for (const suite of counts.suitesInOrder(junitTimestamp(head.run.startedAt))) {
    out.write(suite.open);
    while (!next.done && next.value.ruleId === suite.id) {
      out.write(testcaseText(next.value));
      if (++n % 1000 === 0) await out.flush();
      next = await it.next();
    }
    out.write(suite.close);
  }
  out.write(JUNIT_TAIL);
  await out.close();
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
    const feed = await FindingsFeed.open(results.rules, wanted, files, options);
    try {
      for (const r of results.findings) feed.addFinding(r);
      for (const [ruleId, passed] of results.passed) feed.addPasses(ruleId, passed.count);
      await feed.render(results);
    } catch (error) {
      await feed.destroy();
      throw error;
    }
    await files.commit();
  } catch (error) {
    await files.abort();
    throw error;
  }
  return written(options.outDir, wanted);
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
  private feed: FindingsFeed | undefined;
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
    this.feed = await FindingsFeed.open(this.options.rules, this.wanted, this.files, this.options, true);
  }

  add(r: Result, resource?: Pick<Resource, 'tags'>): void {
    this.json?.add(r);
    if (r.status === 'PASS') this.feed?.addPasses(r.ruleId, 1);
    else this.feed?.addFinding(copyResult(r), resource?.tags);
  }

  async flush(): Promise<void> {
    await Promise.all([this.json?.flush(), this.feed?.flush()]);
  }

  /** Forgets every result: results.json starts again from the rules. */
  async restart(): Promise<void> {
    await this.json?.abort();
    await this.files.discard(REPORT_FILES.json);
    await this.files.discard(SPOOL_NAME);
    await this.feed?.destroy();
    await this.files.discard(HTML_SPOOL);
    await this.files.discard(JUNIT_SPOOL);
    this.json = undefined;
    this.feed = undefined;
    await this.start();
  }

  /**
   * Completes results.json with `head` (the run, with the gate's record, and
   * the summary), renders the other reports, and puts every file in place.
   * Returns the reports written and the results as reporters see them (for the console).
   * `history`, known only once the run is recorded, goes into report.html.
   */
  async finish(head: ScanHead, history?: HistoryView): Promise<{ written: WrittenReport[]; results: ScanResults; failing: ReadonlyMap<string, RuleFailures> }> {
    await this.json?.finish(head);
    if (this.json) await this.files.discard(SPOOL_NAME);
    const feed = this.feed!;
    await feed.render(head, history);
    await this.files.commit();
    return { written: written(this.options.outDir, this.wanted), results: feed.view(head), failing: feed.tally.failsByRule };
  }

  /** Removes every output of the run (after a failure). */
  async abort(): Promise<void> {
    await this.json?.abort();
    await this.feed?.destroy();
    await this.files.abort();
  }
}
