import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { JSONParser } from '@streamparser/json';
import type { ValidateFunction } from 'ajv';
import { InputError, clip } from '../errors.js';
import { controlsOf, type PassedResults, type References, type Result, type ResultResource, type RuleSummary, type ScanResults } from '../engine/result.js';
import { SCHEMAS_DIR } from '../paths.js';
import { describeAjvErrors, schemaFileValidator } from '../util/ajv.js';
import { checkRegularFile, isRegularFile, isStdin } from '../util/bounded-read.js';
import { parseJsonText, readMaybeGzipped } from '../util/read-json-file.js';

/**
 * The one reader of results files: version 1 (one record per rule ×
 * resource) and version 2 (normalized: resources table, findings, passes by
 * index) both become the same in-memory {@link ScanResults}: findings as full
 * records, passes per rule with their resources. A version 1 PASS becomes a
 * pass without a record, as a version 2 file written without
 * `--evidence all` holds it.
 */

const validators = new Map<number, ValidateFunction>();
const SCHEMA_FILES: Record<number, string> = { 1: 'results.v1.schema.json', 2: 'results.schema.json' };

function validatorFor(version: number): ValidateFunction {
  let v = validators.get(version);
  if (!v) {
    v = schemaFileValidator(join(SCHEMAS_DIR, SCHEMA_FILES[version]!));
    validators.set(version, v);
  }
  return v;
}

/** True when the value claims to be a sealcheck results document (before validation). */
export function looksLikeResults(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === 'sealcheck-results';
}

/** Version 1 on disk. */
interface ResultsV1 {
  run: ScanResults['run'];
  summary: ScanResults['summary'];
  rules: RuleSummary[];
  results: Result[];
}

/** Version 2 on disk: a result whose rule and resource are indexes into the two tables. */
/** A finding leaves out its category and references when they are its rule's. */
type FindingV2 = Omit<Result, 'ruleId' | 'category' | 'references' | keyof ResultResource> & Partial<Pick<Result, 'category' | 'references'>> & { rule: number; resource: number };
interface ResultsV2 {
  run: ScanResults['run'];
  summary: ScanResults['summary'];
  rules: RuleSummary[];
  resources: ResultResource[];
  findings: FindingV2[];
  passed: Record<string, number[]>;
}

/** A result's envelope fields alone: what the resources table and a PASS record hold of it. */
export const resourceOf = (r: ResultResource): ResultResource => ({
  resourceType: r.resourceType,
  resourceId: r.resourceId,
  arn: r.arn,
  accountId: r.accountId,
  region: r.region,
  ...(r.name === undefined ? {} : { name: r.name }),
});

/** A rule a version 1 result names but the file's rule table lacks: what the result itself says of it. */
function ruleFromResult(r: Result): RuleSummary {
  return { id: r.ruleId, title: r.ruleId, description: '', severity: r.severity, category: r.category, service: '', resourceTypes: [r.resourceType], references: r.references, remediation: { text: '' } };
}

function fromV1(doc: ResultsV1): ScanResults {
  const rules = [...doc.rules];
  const known = new Set(rules.map((r) => r.id));
  const findings: Result[] = [];
  const passed = new Map<string, PassedResults>();
  for (const r of doc.results) {
    if (!known.has(r.ruleId)) {
      known.add(r.ruleId);
      rules.push(ruleFromResult(r));
    }
    if (r.status !== 'PASS') {
      findings.push(r);
      continue;
    }
    let entry = passed.get(r.ruleId);
    if (!entry) passed.set(r.ruleId, (entry = { count: 0, resources: [] }));
    entry.count++;
    entry.resources!.push(resourceOf(r));
  }
  return { format: 'sealcheck-results', run: doc.run, summary: doc.summary, rules, findings, passed };
}

