import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { InputError, clip } from '../errors.js';
import { SEVERITIES, SEVERITY_LEVEL, type Result, type ScanResults, type Severity, type Status } from '../engine/result.js';
import { SCHEMAS_DIR } from '../paths.js';
import { describeAjvErrors, schemaFileValidator } from '../util/ajv.js';
import { fingerprintOf } from '../engine/fingerprint.js';
import { compareFindings } from './order.js';
import { MAX_STREAMED_BYTES, STREAM_ABOVE_BYTES, asScanResults, looksLikeResults, readJsonDocument, readJsonStreamed, type StreamedItemTaker } from './results-file.js';
import { isRegularFile, isStdin } from '../util/bounded-read.js';
import { isS3Location } from '../util/storage/location.js';
import { copyResult } from '../engine/evaluated-result.js';
import { PackedVerdicts } from './packed-verdicts.js';
import { ResultsBaselineReader } from './results-baseline.js';

/** A non-passing status: what a baseline can hold. */
export type FindingStatus = Exclude<Status, 'PASS'>;

/** One accepted finding. */
export interface BaselineFinding {
  fingerprint: string;
  ruleId: string;
  arn: string;
  status: FindingStatus;
  /** Absent when the source did not say (a SARIF file from another tool). */
  severity?: Severity;
  message?: string;
}

/** What the matcher needs of a baseline finding while a scan runs. */
export interface BaselineVerdict {
  status: FindingStatus;
  severity?: Severity;
}

/** A baseline, whatever file it came from. */
export interface Baseline {
  file: string;
  kind: 'results' | 'sarif' | 'baseline';
  /** Each finding's verdict by fingerprint. */
  findings: ReadonlyMap<string, BaselineVerdict>;
  /** The whole findings of these fingerprints (the absent ones, when the scan ends), sorted by rule id then ARN. */
  details(fingerprints: ReadonlySet<string>): Promise<BaselineFinding[]>;
}

/** A baseline read whole: every finding held as a record (small files, tests, library use). */
export interface HeldBaseline extends Baseline {
  findings: ReadonlyMap<string, BaselineFinding>;
}

function held(file: string, kind: Baseline['kind'], findings: Map<string, BaselineFinding>): HeldBaseline {
  return { file, kind, findings, details: async (fps) => [...findings.values()].filter((f) => fps.has(f.fingerprint)).sort(compareFindings) };
}

/** What `sealcheck baseline create` writes (`schemas/baseline.schema.json`). */
export interface BaselineFile {
  format: 'sealcheck-baseline';
  version: 1;
  createdAt: string;
  source?: string;
  findings: Required<BaselineFinding>[];
}

/** A baseline finding not seen in the current run: fixed, or its resource is no longer scanned. */
export interface AbsentFinding extends BaselineFinding {
  baselineState: 'absent';
}

export interface BaselineComparison {
  /** The input results, copied; every non-PASS result carries a `baselineState`. */
  results: Result[];
  /** Baseline findings that no current result matches, sorted by rule id then ARN. */
  absent: AbsentFinding[];
  counts: { new: number; unchanged: number; updated: number; absent: number };
}

const isSeverity = (v: unknown): v is Severity => typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v);

function addFinding(map: Map<string, BaselineFinding>, finding: BaselineFinding): void {
  const existing = map.get(finding.fingerprint);
  // Duplicate fingerprints (a merged file) keep the most severe, so "updated" never fires on a merge artefact.
  if (!existing || (finding.severity && (!existing.severity || SEVERITY_LEVEL[finding.severity] > SEVERITY_LEVEL[existing.severity]))) {
    map.set(finding.fingerprint, finding);
  }
}

/**
 * Findings of a previous results.json. Suppressed results are left out: a
 * suppression carries its own expiry, which a baseline must not outlive.
 * Results the earlier run itself marked `absent` were already fixed.
 */
export function baselineFromResults(results: ScanResults, file: string): HeldBaseline {
  const findings = new Map<string, BaselineFinding>();
  for (const r of results.findings) {
    if (r.status === 'PASS' || r.suppression || r.baselineState === 'absent') continue;
    addFinding(findings, { fingerprint: r.fingerprint, ruleId: r.ruleId, arn: r.arn, status: r.status, severity: r.severity, message: r.message });
  }
  return held(file, 'results', findings);
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined);

const SARIF_KIND_STATUS: Record<string, FindingStatus | 'skip'> = {
  fail: 'FAIL',
  review: 'UNKNOWN',
  open: 'UNKNOWN',
  pass: 'skip',
  notApplicable: 'skip',
  informational: 'skip',
};

