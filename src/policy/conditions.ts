import { parseCidr, parseIp, cidrContains } from './ip.js';
import { BoundedCache } from '../util/bounded-cache.js';
import { compileGlob, matchGlob, type CompiledGlob, type GlobPart } from '../util/glob.js';

/**
 * Condition operators, evaluated as the IAM User Guide describes them
 * ("IAM JSON policy elements: Condition operators" and "Set operators for
 * multivalued context keys"). One table maps each base operator to its
 * comparison; `IfExists`, `ForAllValues:` and `ForAnyValue:` wrap any entry.
 */

/** A context key's value in a request: one string, or several for multivalued keys. */
export type ContextValue = string | readonly string[];

/** Request context keyed by condition key; lookups ignore case, as IAM does for key names. */
export type RequestContext = Readonly<Record<string, ContextValue>>;

/** A context prepared for repeated lookups. */
export interface PreparedContext {
  get(key: string): readonly string[] | undefined;
}

/** Families of comparison, which decide how values are parsed. */
export type OperatorFamily = 'string' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn' | 'null';

/** A base operator: how one request value compares with one policy value. */
export interface OperatorSpec {
  readonly family: OperatorFamily;
  /** Negated operators are true when no policy value matches. */
  readonly negated: boolean;
  /** Whether policy variables are substituted in policy values (string and ARN operators). */
  readonly variables: boolean;
  /** Compares one request value with one policy value; only positive forms are stored. */
  readonly test: (request: string, policy: PolicyValue) => boolean;
}

/** A policy value after variable substitution: its text, or parts when variables made some text literal. */
export interface PolicyValue {
  readonly text: string;
  readonly parts: readonly GlobPart[];
}

/** A parsed operator name such as `ForAnyValue:StringLikeIfExists`. */
export interface OperatorName {
  readonly base: string;
  readonly spec: OperatorSpec;
  readonly ifExists: boolean;
  readonly set: 'ForAllValues' | 'ForAnyValue' | null;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function num(s: string): number | undefined {
  const t = s.trim();
  if (!NUMBER.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** Dates are ISO 8601 or epoch seconds; AWS documents both. */
function date(s: string): number | undefined {
  const t = s.trim();
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}/.test(t)) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

function cmp<T>(parse: (s: string) => T | undefined, ok: (a: T, b: T) => boolean) {
  return (request: string, policy: PolicyValue): boolean => {
    const a = parse(request);
    const b = parse(policy.text);
    return a !== undefined && b !== undefined && ok(a, b);
  };
}

// Bounded: the keys are policy text (see BoundedCache).
const globCache = new BoundedCache<CompiledGlob>();
function glob(policy: PolicyValue, ignoreCase: boolean): CompiledGlob {
  // Cache only plain patterns: parts from variables vary per request.
  if (policy.parts.length === 1 && policy.parts[0]?.kind === 'pattern') {
    return globCache.get(`${ignoreCase ? 'i' : 's'}${policy.text}`, () => compileGlob(policy.text, { ignoreCase }));
  }
  return compileGlob(policy.parts, { ignoreCase });
}

function like(request: string, policy: PolicyValue): boolean {
  return matchGlob(glob(policy, false), request);
}

/** Splits an ARN into its six parts; the last keeps any further colons. */
/** The service part of an ARN (`s3` in `arn:aws:s3:::b`), found in place; undefined when the text is not an ARN. */
export function arnService(arn: string): string | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const afterPartition = arn.indexOf(':', 4);
  if (afterPartition < 0) return undefined;
  const end = arn.indexOf(':', afterPartition + 1);
  return end < 0 ? undefined : arn.slice(afterPartition + 1, end);
}

export function splitArn(arn: string): string[] | undefined {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const at = arn.indexOf(':', start);
    if (at < 0) return undefined;
    out.push(arn.slice(start, at));
    start = at + 1;
  }
  out.push(arn.slice(start));
  return out[0] === 'arn' ? out : undefined;
}

/** ARN comparison is per part, so a wildcard never spans a colon except in the resource part. */
function arnLike(request: string, policy: PolicyValue): boolean {
  if (policy.text === '*') return true;
  const r = splitArn(request);
  const p = splitArn(policy.text);
  if (!r || !p) return false;
  // Only plain patterns are split; a variable may hold a colon, so compare the whole text then.
  if (policy.parts.length !== 1 || policy.parts[0]?.kind !== 'pattern') return like(request, policy);
  for (let i = 0; i < 6; i++) {
    const pp = p[i] ?? '';
    if (!matchGlob(glob({ text: pp, parts: [{ kind: 'pattern', text: pp }] }, false), r[i] ?? '')) return false;
  }
  return true;
}