function fromV2(doc: ResultsV2, file: string): ScanResults {
  const at = (pointer: string, what: string) => new InputError(`${file}: ${pointer}: ${what}`);
  // One envelope per resource, shared by every pass and finding that points at it: a million resources passing three rules each would otherwise be three million copies.
  const table = doc.resources.map(resourceOf);
  // A finding without its own category or references has its rule's: one references object per rule, shared.
  const ruleControls = new Map<number, References>();
  const controlsOfRule = (index: number, rule: RuleSummary) => {
    let controls = ruleControls.get(index);
    if (!controls) ruleControls.set(index, (controls = controlsOf(rule.references)));
    return controls;
  };
  const findings = doc.findings.map((f, i): Result => {
    const rule = doc.rules[f.rule];
    if (!rule) throw at(`/findings/${i}/rule`, `no rule ${f.rule} in the rules table (${doc.rules.length} rules)`);
    const resource = table[f.resource];
    if (!resource) throw at(`/findings/${i}/resource`, `no resource ${f.resource} in the resources table (${table.length} resources)`);
    const r: Result = {
      ruleId: rule.id,
      ...resource,
      status: f.status,
      severity: f.severity,
      category: f.category ?? rule.category,
      message: f.message,
      evidence: f.evidence,
      references: f.references ?? controlsOfRule(f.rule, rule),
      fingerprint: f.fingerprint,
    };
    if (f.suppression) r.suppression = f.suppression;
    if (f.baselineState) r.baselineState = f.baselineState;
    return r;
  });
  const ruleIds = new Set(doc.rules.map((r) => r.id));
  const passed = new Map<string, PassedResults>();
  for (const [ruleId, indexes] of Object.entries(doc.passed)) {
    const pointer = `/passed/${ruleId.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (!ruleIds.has(ruleId)) throw at(pointer, `rule "${clip(ruleId, 80)}" is not in the rules table`);
    const resources = indexes.map((index, j) => {
      const resource = table[index];
      if (!resource) throw at(`${pointer}/${j}`, `no resource ${index} in the resources table (${table.length} resources)`);
      return resource;
    });
    passed.set(ruleId, { count: resources.length, resources });
  }
  return { format: 'sealcheck-results', run: doc.run, summary: doc.summary, rules: doc.rules, findings, passed };
}

/**
 * Checks a parsed value against the results schema of the version it names
 * (1 or 2) and returns that version; throws an InputError naming the file and
 * JSON pointer. Indexes into the tables are not checked here.
 */
export function validateResults(value: unknown, file: string): 1 | 2 {
  if (!looksLikeResults(value)) throw new InputError(`${file}: /format: not a sealcheck results file ("format": "sealcheck-results")`);
  const version = (value as { version?: unknown }).version;
  if (version !== 1 && version !== 2) throw new InputError(`${file}: /version: results version ${clip(JSON.stringify(version) ?? 'missing', 20)} is not one this sealcheck reads (1 or 2)`);
  const validate = validatorFor(version);
  if (!validate(value)) throw new InputError(`${file}: ${describeAjvErrors(validate.errors)}`);
  return version;
}

/** Validates an already-parsed value as results.json (version 1 or 2); throws an InputError naming the file and JSON pointer. */
export function asScanResults(value: unknown, file: string): ScanResults {
  return validateResults(value, file) === 1 ? fromV1(value as ResultsV1) : fromV2(value as ResultsV2, file);
}

/** Files larger than this on disk are parsed as a stream: their text could exceed what one string can hold (512 MiB). */
export const STREAM_ABOVE_BYTES = 64 * 2 ** 20;

/** What a streamed read may decompress from a gzipped file before it is refused (a small file can expand without end). */
export const MAX_STREAMED_BYTES = 16 * 2 ** 30;

/** The arrays that grow with the inventory: their items are taken out of the parser one by one and put back at the end. */
const BIG_ARRAYS = ['resources', 'findings', 'results'] as const;

async function startsWithGzipMagic(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * Takes an item of one of the big arrays as the parser meets it, knowing the
 * document's `format` if it came first (sealcheck writes it first): true when
 * the item is consumed and must not be collected into the document.
 */
export type StreamedItemTaker = (array: (typeof BIG_ARRAYS)[number], item: unknown, index: number, format: unknown) => boolean;

/**
 * Parses a JSON file (gzipped or not) without holding its text: the items of
 * the top-level `resources`, `findings` and `results` arrays are collected as
 * the parser meets them (or handed to `take`), and the document comes out as
 * `JSON.parse` would give it, less the items taken. A syntax error names the
 * file and the byte offset.
 */
export async function readJsonStreamed(file: string, maxBytes = MAX_STREAMED_BYTES, take?: StreamedItemTaker): Promise<unknown> {
  await checkRegularFile(file);
  const items: Record<(typeof BIG_ARRAYS)[number], unknown[]> = { resources: [], findings: [], results: [] };
  const counts: Record<(typeof BIG_ARRAYS)[number], number> = { resources: 0, findings: 0, results: 0 };
  let root: unknown;
  let format: unknown;
  let failure: unknown;
  const parser = new JSONParser({ paths: [...BIG_ARRAYS.map((k) => `$.${k}.*`), '$.format', '$'], keepStack: false });
  parser.onValue = ({ value, stack, parent }) => {
    if (stack.length === 0) {
      root = value;
      return;
    }
    if (stack.length === 1) {
      format = value;
      return;
    }
    if (failure !== undefined) return;
    const key = stack[1]?.key as (typeof BIG_ARRAYS)[number];
    const index = counts[key]++;
    try {
      if (!take?.(key, value, index, format)) items[key].push(value);
    } catch (error) {
      // The taker's own error (an item that breaks the schema), not one of the parser's: it must not read as bad JSON.
      failure = error;
    }
    // The root holds what the parser built under it: each item leaves once taken, so the document is held once.
    if (Array.isArray(parent)) parent.length = 0;
  };
  parser.onError = (error) => {
    const offset = (parser as unknown as { tokenizer?: { offset?: unknown } }).tokenizer?.offset;
    failure ??= new InputError(`${file}: not valid JSON${typeof offset === 'number' && offset >= 0 ? ` at byte ${offset}` : ''}: ${clip(error.message, 160)}`);
  };
  const raw = createReadStream(file);
  let input: Readable = raw;
  let bytes = 0;
  try {
    if (await startsWithGzipMagic(file)) {
      const gunzip = createGunzip();
      // pipe() does not forward errors: a read failure must end the parse, not crash the process.
      raw.on('error', (error) => gunzip.destroy(error));
      input = raw.pipe(gunzip);
    }
    for await (const chunk of input as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > maxBytes) throw new InputError(`${file}: more than ${Math.round(maxBytes / 2 ** 20)} MiB once decompressed (limit of a streamed read)`);
      parser.write(chunk);
      if (failure !== undefined) break;
    }
    if (failure === undefined && bytes === 0) failure = new InputError(`${file}:1:1: empty file`);
    if (failure === undefined && !parser.isEnded) parser.end();
  } catch (error) {
    failure ??= error instanceof InputError ? error : new InputError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  } finally {
    input.destroy();
    raw.destroy();
  }
  if (failure !== undefined) throw failure instanceof Error ? failure : new Error(String(failure));
  if (typeof root === 'object' && root !== null && !Array.isArray(root)) {
    const doc = root as Record<string, unknown>;
    for (const key of BIG_ARRAYS) if (Array.isArray(doc[key])) doc[key] = items[key];
  }
  return root;
}

/** Reads a JSON file whole when it is small (errors then give line and column), streamed when it is large. */
export async function readJsonDocument(file: string, streamAbove = STREAM_ABOVE_BYTES): Promise<unknown> {
  if (!isStdin(file) && (await isRegularFile(file)) && (await stat(file)).size > streamAbove) return readJsonStreamed(file);
  const text = await readMaybeGzipped(file);
  if (text.trim() === '') throw new InputError(`${file}:1:1: empty file`);
  return parseJsonText(file, text);
}

/** Reads (gzipped or not) and validates a results.json written by `sealcheck scan`, version 1 or 2; a large file is parsed as a stream. */
export async function readResultsFile(file: string, streamAbove = STREAM_ABOVE_BYTES): Promise<ScanResults> {
  return asScanResults(await readJsonDocument(file, streamAbove), file);
}

/** One result as a verdict: the rule, the resource and the status (a finding keeps its whole record). */
export type Verdict = Pick<Result, 'ruleId' | 'status'> & ResultResource & Partial<Result>;

/** Every result of a results view, the passes included as bare verdicts, for callers that ask "what did rule R say of resource X". */
export function verdictsOf(scan: Pick<ScanResults, 'findings' | 'passed' | 'rules'>): Verdict[] {
  const all: Verdict[] = [...scan.findings];
  const rules = new Map(scan.rules.map((r) => [r.id, r]));
  for (const [ruleId, passed] of scan.passed) {
    const rule = rules.get(ruleId);
    const fields = rule ? { severity: rule.severity, category: rule.category } : {};
    for (const r of passed.resources ?? []) all.push({ ruleId, status: 'PASS', ...fields, ...r });
  }
  return all;
}
