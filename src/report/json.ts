import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Result, ScanResults } from '../engine/result.js';

/**
 * results.json with a stable key order, so two runs over the same inventory
 * give byte-identical files and diffs show only what changed. Known objects
 * follow the order of `schemas/results.schema.json`; keys we do not know (and
 * values found in the inventory, which are data, not structure) keep theirs.
 */

/** Key order of one object; `children['*']` is the order of every item when the value is an array. */
type KeyOrder = { keys: readonly string[]; children?: Record<string, KeyOrder> };

const COUNTS: KeyOrder = { keys: ['PASS', 'FAIL', 'UNKNOWN', 'ERROR'] };
const REFERENCES: KeyOrder = { keys: ['awsConfig', 'securityHub', 'cis', 'links'] };
const EVIDENCE: KeyOrder = { keys: ['path', 'found', 'expected', 'missing'] };
const SUPPRESSION: KeyOrder = { keys: ['reason', 'owner', 'ticket', 'expires', 'source'] };

const RESULT: KeyOrder = {
  keys: ['ruleId', 'resourceType', 'resourceId', 'arn', 'accountId', 'region', 'name', 'status', 'severity', 'category', 'message', 'evidence', 'references', 'fingerprint', 'suppression', 'baselineState'],
  children: { evidence: each(EVIDENCE), references: REFERENCES, suppression: SUPPRESSION },
};

const RULE: KeyOrder = {
  keys: ['id', 'title', 'description', 'severity', 'category', 'service', 'resourceTypes', 'references', 'remediation'],
  children: { references: REFERENCES, remediation: { keys: ['text', 'url'] } },
};

const RUN: KeyOrder = {
  keys: ['tool', 'startedAt', 'finishedAt', 'snapshot', 'ruleCount', 'collectionErrors', 'baseline', 'suppressions', 'gate'],
  children: {
    tool: { keys: ['name', 'version', 'informationUri'] },
    snapshot: {
      keys: ['source', 'file', 'capturedAt', 'accounts', 'regions', 'resourceCount', 'unsupported', 'skipped', 'rejected'],
      children: { rejected: { keys: ['count', 'items'], children: { items: each({ keys: ['file', 'pointer', 'message'] }) } } },
    },
    collectionErrors: each({ keys: ['accountId', 'region', 'service', 'resourceArn', 'property', 'operation', 'code', 'message'] }),
  },
};

const SUMMARY: KeyOrder = {
  keys: ['total', 'byStatus', 'bySeverity', 'resources'],
  children: {
    byStatus: COUNTS,
    bySeverity: { keys: ['critical', 'high', 'medium', 'low', 'info'], children: { critical: COUNTS, high: COUNTS, medium: COUNTS, low: COUNTS, info: COUNTS } },
  },
};

/** Marks an array whose items all follow `order`. */
function each(order: KeyOrder): KeyOrder {
  return { keys: [], children: { '*': order } };
}

function ordered(value: unknown, order: KeyOrder | undefined): unknown {
  if (order === undefined || value === null || typeof value !== 'object') return value;
  const itemOrder = order.children?.['*'];
  if (Array.isArray(value)) return itemOrder ? value.map((v) => ordered(v, itemOrder)) : value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of order.keys) {
    if (source[key] !== undefined) out[key] = ordered(source[key], order.children?.[key]);
  }
  for (const key of Object.keys(source).sort()) {
    if (!(key in out) && source[key] !== undefined) out[key] = source[key];
  }
  return out;
}

/** One result as a single JSON line, keys in schema order. */
export function resultJson(result: Result): string {
  return fastResultJson(result) ?? orderedResultJson(result);
}

/** The general writer: an ordered copy, then `JSON.stringify`. Exported so tests can hold the fast one to it. */
export function orderedResultJson(result: Result): string {
  return JSON.stringify(ordered(result, RESULT));
}