function literal(policy: PolicyValue): string | undefined {
  // Equality operators take wildcard characters literally, so concatenating parts is exact.
  return policy.parts.map((p) => p.text).join('');
}

function ipMatch(request: string, policy: PolicyValue): boolean {
  const ip = parseIp(request.trim());
  const cidr = parseCidr(policy.text.trim());
  return ip !== undefined && cidr !== undefined && cidrContains(cidr, ip);
}

function spec(
  family: OperatorFamily,
  negated: boolean,
  test: (r: string, p: PolicyValue) => boolean,
  variables = family === 'string' || family === 'arn',
): OperatorSpec {
  return { family, negated, test, variables };
}

const strEq = (r: string, p: PolicyValue): boolean => r === literal(p);
const strEqI = (r: string, p: PolicyValue): boolean => r.toLowerCase() === (literal(p) ?? '').toLowerCase();
const numEq = cmp(num, (a, b) => a === b);
const dateEq = cmp(date, (a, b) => a === b);
const boolEq = (r: string, p: PolicyValue): boolean => r.trim().toLowerCase() === p.text.trim().toLowerCase();

/** The IAM condition operators (StringEquals, IpAddress, …) by name. Adding one is one entry here plus its tests. */
export const IAM_CONDITION_OPERATORS: Readonly<Record<string, OperatorSpec>> = {
  StringEquals: spec('string', false, strEq),
  StringNotEquals: spec('string', true, strEq),
  StringEqualsIgnoreCase: spec('string', false, strEqI),
  StringNotEqualsIgnoreCase: spec('string', true, strEqI),
  StringLike: spec('string', false, like),
  StringNotLike: spec('string', true, like),
  NumericEquals: spec('numeric', false, numEq),
  NumericNotEquals: spec('numeric', true, numEq),
  NumericLessThan: spec('numeric', false, cmp(num, (a, b) => a < b)),
  NumericLessThanEquals: spec('numeric', false, cmp(num, (a, b) => a <= b)),
  NumericGreaterThan: spec('numeric', false, cmp(num, (a, b) => a > b)),
  NumericGreaterThanEquals: spec('numeric', false, cmp(num, (a, b) => a >= b)),
  DateEquals: spec('date', false, dateEq),
  DateNotEquals: spec('date', true, dateEq),
  DateLessThan: spec('date', false, cmp(date, (a, b) => a < b)),
  DateLessThanEquals: spec('date', false, cmp(date, (a, b) => a <= b)),
  DateGreaterThan: spec('date', false, cmp(date, (a, b) => a > b)),
  DateGreaterThanEquals: spec('date', false, cmp(date, (a, b) => a >= b)),
  Bool: spec('bool', false, boolEq),
  BinaryEquals: spec('binary', false, (r, p) => r === p.text),
  IpAddress: spec('ip', false, ipMatch),
  NotIpAddress: spec('ip', true, ipMatch),
  ArnEquals: spec('arn', false, arnLike),
  ArnLike: spec('arn', false, arnLike),
  ArnNotEquals: spec('arn', true, arnLike),
  ArnNotLike: spec('arn', true, arnLike),
  Null: spec('null', false, () => false, false),
};

/**
 * Parses an operator name; undefined when it is not one IAM knows. Names are
 * exact: AWS documents condition key names as case-insensitive, not operators.
 */
export function parseOperatorName(name: string): OperatorName | undefined {
  let rest = name;
  let set: OperatorName['set'] = null;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const prefix = rest.slice(0, colon);
    if (prefix === 'ForAllValues' || prefix === 'ForAnyValue') set = prefix;
    else return undefined;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.endsWith('IfExists')) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  const s = Object.hasOwn(IAM_CONDITION_OPERATORS, rest) ? IAM_CONDITION_OPERATORS[rest] : undefined;
  if (!s) return undefined;
  // Null has no IfExists form: the operator already asks whether the key exists.
  if (rest === 'Null' && ifExists) return undefined;
  return { base: rest, spec: s, ifExists, set };
}