/**
 * Findings of a SARIF 2.1.0 log. The fingerprint is recomputed from `ruleId`
 * and the first logical location's `fullyQualifiedName` (the ARN), which is
 * how sealcheck defines it; when a result has no logical location,
 * `partialFingerprints.primaryLocationLineHash` is taken as is.
 */
export function baselineFromSarif(sarif: unknown, file: string): HeldBaseline {
  const runs = obj(sarif)?.runs;
  if (!Array.isArray(runs)) throw new InputError(`${file}: /runs: a SARIF log needs a "runs" array`);
  const findings = new Map<string, BaselineFinding>();
  runs.forEach((run, i) => {
    const results = obj(run)?.results ?? [];
    if (!Array.isArray(results)) throw new InputError(`${file}: /runs/${i}/results: must be an array`);
    results.forEach((raw, j) => {
      const where = `${file}: /runs/${i}/results/${j}`;
      const r = obj(raw);
      if (!r) throw new InputError(`${where}: must be an object`);
      const kind = typeof r.kind === 'string' ? r.kind : 'fail';
      const status = SARIF_KIND_STATUS[kind];
      if (!status) throw new InputError(`${where}/kind: unknown SARIF result kind "${clip(kind, 40)}"`);
      if (status === 'skip' || r.baselineState === 'absent') return;
      const suppressions = Array.isArray(r.suppressions) ? r.suppressions : [];
      if (suppressions.some((s) => { const st = obj(s)?.status; return st === undefined || st === 'accepted'; })) return;
      const ruleId = typeof r.ruleId === 'string' ? r.ruleId : typeof obj(r.rule)?.id === 'string' ? String(obj(r.rule)?.id) : undefined;
      if (!ruleId) throw new InputError(`${where}/ruleId: missing`);
      const location = obj(Array.isArray(r.locations) ? r.locations[0] : undefined);
      const logical = obj(Array.isArray(location?.logicalLocations) ? (location.logicalLocations as unknown[])[0] : undefined);
      const arn = typeof logical?.fullyQualifiedName === 'string' ? logical.fullyQualifiedName : undefined;
      const partial = obj(r.partialFingerprints)?.primaryLocationLineHash;
      const fingerprint = arn ? fingerprintOf(ruleId, arn) : typeof partial === 'string' ? partial : undefined;
      if (!fingerprint) {
        throw new InputError(`${where}: no resource identity (locations[0].logicalLocations[0].fullyQualifiedName or partialFingerprints.primaryLocationLineHash)`);
      }
      const severity = obj(r.properties)?.severity;
      const text = obj(r.message)?.text;
      addFinding(findings, {
        fingerprint,
        ruleId,
        arn: arn ?? '',
        status,
        ...(isSeverity(severity) ? { severity } : {}),
        ...(typeof text === 'string' ? { message: text } : {}),
      });
    });
  });
  return held(file, 'sarif', findings);
}

let baselineValidator: ValidateFunction | undefined;

/** Findings of a `sealcheck baseline create` file. */
export function baselineFromBaselineFile(value: unknown, file: string): HeldBaseline {
  baselineValidator ??= schemaFileValidator(join(SCHEMAS_DIR, 'baseline.schema.json'));
  if (!baselineValidator(value)) throw new InputError(`${file}: ${describeAjvErrors(baselineValidator.errors)}`);
  const findings = new Map<string, BaselineFinding>();
  for (const f of (value as BaselineFile).findings) addFinding(findings, f);
  return held(file, 'baseline', findings);
}

/** Recognises the three baseline shapes by their markers. */
export function parseBaseline(value: unknown, file: string): HeldBaseline {
  if (looksLikeResults(value)) return baselineFromResults(asScanResults(value, file), file);
  const o = obj(value);
  if (o?.format === 'sealcheck-baseline') return baselineFromBaselineFile(value, file);
  if (o && Array.isArray(o.runs) && typeof o.version === 'string') return baselineFromSarif(value, file);
  throw new InputError(`${file}: /: not a baseline: expected a sealcheck results.json, a SARIF log or a file from "sealcheck baseline create"`);
}

let baselineFindingValidator: ValidateFunction | undefined;

/**
 * Every verdict a baseline can hold, one frozen object each (a constant
 * table, not a cache): a large baseline keeps a fingerprint and a pointer per
 * finding, not its rule, ARN and message.
 */
const VERDICTS: ReadonlyMap<string, BaselineVerdict> = new Map(
  (['FAIL', 'UNKNOWN', 'ERROR'] as const).flatMap((status) =>
    [undefined, ...SEVERITIES].map((severity): [string, BaselineVerdict] => [`${status} ${severity ?? ''}`, Object.freeze(severity === undefined ? { status } : { status, severity })]),
  ),
);
const sharedVerdict = (status: FindingStatus, severity: Severity | undefined): BaselineVerdict => VERDICTS.get(`${status} ${severity ?? ''}`)!;

