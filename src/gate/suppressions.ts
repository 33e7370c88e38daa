import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { InputError, clip, terminalSafe } from '../errors.js';
import type { Result, Suppression } from '../engine/result.js';
import { SCHEMAS_DIR } from '../paths.js';
import { compileGlob, matchGlob, type CompiledGlob } from '../util/glob.js';
import { LIMIT_VARIABLES, readBoundedText, readLimits } from '../util/bounded-read.js';
import { schemaValidator } from '../util/ajv.js';
import { formatProblem, locateAjvError, pickAjvError, type LocatedProblem } from '../util/ajv-location.js';
import { parseSource } from '../util/source-document.js';
import { copyResult } from '../engine/evaluated-result.js';

/** One entry of the suppressions file, with where it was written. Every matching field given must match. */
export interface SuppressionEntry {
  /** Rule id or glob over rule ids. */
  rule: string;
  /** ARN glob; absent: any resource. */
  resource?: string;
  account?: string | string[];
  region?: string | string[];
  /** Tag key → value glob. */
  tags?: Record<string, string>;
  reason: string;
  owner?: string;
  ticket?: string;
  /** YYYY-MM-DD, inclusive; absent: never expires (reported on every run). */
  expires?: string;
  /** `file:line` of the entry. */
  source: string;
}

/** The resource fields an entry can match on; `tags` is known only where the scan sees the resource. */
export type Suppressible = Pick<Result, 'status' | 'ruleId' | 'arn' | 'accountId' | 'region'>;

export interface SuppressionSet {
  file: string;
  entries: SuppressionEntry[];
}

/** What applying the set did, for reports: every entry lands in exactly one list. */
export interface SuppressionReport {
  /** Entries in force that matched findings. */
  active: { entry: SuppressionEntry; matched: number }[];
  /** Entries past their date; `matched` counts the findings they would have hidden and now no longer do. */
  expired: { entry: SuppressionEntry; matched: number }[];
  /** Entries in force that matched nothing: the finding was fixed or the pattern is wrong. */
  stale: { entry: SuppressionEntry }[];
}

export interface SuppressionOutcome {
  /** The input results, copied, with `suppression` set on each suppressed finding. */
  results: Result[];
  report: SuppressionReport;
}

let fileValidator: ValidateFunction | undefined;
let entryValidator: ValidateFunction | undefined;

function validators(): { file: ValidateFunction; entry: ValidateFunction } {
  if (!fileValidator || !entryValidator) {
    const text = readFileSync(join(SCHEMAS_DIR, 'suppressions.schema.json'), 'utf8');
    fileValidator = schemaValidator(text);
    entryValidator = schemaValidator(text, 'definitions/entry');
  }
  return { file: fileValidator, entry: entryValidator };
}

/** Options for reading a suppressions file. */
export interface ParseSuppressionsOptions {
  /** Rule ids of the loaded catalogue; an entry naming another id is an error. Omit to skip the check. */
  knownRuleIds?: Iterable<string>;
}

export type ParseSuppressionsResult = { ok: true; set: SuppressionSet } | { ok: false; errors: string[] };

/**
 * Parses and checks a suppressions file. Every bad entry is reported (not just
 * the first), each as `file:line: pointer: message`, so one edit pass fixes them all.
 */