/** Lower-cases keys once so that each lookup is a map read. */
export function prepareContext(ctx: RequestContext | PreparedContext | undefined): PreparedContext {
  if (ctx && typeof (ctx as PreparedContext).get === 'function' && !Array.isArray(ctx)) {
    return ctx as PreparedContext;
  }
  const map = new Map<string, readonly string[]>();
  for (const [k, v] of Object.entries((ctx ?? {}) as RequestContext)) {
    map.set(k.toLowerCase(), typeof v === 'string' ? [v] : v);
  }
  return { get: (key) => map.get(key.toLowerCase()) };
}

/**
 * Substitutes `${key}`, `${key, 'default'}` and the escapes `${*}`, `${?}`, `${$}`.
 * Returns undefined when a variable has no single value and no default: IAM then
 * treats the value as one that cannot match (see "IAM policy elements: Variables and tags").
 */
export function substituteVariables(text: string, ctx: PreparedContext): PolicyValue | undefined {
  if (!text.includes('${')) return { text, parts: [{ kind: 'pattern', text }] };
  const parts: GlobPart[] = [];
  let i = 0;
  let plain = '';
  while (i < text.length) {
    const start = text.indexOf('${', i);
    const end = start < 0 ? -1 : text.indexOf('}', start + 2);
    if (start < 0 || end < 0) {
      plain += text.slice(i);
      break;
    }
    plain += text.slice(i, start);
    const inner = text.slice(start + 2, end).trim();
    let value: string | undefined;
    if (inner === '*' || inner === '?' || inner === '$') value = inner;
    else {
      const m = /^([^,]+?)\s*(?:,\s*'([^']*)')?$/.exec(inner);
      if (m) {
        const v = ctx.get((m[1] ?? '').trim());
        // A multivalued key cannot fill a variable.
        if (v && v.length === 1) value = v[0];
        else if (m[2] !== undefined) value = m[2];
      }
      if (value === undefined) return undefined;
    }
    if (plain) parts.push({ kind: 'pattern', text: plain });
    plain = '';
    parts.push({ kind: 'literal', text: value ?? '' });
    i = end + 1;
  }
  if (plain) parts.push({ kind: 'pattern', text: plain });
  return { text: parts.map((p) => p.text).join(''), parts };
}

function nullTest(present: boolean, values: readonly string[]): boolean {
  // `Null: true` asks that the key be absent; `false` that it be present.
  return values.some((v) => (v.toLowerCase() === 'true' ? !present : v.toLowerCase() === 'false' ? present : false));
}

/** Evaluates one `operator: { key: values }` clause against the request. */
export function evaluateClause(
  clause: { readonly operator: string; readonly key: string; readonly values: readonly string[] },
  context: RequestContext | PreparedContext,
  options: { readonly variables?: boolean } = {},
): boolean {
  const op = parseOperatorName(clause.operator);
  if (!op) return false;
  const ctx = prepareContext(context);
  const raw = ctx.get(clause.key);
  const present = raw !== undefined && raw.length > 0;
  if (op.base === 'Null') return nullTest(raw !== undefined, clause.values);
  if (!present) {
    if (op.ifExists) return true;
    if (op.set === 'ForAllValues') return true;
    if (op.set === 'ForAnyValue') return false;
    // A missing key matches nothing, so only negated operators are true.
    return op.spec.negated;
  }
  const substitute = op.spec.variables && options.variables !== false;
  const policyValues: PolicyValue[] = [];
  for (const v of clause.values) {
    const pv = substitute ? substituteVariables(v, ctx) : { text: v, parts: [{ kind: 'pattern' as const, text: v }] };
    if (pv) policyValues.push(pv);
  }
  const anyPolicyMatch = (r: string): boolean => policyValues.some((p) => op.spec.test(r, p));
  // Per request value: positive operators need some policy value to match; negated ones need none.
  const perValue = (r: string): boolean => (op.spec.negated ? !anyPolicyMatch(r) : anyPolicyMatch(r));
  if (op.set === 'ForAllValues') return raw.every(perValue);
  if (op.set === 'ForAnyValue') return raw.some(perValue);
  // A single-valued operator on several values: positive if any matches; negated if none does.
  return op.spec.negated ? !raw.some(anyPolicyMatch) : raw.some(anyPolicyMatch);
}

/** All clauses must hold (AND across operators and keys; OR across values inside a clause). */
export function evaluateConditions(
  clauses: readonly { readonly operator: string; readonly key: string; readonly values: readonly string[] }[],
  context: RequestContext | PreparedContext,
  options: { readonly variables?: boolean } = {},
): boolean {
  const ctx = prepareContext(context);
  return clauses.every((c) => evaluateClause(c, ctx, options));
}