// The fast writer below builds the line from parts, for the shape the engine
// produces: only the keys of the order tables, strings where strings are
// expected, plain objects where objects are expected. Anything else returns
// undefined and takes the general writer, so the bytes are the same whatever
// the input (tests hold the two to each other on fixtures, hostile strings and
// generated results). What repeats is serialized once: the fields that come
// from the resource (consecutive results are usually of one resource), the
// rule's `references` when the engine has frozen them (a frozen object cannot
// change under the cached text), and the enumerations. Every other value goes
// through JSON.stringify, so escaping is JSON.stringify's own.

const RESULT_KEYS = new Set(RESULT.keys);
const EVIDENCE_KEYS = new Set(EVIDENCE.keys);
const REFERENCES_KEYS = new Set(REFERENCES.keys);
const SUPPRESSION_KEYS = new Set(SUPPRESSION.keys);

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** True when every enumerable key of `value` is one of `known`. */
function onlyKnownKeys(value: Record<string, unknown>, known: ReadonlySet<string>): boolean {
  for (const key in value) if (!known.has(key)) return false;
  return true;
}

/** JSON of short strings that recur in every line: rule ids, statuses, severities, categories. */
const quoted = new Map<string, string>();
function quote(text: string): string {
  let json = quoted.get(text);
  if (json === undefined) {
    json = JSON.stringify(text);
    if (quoted.size < 10_000) quoted.set(text, json);
  }
  return json;
}

/** True when nothing reachable from `value` can change any more. */
function deeplyFrozen(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (!Object.isFrozen(value)) return false;
  for (const v of Object.values(value)) if (!deeplyFrozen(v)) return false;
  return true;
}

const frozenReferences = new WeakMap<object, string>();
function referencesJson(references: Record<string, unknown>): string {
  const cached = frozenReferences.get(references);
  if (cached !== undefined) return cached;
  const json = JSON.stringify({ awsConfig: references.awsConfig, securityHub: references.securityHub, cis: references.cis, links: references.links });
  if (deeplyFrozen(references)) frozenReferences.set(references, json);
  return json;
}

/** The last resource's fields as JSON, `"resourceType":…` up to `name` (when it has one). */
const lastResource = { type: '', id: '', arn: '', accountId: '', region: '', name: undefined as string | undefined, json: '' };
function resourceJson(type: string, id: string, arn: string, accountId: string, region: string, name: string | undefined): string {
  const c = lastResource;
  if (type === c.type && id === c.id && arn === c.arn && accountId === c.accountId && region === c.region && name === c.name && c.json !== '') return c.json;
  c.type = type;
  c.id = id;
  c.arn = arn;
  c.accountId = accountId;
  c.region = region;
  c.name = name;
  c.json = `"resourceType":${quote(type)},"resourceId":${JSON.stringify(id)},"arn":${JSON.stringify(arn)},"accountId":${quote(accountId)},"region":${quote(region)}${name === undefined ? '' : `,"name":${JSON.stringify(name)}`}`;
  return c.json;
}

function evidenceJson(evidence: unknown[]): string | undefined {
  if (evidence.length === 0) return '[]';
  const copy = new Array<unknown>(evidence.length);
  for (let i = 0; i < evidence.length; i++) {
    const e: unknown = evidence[i];
    if (!isPlainRecord(e) || !onlyKnownKeys(e, EVIDENCE_KEYS)) return undefined;
    copy[i] = { path: e.path, found: e.found, expected: e.expected, missing: e.missing };
  }
  return JSON.stringify(copy);
}

