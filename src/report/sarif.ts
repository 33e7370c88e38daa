import { createHash, randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { frameworkRequirements } from '../engine/references.js';
import type { Result, RuleSummary, ScanResults, Severity } from '../engine/result.js';
import type { AbsentFinding } from '../gate/baseline.js';
import { rulesById, serviceOfType } from './facets.js';
import { FindingTally, TopFindings, type RuleErrors } from './findings-tally.js';
import { encodeUriPart, pseudoPath, type Locate } from './sarif-location.js';
import type { SarifLevel, SarifLog, SarifNotification, SarifReportingDescriptor, SarifResult, SarifRun } from './sarif-types.js';
import { escapeMarkdown, markdownLinkTarget } from '../util/markdown.js';

export type { SarifLog } from './sarif-types.js';

/** GitHub code scanning rejects runs with more results than this. */
export const MAX_SARIF_RESULTS = 25_000;
/** GitHub code scanning rejects SARIF files larger than this once gzipped. */
export const MAX_SARIF_GZIP_BYTES = 10 * 1024 * 1024;
/** Code scanning rejects rules with more tags than this (and shows only the first 10). */
const MAX_TAGS = 20;
const MAX_MESSAGE = 2_000;
const MAX_NAME = 1_000;
const MAX_EVIDENCE_VALUE = 1_000;

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

export interface SarifOptions {
  /** Also report UNKNOWN results, as `note`. Default false: code scanning is for things to fix. */
  includeUnknown?: boolean;
  /** Points a result at a line of a file in the repository (see {@link snapshotLocator}); results it leaves out get a pseudo-path. */
  locate?: Locate;
  /** Results kept per run (default {@link MAX_SARIF_RESULTS}); the most severe are kept. */
  maxResults?: number;
  /** Gzipped size the file must stay under (default {@link MAX_SARIF_GZIP_BYTES}). */
  maxGzipBytes?: number;
  /** Report findings of the baseline that this run no longer has (`baselineState: "absent"`, level `none`). Default true. */
  includeAbsent?: boolean;
}

/**
 * Scores GitHub reads from `properties["security-severity"]`: above 9.0 is
 * critical, 7.0–8.9 high, 4.0–6.9 medium, 3.9 and below low. Each value sits
 * inside its band rather than on an edge.
 */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '7.5', medium: '5.0', low: '3.0', info: '1.0' };

const LEVEL: Record<Severity, SarifLevel> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