/** Takes the findings of a `sealcheck baseline create` file as the parser meets them, checking each and handing it to `keep`. */
function baselineFileTaker(file: string, keep: (finding: BaselineFinding) => void): StreamedItemTaker {
  baselineFindingValidator ??= schemaFileValidator(join(SCHEMAS_DIR, 'baseline.schema.json'), 'definitions/finding');
  const validate = baselineFindingValidator;
  return (array, item, index, format) => {
    if (format !== 'sealcheck-baseline' || array !== 'findings') return false;
    if (!validate(item)) throw new InputError(`${file}: ${describeAjvErrors(validate.errors, `/findings/${index}`)}`);
    keep(item as BaselineFinding);
    return true;
  };
}

/**
 * A large `sealcheck baseline create` file or results.json (version 2), read
 * as a stream: each finding is checked as the parser meets it and only its
 * verdict is kept (a million findings' rules, ARNs and messages would be
 * several hundred megabytes). The findings a scan no longer meets are listed
 * whole at the end, so the file is read again then, and must not have changed
 * in between. A file on S3 keeps its findings whole: reading the object twice
 * could read two versions. A version 1 results.json and a SARIF log come back
 * whole for {@link parseBaseline}.
 */
async function loadBaselineStreamed(file: string): Promise<Baseline> {
  const compact = !isS3Location(file);
  const findings = new Map<string, BaselineFinding>();
  const verdicts = new PackedVerdicts([...VERDICTS.values()]);
  const before = compact ? await stat(file) : undefined;
  // As addFinding: a duplicate fingerprint keeps the more severe finding.
  const keepKnown = (known: BaselineVerdict, value: BaselineVerdict) => SEVERITY_LEVEL[value.severity!] <= SEVERITY_LEVEL[known.severity!];
  const results = compact ? new ResultsBaselineReader(file, (fp, status, severity) => verdicts.set(fp, sharedVerdict(status, severity), keepKnown)) : undefined;
  const baselineFinding = baselineFileTaker(file, (f) => {
    if (compact) verdicts.set(f.fingerprint, sharedVerdict(f.status, f.severity), keepKnown);
    else addFinding(findings, f);
  });
  const root = await readJsonStreamed(file, MAX_STREAMED_BYTES, (array, item, index, format) =>
    format === 'sealcheck-results' && results ? results.take(array, item, index, format) : baselineFinding(array, item, index, format),
  );
  const unchanged = async () => {
    const now = await stat(file);
    if (now.size !== before!.size || now.mtimeMs !== before!.mtimeMs) {
      throw new InputError(`${file}: the baseline changed while the scan ran, so the findings fixed since cannot be listed; keep the baseline apart from the scan's output and run again`);
    }
  };
  if (results && looksLikeResults(root)) {
    const ruleIds = results.finish(root);
    // Collected whole by the parser (version 1, or `format` not first): read as such.
    if (!ruleIds) return parseBaseline(root, file);
    const details = async (fingerprints: ReadonlySet<string>): Promise<BaselineFinding[]> => {
      if (fingerprints.size === 0) return [];
      await unchanged();
      const wanted = new Map<string, BaselineFinding>();
      for (const f of await results.fixed(fingerprints, ruleIds)) addFinding(wanted, f);
      return [...wanted.values()].sort(compareFindings);
    };
    return { file, kind: 'results', findings: verdicts, details };
  }
  if (obj(root)?.format !== 'sealcheck-baseline') return parseBaseline(root, file);
  // The rest of the document (its findings already taken and checked) against the whole schema.
  baselineFromBaselineFile(root, file);
  if (!compact) return held(file, 'baseline', findings);
  const details = async (fingerprints: ReadonlySet<string>): Promise<BaselineFinding[]> => {
    if (fingerprints.size === 0) return [];
    await unchanged();
    const wanted = new Map<string, BaselineFinding>();
    await readJsonStreamed(
      file,
      MAX_STREAMED_BYTES,
      baselineFileTaker(file, (f) => {
        if (fingerprints.has(f.fingerprint)) addFinding(wanted, f);
      }),
    );
    return [...wanted.values()].sort(compareFindings);
  };
  return { file, kind: 'baseline', findings: verdicts, details };
}

/** Reads a baseline of any of the three shapes; a file larger than `streamAbove` bytes is parsed as a stream. */
export async function loadBaseline(file: string, streamAbove = STREAM_ABOVE_BYTES): Promise<Baseline> {
  if (!isStdin(file) && (await isRegularFile(file)) && (await stat(file)).size > streamAbove) return loadBaselineStreamed(file);
  return parseBaseline(await readJsonDocument(file, streamAbove), file);
}