function fastResultJson(result: Result): string | undefined {
  const r = result as unknown as Record<string, unknown>;
  if (!isPlainRecord(r) || !onlyKnownKeys(r, RESULT_KEYS)) return undefined;
  const { ruleId, resourceType, resourceId, arn, accountId, region, name, status, severity, category, message, evidence, references, suppression, baselineState } = r;
  if (
    typeof ruleId !== 'string' ||
    typeof resourceType !== 'string' ||
    typeof resourceId !== 'string' ||
    typeof arn !== 'string' ||
    typeof accountId !== 'string' ||
    typeof region !== 'string' ||
    (name !== undefined && typeof name !== 'string') ||
    typeof status !== 'string' ||
    typeof severity !== 'string' ||
    typeof category !== 'string' ||
    typeof message !== 'string' ||
    !Array.isArray(evidence) ||
    !isPlainRecord(references) ||
    !onlyKnownKeys(references, REFERENCES_KEYS) ||
    (baselineState !== undefined && typeof baselineState !== 'string')
  ) {
    return undefined;
  }
  const fingerprint = r.fingerprint;
  if (fingerprint !== undefined && typeof fingerprint !== 'string') return undefined;
  const evidenceText = evidenceJson(evidence);
  if (evidenceText === undefined) return undefined;
  let suppressionText = '';
  if (suppression !== undefined) {
    if (!isPlainRecord(suppression) || !onlyKnownKeys(suppression, SUPPRESSION_KEYS)) return undefined;
    const copy = { reason: suppression.reason, owner: suppression.owner, ticket: suppression.ticket, expires: suppression.expires, source: suppression.source };
    suppressionText = `,"suppression":${JSON.stringify(copy)}`;
  }
  return (
    `{"ruleId":${quote(ruleId)},${resourceJson(resourceType, resourceId, arn, accountId, region, name)}` +
    `,"status":${quote(status)},"severity":${quote(severity)},"category":${quote(category)},"message":${JSON.stringify(message)}` +
    `,"evidence":${evidenceText},"references":${referencesJson(references)}` +
    (fingerprint === undefined ? '' : `,"fingerprint":${JSON.stringify(fingerprint)}`) +
    suppressionText +
    (baselineState === undefined ? '' : `,"baselineState":${JSON.stringify(baselineState)}`) +
    '}'
  );
}

/**
 * The parts of results.json around the results. The rules come first and the
 * run and summary last: they are only known once every result is, so a scan
 * that streams its results can write them straight to the file and still give
 * these bytes.
 */
export function resultsJsonHead(rules: ScanResults['rules']): string {
  const listed = rules.map((rule) => JSON.stringify(ordered(rule, RULE)));
  return `{\n"format":"sealcheck-results",\n"version":1,\n"rules":[${listed.length ? `\n${listed.join(',\n')}\n` : ''}],\n"results":[`;
}

/** What follows the last result; `count` says whether there were any. */
export function resultsJsonTail(scan: Pick<ScanResults, 'run' | 'summary'>, count: number): string {
  return `${count > 0 ? '\n' : ''}],\n"run":${JSON.stringify(ordered(scan.run, RUN))},\n"summary":${JSON.stringify(ordered(scan.summary, SUMMARY))}\n}\n`;
}

function* resultsJsonChunks(scan: ScanResults): Generator<string> {
  yield resultsJsonHead(scan.rules);
  let first = true;
  for (const result of scan.results) {
    yield `${first ? '\n' : ',\n'}${resultJson(result)}`;
    first = false;
  }
  yield resultsJsonTail(scan, scan.results.length);
}

/**
 * results.json as one string: the rules, one result per line (so
 * line-oriented tools and diffs work on it), then the run and the summary.
 */
export function renderResultsJson(scan: ScanResults): string {
  return [...resultsJsonChunks(scan)].join('');
}

/**
 * Streams results.json to a file path or a writable stream, one result per
 * line, honouring back-pressure, so a million results never become one string.
 * A stream passed in is left open; a file is created (not atomically — use
 * {@link writeReports} for the temp-file-and-rename behaviour).
 */
export async function writeResultsJson(target: string | Writable, scan: ScanResults): Promise<void> {
  const stream = typeof target === 'string' ? createWriteStream(target) : target;
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => undefined); // observed through the races below; this only keeps it from counting as unhandled
  const write = async (chunk: string) => {
    if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), failed]);
  };
  try {
    let batch = '';
    for (const chunk of resultsJsonChunks(scan)) {
      batch += chunk;
      // Batching keeps the number of write calls (and their overhead) low without building big strings.
      if (batch.length >= 64 * 1024) {
        await write(batch);
        batch = '';
      }
    }
    if (batch) await write(batch);
    if (typeof target === 'string') {
      stream.end();
      await Promise.race([once(stream, 'finish'), failed]);
    }
  } catch (error) {
    // A file we opened is closed on failure; a caller's stream is the caller's to close.
    if (typeof target === 'string') stream.destroy();
    throw error;
  }
}