function clipText(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters, cut)` : text;
}

/** `s3-bucket-tls-only` → `S3BucketTlsOnly`: SARIF's `name` is an identifier, not prose. */
function pascal(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function isAbsoluteUrl(value: string | undefined): value is string {
  if (!value) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Framework ids as tags (`security-hub/S3.5`, `cis-aws-v5.0.0/2.1.1`, `aws-config/…`) so code scanning can filter by them. */
export function frameworkTags(rule: Pick<RuleSummary, 'references'>): string[] {
  const refs = rule.references;
  return [
    ...(refs.securityHub ?? []).map((id) => `security-hub/${id}`),
    ...frameworkRequirements(refs).map(({ framework, id }) => `${framework}/${id}`),
    ...(refs.awsConfig ? [`aws-config/${refs.awsConfig}`] : []),
  ];
}

function markdownLink(label: string, url: string): string {
  const target = markdownLinkTarget(url);
  return target ? `[${escapeMarkdown(label)}](<${target}>)` : `${escapeMarkdown(label)}: ${escapeMarkdown(url)}`;
}

function markdownHelp(rule: RuleSummary): string {
  const refs = rule.references;
  const lines = [`**${escapeMarkdown(rule.title)}**`, '', escapeMarkdown(rule.description), '', '**Remediation**', '', escapeMarkdown(rule.remediation.text)];
  if (rule.remediation.url) lines.push('', markdownLink('Remediation guide', rule.remediation.url));
  const frameworks = [
    ...(refs.securityHub ?? []).map((id) => `AWS Security Hub ${escapeMarkdown(id)}`),
    ...frameworkRequirements(refs).map(({ framework, id }) => `${escapeMarkdown(framework)} ${escapeMarkdown(id)}`),
    ...(refs.awsConfig ? [`AWS Config managed rule ${/^[a-z0-9-]+$/.test(refs.awsConfig) ? `\`${refs.awsConfig}\`` : escapeMarkdown(refs.awsConfig)}`] : []),
  ];
  if (frameworks.length > 0) lines.push('', '**Equivalent controls**', '', ...frameworks.map((f) => `- ${f}`));
  if (refs.links?.length) lines.push('', '**References**', '', ...refs.links.map((l) => `- ${markdownLink(l, l)}`));
  return lines.join('\n');
}

function textHelp(rule: RuleSummary): string {
  const parts = [rule.description, `Remediation: ${rule.remediation.text}`];
  if (rule.remediation.url) parts.push(`Guide: ${rule.remediation.url}`);
  return parts.join('\n\n');
}

function descriptor(rule: RuleSummary, informationUri: string): SarifReportingDescriptor {
  const tags = [...new Set(['security', rule.category, rule.service, ...frameworkTags(rule)])].slice(0, MAX_TAGS);
  const helpUri = [rule.remediation.url, ...(rule.references.links ?? [])].find(isAbsoluteUrl) ?? (isAbsoluteUrl(informationUri) ? informationUri : undefined);
  return {
    id: rule.id,
    name: pascal(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: { text: textHelp(rule), markdown: markdownHelp(rule) },
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level: LEVEL[rule.severity] ?? 'warning' },
    properties: {
      tags,
      'security-severity': SECURITY_SEVERITY[rule.severity] ?? '5.0',
      precision: 'very-high',
      severity: rule.severity,
      resourceTypes: rule.resourceTypes,
    },
  };
}

/** A catalogue entry for a rule the results name but the catalogue lacks, so every ruleIndex resolves. */
function ruleFromResult(r: Result): RuleSummary {
  return {
    id: r.ruleId,
    title: r.ruleId,
    description: `Rule ${r.ruleId} (not in the rule catalogue of this run).`,
    severity: r.severity,
    category: r.category,
    service: serviceOfType(r.resourceType),
    resourceTypes: [r.resourceType],
    references: r.references,
    remediation: { text: 'See the rule documentation.' },
  };
}

/** A descriptor for a rule known only by id (a baseline finding of a rule this run did not load). */
function bareDescriptor(id: string): SarifReportingDescriptor {
  const text = `Rule ${id} (not in the rule catalogue of this run).`;
  return {
    id,
    name: pascal(id),
    shortDescription: { text: id },
    fullDescription: { text },
    help: { text },
    defaultConfiguration: { level: 'note' },
    properties: { tags: ['security'], 'security-severity': SECURITY_SEVERITY.info, precision: 'very-high' },
  };
}

/** `arn:aws:s3:::bucket` → `aws/-/-/s3/bucket`: a relative pseudo-path for a finding known only by its ARN. */
function arnPseudoPath(arn: string): string {
  const [, , service = '', region = '', account = '', ...rest] = arn.split(':');
  return ['aws', account, region, service, rest.join(':')].map((p) => (p === '' ? '-' : encodeUriPart(clipText(p, 200)))).join('/');
}

/**
 * A baseline finding this run no longer has: fixed, or its resource is no
 * longer scanned. Level `none` and kind `pass`: nothing to act on. Its
 * `partialFingerprints` differ from the finding's own, so a code-scanning
 * alert for the finding closes instead of being kept open by this record;
 * `fingerprints` keeps the finding's identity for SARIF-aware baseline tools.
 */
function absentResult(f: AbsentFinding, ruleIndex: number): SarifResult {
  const was = f.message ? `: was "${f.message}"` : '';
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: 'none',
    kind: 'pass',
    message: { text: clipText(`Fixed since the baseline (or the resource is no longer scanned)${was}`, MAX_MESSAGE) },
    locations: [{ physicalLocation: { artifactLocation: { uri: arnPseudoPath(f.arn) }, region: { startLine: 1 } }, logicalLocations: [{ fullyQualifiedName: f.arn, kind: 'resource' }] }],
    partialFingerprints: { primaryLocationLineHash: `${f.fingerprint}:absent` },
    fingerprints: { 'sealcheck/v1': f.fingerprint },
    baselineState: 'absent',
    properties: { baselineStatus: f.status, ...(f.severity ? { severity: f.severity } : {}) },
  };
}

/** The baseline findings results.json lists as absent (`run.baseline.absent`), if the scan had a baseline. */
function absentFindings(scan: SarifHead): AbsentFinding[] {
  return (scan.run as ScanResults['run'] & { baseline?: { absent?: AbsentFinding[] } }).baseline?.absent ?? [];
}

function justification(r: Result): string {
  const s = r.suppression!;
  const extra = [s.owner && `owner ${s.owner}`, s.ticket && `ticket ${s.ticket}`, s.expires && `expires ${s.expires}`, s.source && `from ${s.source}`].filter(Boolean);
  return extra.length > 0 ? `${s.reason} (${extra.join(', ')})` : s.reason;
}

function evidenceProperty(r: Result): unknown[] {
  return r.evidence.map((e) => {
    const found = e.found === undefined ? undefined : clipText(JSON.stringify(e.found) ?? String(e.found), MAX_EVIDENCE_VALUE);
    return { path: e.path, expected: e.expected, ...(found !== undefined ? { found } : {}), ...(e.missing ? { missing: e.missing } : {}) };
  });
}

function sarifResult(r: Result, ruleIndex: number, locate: Locate | undefined): SarifResult {
  const place = locate?.(r) ?? { uri: pseudoPath(r), line: 1 };
  const unknown = r.status !== 'FAIL';
  return {
    ruleId: r.ruleId,
    ruleIndex,
    level: unknown ? 'note' : LEVEL[r.severity] ?? 'warning',
    kind: unknown ? 'open' : 'fail',
    message: { text: clipText(unknown ? `Not evaluated (data missing): ${r.message}` : r.message, MAX_MESSAGE) },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: place.uri }, region: { startLine: Math.max(1, Math.floor(place.line)) } },
        logicalLocations: [{ fullyQualifiedName: r.arn, ...(r.name ? { name: clipText(r.name, MAX_NAME) } : {}), kind: 'resource' }],
      },
    ],
    partialFingerprints: { primaryLocationLineHash: r.fingerprint },
    fingerprints: { 'sealcheck/v1': r.fingerprint },
    ...(r.suppression ? { suppressions: [{ kind: 'external' as const, status: 'accepted' as const, justification: justification(r) }] } : {}),
    ...(r.baselineState ? { baselineState: r.baselineState } : {}),
    properties: {
      status: r.status,
      severity: r.severity,
      resourceType: r.resourceType,
      resourceId: r.resourceId,
      accountId: r.accountId,
      region: r.region,
      evidence: evidenceProperty(r),
    },
  };
}

/**
 * `automationDetails.id`: GitHub treats everything before the last `/` as the
 * analysis category, so alerts of the same account set are tracked across runs
 * and scans of different account sets do not close each other's alerts.
 */
export function automationId(scan: Pick<ScanResults, 'run'>): string {
  const accounts = [...new Set(scan.run.snapshot.accounts)].sort();
  const joined = accounts.join('+');
  const set =
    accounts.length === 0
      ? 'no-account'
      : accounts.length <= 5
        ? joined
        : `${accounts.length}-accounts-${createHash('sha256').update(joined).digest('hex').slice(0, 12)}`;
  return `sealcheck/${encodeUriPart(set).replace(/%2B/g, '+')}/${scan.run.startedAt}`;
}

function collectionNotifications(scan: SarifHead): SarifNotification[] {
  return scan.run.collectionErrors.map((e) => {
    const where = [e.accountId, e.region, e.service].filter(Boolean).join('/');
    return {
      level: 'warning',
      message: { text: clipText(`Collection error${where ? ` in ${where}` : ''}: ${e.operation} failed with ${e.code}${e.property ? ` (property ${e.property} not collected)` : ''}: ${e.message}`, MAX_MESSAGE) },
      descriptor: { id: e.code || 'CollectionError' },
      ...(e.resourceArn ? { locations: [{ logicalLocations: [{ fullyQualifiedName: e.resourceArn, kind: 'resource' }] }] } : {}),
    };
  });
}

/** Source items rejected as unreadable: the inventory lacks them, as it lacks what a collection error left out. */
function rejectedNotifications(scan: SarifHead): SarifNotification[] {
  const rejected = scan.run.snapshot.rejected;
  if (!rejected || rejected.count === 0) return [];
  const listed: SarifNotification[] = rejected.items.map((r) => ({
    level: 'warning',
    message: { text: clipText(`Source item rejected, its resource was not checked: ${r.file}: ${r.pointer}: ${r.message}`, MAX_MESSAGE) },
    descriptor: { id: 'RejectedSourceItem' },
    properties: { file: r.file, pointer: r.pointer },
  }));
  const unlisted = rejected.count - rejected.items.length;
  if (unlisted > 0) {
    listed.push({ level: 'warning', message: { text: `${unlisted} more source item(s) were rejected (counted, not listed).` }, descriptor: { id: 'RejectedSourceItem' }, properties: { unlisted } });
  }
  return listed;
}

/** Rule evaluation errors (ERROR results) are the tool's problem, not the resource's: notifications, one per rule. */
function errorNotifications(errors: ReadonlyMap<string, RuleErrors>, indexOf: Map<string, number>): SarifNotification[] {
  return [...errors].map(([ruleId, { count, first }]) => ({
    level: 'error',
    message: { text: clipText(`Rule ${ruleId} could not be evaluated on ${count} resource(s); first: ${first.arn}: ${first.message}`, MAX_MESSAGE) },
    associatedRule: { id: ruleId, index: indexOf.get(ruleId) ?? -1 },
  }));
}

/** What goes into the run: the results kept within the upload limits, the baseline's absent findings, how many were left out. */
/** How many results the file keeps, and how many it leaves out. */
interface KeptResults {
  kept: number;
  left: number;
}

/** The rules as SARIF describes them, and each rule id's index among them. */
interface RuleCatalogue {
  catalogue: SarifReportingDescriptor[];
  indexOf: Map<string, number>;
}

function buildRun(scan: SarifHead, errors: ReadonlyMap<string, RuleErrors>, { kept, left }: KeptResults, { catalogue, indexOf }: RuleCatalogue, options: SarifOptions): SarifRun {
  const notifications = [...collectionNotifications(scan), ...rejectedNotifications(scan), ...errorNotifications(errors, indexOf)];
  if (left > 0) {
    notifications.push({
      level: 'warning',
      message: {
        text: `${left} result(s) were left out of this SARIF file to stay within GitHub code scanning upload limits (${options.maxResults ?? MAX_SARIF_RESULTS} results per run, ${Math.round((options.maxGzipBytes ?? MAX_SARIF_GZIP_BYTES) / 1024 / 1024)} MB gzipped); the most severe were kept. results.json and report.html hold all results.`,
      },
      descriptor: { id: 'ResultsTruncated' },
      properties: { leftOut: left, kept },
    });
  }
  return {
    tool: {
      driver: {
        name: scan.run.tool.name,
        semanticVersion: scan.run.tool.version,
        version: scan.run.tool.version,
        ...(isAbsoluteUrl(scan.run.tool.informationUri) ? { informationUri: scan.run.tool.informationUri } : {}),
        rules: catalogue,
      },
    },
    automationDetails: {
      id: automationId(scan),
      description: { text: `sealcheck scan of account(s) ${scan.run.snapshot.accounts.join(', ') || '(none)'} in region(s) ${scan.run.snapshot.regions.join(', ') || '(none)'}` },
    },
    invocations: [
      {
        // The scan ran to the end; collection and rule errors are partial failures reported as notifications.
        executionSuccessful: true,
        ...(isDateTime(scan.run.startedAt) ? { startTimeUtc: scan.run.startedAt } : {}),
        ...(isDateTime(scan.run.finishedAt) ? { endTimeUtc: scan.run.finishedAt } : {}),
        toolExecutionNotifications: notifications,
      },
    ],
    // The results are written apart, one at a time (see SarifPlan.pieces).
    results: [],
    properties: {
      source: scan.run.snapshot.source,
      accounts: scan.run.snapshot.accounts,
      regions: scan.run.snapshot.regions,
      capturedAt: scan.run.snapshot.capturedAt,
      resourceCount: scan.run.snapshot.resourceCount,
      summary: scan.summary.byStatus,
    },
  };
}

function isDateTime(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value);
}

/**
 * The SARIF 2.1.0 log for a scan: one run, one result per FAIL (and per
 * UNKNOWN with `includeUnknown`), most urgent first, then one per baseline
 * finding fixed since (`baselineState: "absent"`, unless `includeAbsent: false`). Keeps within GitHub's
 * upload limits by dropping the least severe results and saying so in a
 * notification. Pure apart from the CPU it spends gzipping to measure size.
 */
export function buildSarif(scan: ScanResults, options: SarifOptions = {}): SarifLog {
  return JSON.parse(renderSarif(scan, options)) as SarifLog;
}

/** The scan as SARIF needs it: the run, the summary and the rules table. */
export type SarifHead = Pick<ScanResults, 'run' | 'summary' | 'rules'>;

/**
 * What results.sarif is made of, bounded by the result limit rather than the
 * findings: the reportable findings that can be kept (most urgent first), how
 * many were reportable in all, the first finding of each rule the rules table
 * lacks, and each rule's ERROR count.
 */
export interface SarifInput {
  head: SarifHead;
  /** The most urgent reportable findings, in order; at least as many as the result limit keeps. */
  reportable: readonly Result[];
  reportableTotal: number;
  unknownRules: ReadonlyMap<string, Result>;
  errors: ReadonlyMap<string, RuleErrors>;
}

/** True when SARIF reports the finding (FAIL, and UNKNOWN with `includeUnknown`). */
export function sarifReports(r: Result, options: Pick<SarifOptions, 'includeUnknown'>): boolean {
  return r.status === 'FAIL' || (options.includeUnknown === true && r.status === 'UNKNOWN');
}

/** A {@link SarifInput} of results held in memory. */
export function sarifInput(scan: ScanResults, options: SarifOptions = {}): SarifInput {
  const tally = new FindingTally(scan.rules);
  const top = new TopFindings(options.maxResults ?? MAX_SARIF_RESULTS);
  for (const r of scan.findings) {
    tally.addFinding(r);
    if (sarifReports(r, options)) top.add(r);
  }
  return { head: scan, reportable: top.sorted(), reportableTotal: top.offered, unknownRules: tally.unknownRules, errors: tally.errorsByRule };
}

/** {@link buildSarif} as the text of results.sarif. */
export function renderSarif(scan: ScanResults, options: SarifOptions = {}): string {
  return renderSarifInput(sarifInput(scan, options), options);
}

/**
 * What results.sarif is for a given number of kept results: the rules table
 * and the baseline's absent findings worked out once, and the text made piece
 * by piece (the head, one piece per result, the tail), so a writer never holds
 * the file, or its result objects, whole.
 */
class SarifPlan {
  readonly total: number;
  readonly catalogue: SarifReportingDescriptor[];
  readonly indexOf: Map<string, number>;
  private readonly absent: AbsentFinding[];

  constructor(
    private readonly input: SarifInput,
    private readonly options: SarifOptions,
  ) {
    const scan = input.head;
    const known = rulesById(scan.rules);
    const catalogueRules: RuleSummary[] = [...scan.rules];
    for (const r of input.unknownRules.values()) {
      if (!known.has(r.ruleId)) {
        const rule = ruleFromResult(r);
        known.set(r.ruleId, rule);
        catalogueRules.push(rule);
      }
    }
    const informationUri = scan.run.tool.informationUri;
    this.catalogue = catalogueRules.map((rule) => descriptor(rule, informationUri));
    this.indexOf = new Map(catalogueRules.map((rule, i) => [rule.id, i]));
    this.absent = options.includeAbsent === false ? [] : absentFindings(scan);
    for (const f of this.absent) {
      if (this.indexOf.has(f.ruleId)) continue;
      this.indexOf.set(f.ruleId, this.catalogue.length);
      this.catalogue.push(bareDescriptor(f.ruleId));
    }
    this.total = input.reportableTotal + this.absent.length;
  }

  get maxGzip(): number {
    return this.options.maxGzipBytes ?? MAX_SARIF_GZIP_BYTES;
  }

  /** The first number of results to try: every reportable one, up to the result limit. */
  get firstKeep(): number {
    return Math.min(this.total, this.options.maxResults ?? MAX_SARIF_RESULTS);
  }

  /** The next, smaller number to try after `keep` results gzipped to `size` bytes, too many. */
  shrink(keep: number, size: number): number {
    // Shrink in proportion to the excess, with a margin, so this converges in a step or two.
    return Math.max(0, Math.min(keep - 1, Math.floor((keep * this.maxGzip * 0.9) / size)));
  }

  /** The file's text for `keep` results, as JSON.stringify(log, null, 2) would write it, in pieces. */
  *pieces(keep: number): Generator<string> {
    const { input, options, indexOf } = this;
    // Fixed findings are the least urgent: they are the first to go when the file must shrink.
    const kept = input.reportable.slice(0, keep);
    const keptAbsent = this.absent.slice(0, Math.max(0, keep - input.reportableTotal));
    // The results array is spliced in where an unguessable placeholder stands, so no text in the run can be taken for it.
    const placeholder = `results-${randomUUID()}`;
    const run = buildRun(input.head, input.errors, { kept: keep, left: this.total - keep }, this, options);
    const text = `${JSON.stringify({ $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [{ ...run, results: placeholder }] }, null, 2)}\n`;
    const [head, tail] = text.split(`"${placeholder}"`) as [string, string];
    if (keep === 0) {
      yield `${head}[]${tail}`;
      return;
    }
    yield `${head}[\n`;
    let first = true;
    for (const r of kept) {
      yield resultPiece(sarifResult(r, indexOf.get(r.ruleId)!, options.locate), first);
      first = false;
    }
    for (const f of keptAbsent) {
      yield resultPiece(absentResult(f, indexOf.get(f.ruleId)!), first);
      first = false;
    }
    yield `\n${RESULT_INDENT.slice(2)}]${tail}`;
  }
}

/** results[] items sit four levels deep in the log: each is indented as JSON.stringify(log, null, 2) would. */
const RESULT_INDENT = '        ';

function resultPiece(result: SarifResult, first: boolean): string {
  return `${first ? '' : ',\n'}${RESULT_INDENT}${JSON.stringify(result, null, 2).replace(/\n/g, `\n${RESULT_INDENT}`)}`;
}

/** The text of results.sarif from its bounded input (see {@link SarifInput}). */
export function renderSarifInput(input: SarifInput, options: SarifOptions = {}): string {
  const plan = new SarifPlan(input, options);
  let keep = plan.firstKeep;
  for (;;) {
    const meter = new GzipMeter(plan.maxGzip);
    const pieces: string[] = [];
    for (const piece of plan.pieces(keep)) {
      pieces.push(piece);
      meter.add(piece);
    }
    const size = meter.size();
    if (keep === 0 || size <= plan.maxGzip) return pieces.join('');
    keep = plan.shrink(keep, size);
  }
}

/**
 * Writes results.sarif from its bounded input to `out` piece by piece, so the
 * file is never one string (at GitHub's 25,000 results it is about 90 MB).
 * The gzipped size is measured as the pieces go (see {@link GzipMeter}); a
 * file over the limit is written again with fewer results, by `open` afresh.
 */
export async function writeSarifInput(input: SarifInput, options: SarifOptions, open: () => Promise<SarifOut>): Promise<void> {
  const plan = new SarifPlan(input, options);
  let keep = plan.firstKeep;
  for (;;) {
    const out = await open();
    const meter = new GzipMeter(plan.maxGzip);
    let n = 0;
    for (const piece of plan.pieces(keep)) {
      out.write(piece);
      meter.add(piece);
      if (++n % 1000 === 0) await out.flush();
    }
    await out.close();
    const size = meter.size();
    if (keep === 0 || size <= plan.maxGzip) return;
    keep = plan.shrink(keep, size);
  }
}

/** Where {@link writeSarifInput} writes (a {@link BatchedFile}). */
export interface SarifOut {
  write(text: string): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** A piece of about this many bytes is gzipped alone to measure the file. */
const GZIP_PIECE = 2 ** 20;

/**
 * The gzipped size of text given in pieces, without holding it: nothing is
 * gzipped while the text could not exceed the limit (gzip only adds bytes to
 * text that small); past that, the text so far and then each MiB is gzipped
 * on its own. Each piece starts with an empty dictionary, so the sum is a
 * little above what gzip of the whole file gives, never below in practice:
 * the limit is kept.
 */
class GzipMeter {
  private pending: string[] = [];
  private pendingBytes = 0;
  private raw = 0;
  private gzipped = 0;

  constructor(private readonly limit: number) {}

  add(text: string): void {
    const bytes = Buffer.byteLength(text);
    this.raw += bytes;
    this.pending.push(text);
    this.pendingBytes += bytes;
    if (this.raw > this.limit * 0.99 && this.pendingBytes >= GZIP_PIECE) this.measure();
  }

  private measure(): void {
    this.gzipped += gzipSync(this.pending.join('')).length;
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** The gzipped size, or the raw size when that is small enough to be under the limit either way. */
  size(): number {
    if (this.raw <= this.limit * 0.99) return this.raw;
    if (this.pendingBytes > 0) this.measure();
    return this.gzipped;
  }
}