/**
 * Marks each non-PASS result against the baseline:
 * - `new`: its fingerprint is not in the baseline;
 * - `updated`: it is, but the finding got worse — its severity is higher than
 *   recorded, or it was UNKNOWN/ERROR and is now a FAIL;
 * - `unchanged`: it is, and it did not get worse. Message wording and lower
 *   severities do not matter, so rewording or re-ranking rules never breaks a baseline.
 * Baseline findings no current result matches come back as `absent`.
 */
export async function applyBaseline(results: readonly Result[], baseline: Baseline): Promise<BaselineComparison> {
  const matcher = new BaselineMatcher(baseline);
  const marked = results.map((r): Result => {
    const state = matcher.stateOf(r);
    return state === undefined ? copyResult(r) : copyResult(r, { baselineState: state });
  });
  return { results: marked, absent: await matcher.absent(), counts: matcher.counts() };
}

/**
 * The baseline as a scan meets its findings one at a time: the state of each
 * (see {@link applyBaseline}), and at the end the baseline findings no result
 * matched. Holds the baseline's fingerprints and the ones seen, not the results.
 */
export class BaselineMatcher {
  /** The baseline's findings as the scan meets them (see {@link metTracker}). */
  private readonly met: MetTracker;
  private readonly tally = { new: 0, unchanged: 0, updated: 0 };

  constructor(readonly baseline: Baseline) {
    this.met = metTracker(baseline.findings);
  }

  /** The state of one result; undefined for a PASS (a baseline holds findings only). */
  stateOf(r: Pick<Result, 'status' | 'severity' | 'fingerprint'>): 'new' | 'unchanged' | 'updated' | undefined {
    if (r.status === 'PASS') return undefined;
    const known = this.met.meet(r.fingerprint);
    let state: 'new' | 'unchanged' | 'updated' = 'new';
    if (known) {
      const severityRose = known.severity !== undefined && SEVERITY_LEVEL[r.severity] > SEVERITY_LEVEL[known.severity];
      const becameFail = r.status === 'FAIL' && known.status !== 'FAIL';
      state = severityRose || becameFail ? 'updated' : 'unchanged';
    }
    this.tally[state]++;
    return state;
  }

  /** The fingerprints of baseline findings no result matched so far. */
  absentFingerprints(): Set<string> {
    return new Set(this.met.unmet());
  }

  /** Baseline findings no result matched so far, whole, sorted by rule id then ARN. */
  async absent(): Promise<AbsentFinding[]> {
    const findings = await this.baseline.details(this.absentFingerprints());
    return findings.map((f) => ({ ...f, baselineState: 'absent' as const }));
  }

  counts(): BaselineComparison['counts'] {
    let absent = 0;
    for (const _ of this.met.unmet()) absent++;
    return { ...this.tally, absent };
  }
}

/** Which baseline findings a scan met: `meet` looks a fingerprint up and marks it, `unmet` lists the rest. */
interface MetTracker {
  meet(fingerprint: string): BaselineVerdict | undefined;
  unmet(): Iterable<string>;
}

/** For a packed baseline a byte per entry, found once per result (a set of a million fingerprints would be 100 MB); else a set. */
function metTracker(findings: ReadonlyMap<string, BaselineVerdict>): MetTracker {
  if (findings instanceof PackedVerdicts) {
    const packed = findings as PackedVerdicts<BaselineVerdict>;
    const met = new Uint8Array(packed.size);
    return {
      meet: (fp) => {
        const entry = packed.entryOf(fp);
        if (entry < 0) return undefined;
        met[entry] = 1;
        return packed.valueAt(entry);
      },
      *unmet() {
        for (let entry = 0; entry < met.length; entry++) if (met[entry] === 0) yield packed.keyAt(entry);
      },
    };
  }
  const seen = new Set<string>();
  return {
    meet: (fp) => {
      const known = findings.get(fp);
      if (known) seen.add(fp);
      return known;
    },
    *unmet() {
      for (const fp of findings.keys()) if (!seen.has(fp)) yield fp;
    },
  };
}

/**
 * The reviewed-baseline document for a run: its non-PASS, unsuppressed
 * findings, sorted so the file diffs cleanly in review.
 */
export function createBaselineFile(results: ScanResults, options: { now?: Date; source?: string } = {}): BaselineFile {
  const findings = [...baselineFromResults(results, options.source ?? '').findings.values()]
    .map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, arn: f.arn, status: f.status, severity: f.severity ?? 'info', message: f.message ?? '' }))
    .sort(compareFindings);
  return {
    format: 'sealcheck-baseline',
    version: 1,
    createdAt: (options.now ?? new Date()).toISOString(),
    ...(options.source ? { source: options.source } : {}),
    findings,
  };
}