export function parseSuppressions(text: string, file: string, options: ParseSuppressionsOptions = {}): ParseSuppressionsResult {
  const parsed = parseSource(text, file);
  if (!parsed.ok) return { ok: false, errors: [`${file}:${parsed.problem.line}:${parsed.problem.column}: ${parsed.problem.message}`] };
  const doc = parsed.document;
  const { file: validateFile, entry: validateEntry } = validators();
  const value = doc.value as { suppressions?: unknown };
  const top = typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  // Check the outer shape without the entries, then each entry on its own, so errors in several entries all surface.
  const shell = top && Array.isArray(top.suppressions) ? { ...top, suppressions: [] } : value;
  if (!validateFile(shell)) return { ok: false, errors: [formatProblem(file, locateAjvError(doc, pickAjvError(validateFile.errors!)!))] };

  const known = options.knownRuleIds ? new Set(options.knownRuleIds) : undefined;
  const errors: string[] = [];
  const entries: SuppressionEntry[] = [];
  (top!.suppressions as unknown[]).forEach((raw, i) => {
    const pointer = `/suppressions/${i}`;
    if (!validateEntry(raw)) {
      const first = pickAjvError(validateEntry.errors!)!;
      errors.push(formatProblem(file, locateAjvError(doc, { ...first, instancePath: `${pointer}${first.instancePath}` })));
      return;
    }
    const entry = raw as Omit<SuppressionEntry, 'source'>;
    if (known && !namesKnownRule(entry.rule, known)) {
      const what = isGlob(entry.rule) ? `rule pattern "${clip(entry.rule, 80)}" matches no rule` : `unknown rule id "${clip(entry.rule, 80)}"`;
      const problem: LocatedProblem = { line: doc.lineOf(`${pointer}/rule`), pointer: `${pointer}/rule`, message: what };
      errors.push(formatProblem(file, problem));
      return;
    }
    entries.push({ ...entry, source: `${file}:${doc.lineOf(pointer)}` });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, set: { file, entries } };
}

const isGlob = (pattern: string) => /[*?]/.test(pattern);

/** Whether a rule id or pattern names at least one loaded rule: a typo would otherwise suppress nothing, silently. */
function namesKnownRule(rule: string, known: ReadonlySet<string>): boolean {
  if (!isGlob(rule)) return known.has(rule);
  const glob = compileGlob(rule);
  for (const id of known) if (matchGlob(glob, id)) return true;
  return false;
}

/** Reads a suppressions file; throws one InputError listing every problem. */
export async function loadSuppressions(file: string, options: ParseSuppressionsOptions = {}): Promise<SuppressionSet> {
  // Capped, as config files are: YAML parsing cost grows far faster than the file.
  const text = await readBoundedText(file, readLimits().settingsBytes, LIMIT_VARIABLES.settingsBytes);
  const result = parseSuppressions(text, file, options);
  if (!result.ok) throw new InputError(result.errors.join('\n'));
  return result.set;
}

/** True once the whole expiry day (UTC) has passed; an entry without a date never expires. */
export function isExpired(entry: Pick<SuppressionEntry, 'expires'>, now: Date): boolean {
  return entry.expires !== undefined && now.getTime() >= Date.parse(`${entry.expires}T00:00:00Z`) + 86_400_000;
}

/** An entry's one-or-many field as a list. */
export const asList = (value: string | string[] | undefined): string[] | undefined => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

interface Compiled {
  entry: SuppressionEntry;
  rule: CompiledGlob;
  resource: CompiledGlob | undefined;
  accounts: ReadonlySet<string> | undefined;
  regions: ReadonlySet<string> | undefined;
  tags: [string, CompiledGlob][] | undefined;
  expired: boolean;
  matched: number;
}

function compileEntry(entry: SuppressionEntry, now: Date): Compiled {
  const accounts = asList(entry.account);
  const regions = asList(entry.region);
  return {
    entry,
    rule: compileGlob(entry.rule),
    resource: entry.resource === undefined ? undefined : compileGlob(entry.resource),
    accounts: accounts && new Set(accounts),
    regions: regions && new Set(regions),
    tags: entry.tags && Object.entries(entry.tags).map(([k, v]): [string, CompiledGlob] => [k, compileGlob(v)]),
    expired: isExpired(entry, now),
    matched: 0,
  };
}

/** Every field the entry gives matches; tags need the resource's tags, and without them a tag entry does not match. */
function entryMatches(c: Compiled, r: Suppressible, tags: Readonly<Record<string, string>> | undefined): boolean {
  return (
    matchGlob(c.rule, r.ruleId) &&
    (!c.resource || matchGlob(c.resource, r.arn)) &&
    (!c.accounts || c.accounts.has(r.accountId)) &&
    (!c.regions || c.regions.has(r.region)) &&
    (!c.tags || (tags !== undefined && c.tags.every(([k, v]) => Object.hasOwn(tags, k) && matchGlob(v, tags[k]!))))
  );
}

/**
 * Suppresses matching non-PASS results. The first entry in force that matches
 * a result suppresses it (file order); expired entries never suppress but
 * count what they would have matched, so the report can say what came back.
 */
export function applySuppressions(results: readonly Result[], set: SuppressionSet, options: { now?: Date } = {}): SuppressionOutcome {
  const matcher = new SuppressionMatcher(set, options.now);
  const out = results.map((r): Result => {
    const suppression = matcher.match(r);
    return suppression ? copyResult(r, { suppression }) : copyResult(r);
  });
  return { results: out, report: matcher.report() };
}

/**
 * The suppressions file compiled once, matched against findings one at a time
 * (see {@link applySuppressions}); counts what each entry matched for the report.
 */
export class SuppressionMatcher {
  private readonly compiled: Compiled[];

  constructor(set: SuppressionSet, now: Date = new Date()) {
    this.compiled = set.entries.map((entry) => compileEntry(entry, now));
  }

  /** The suppression of one result, if an entry in force matches it; PASS results are never suppressed. `tags` are the resource's, when known. */
  match(r: Suppressible, tags?: Readonly<Record<string, string>>): Suppression | undefined {
    if (r.status === 'PASS') return undefined;
    let suppression: Suppression | undefined;
    for (const c of this.compiled) {
      if (!entryMatches(c, r, tags)) continue;
      c.matched++;
      if (!c.expired && !suppression) {
        const { reason, owner, ticket, expires, source } = c.entry;
        suppression = { reason, ...(owner ? { owner } : {}), ...(ticket ? { ticket } : {}), ...(expires ? { expires } : {}), source };
      }
    }
    return suppression;
  }

  report(): SuppressionReport {
    const report: SuppressionReport = { active: [], expired: [], stale: [] };
    for (const c of this.compiled) {
      if (c.expired) report.expired.push({ entry: c.entry, matched: c.matched });
      else if (c.matched === 0) report.stale.push({ entry: c.entry });
      else report.active.push({ entry: c.entry, matched: c.matched });
    }
    return report;
  }
}

/** The longest note (suppression, baseline) printed on the console; reports keep the full text. */
export const CONSOLE_NOTE_MAX = 300;

/** A gate note for the console: control characters shown as escapes, capped at {@link CONSOLE_NOTE_MAX} characters. */
export function consoleNote(note: string): string {
  const safe = terminalSafe(note);
  return safe.length > CONSOLE_NOTE_MAX ? `${safe.slice(0, CONSOLE_NOTE_MAX - 1)}… (${safe.length} chars; full text in the reports)` : safe;
}
