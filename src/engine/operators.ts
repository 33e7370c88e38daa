import { compileGlob, matchGlob } from '../util/glob.js';
import type { LeafOperator } from './rule-types.js';

/**
 * An operand an operator cannot work with, as data: the reason, in words. At
 * load time (the rule's value) it is a load error; at evaluation (the value
 * found) it makes the condition ERROR. Operators never throw.
 */
export class OperandProblem {
  constructor(readonly problem: string) {}
}

/** The outcome of testing one found value: matched or not, or why the value could not be tested. */
export type OperandOutcome = boolean | OperandProblem;

/** A prepared operator: tests a present value (possibly `null`); absence is handled by the caller. */
export type OperandCheck = (found: unknown) => OperandOutcome;

/** Whether an outcome is a problem rather than a match decision. */
export const isProblem = (o: unknown): o is OperandProblem => o instanceof OperandProblem;

const problem = (text: string): OperandProblem => new OperandProblem(text);

/** Ordered scales that `atLeast` compares on. */
export const ORDERED_SCALES: Record<string, readonly string[]> = {
  encryptionLevel: ['none', 'sse', 'aws-managed-kms', 'customer-kms', 'customer-kms-external', 'customer-kms-hsm'],
  tlsVersion: ['1.0', '1.1', '1.2', '1.3'],
};

/**
 * An operator, prepared once per rule with its expected value. `test` gets a
 * value that is present (possibly `null`); absence is handled by the caller.
 */
export interface Operator {
  /** Whether the operator needs a `value` in the rule. */
  needsValue: boolean;
  /** The check for a rule's expected value, or why that value does not suit the operator (a load error). */
  prepare(expected: unknown, opName: string): OperandCheck | OperandProblem;
  /** The expectation in words, for evidence. */
  describe(expected: unknown): string;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const show = (v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : (JSON.stringify(v) ?? String(v)));

const wrong = (op: string, needs: string, v: unknown): OperandProblem => problem(`${op} needs ${needs}, found ${show(v).slice(0, 80)}`);

function asNumber(v: unknown, op: string): number | null | OperandProblem {
  if (v === null) return null;
  // ±Infinity and NaN are no quantity: compared, -Infinity would be below every limit (a rotation period that always passes).
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return wrong(op, 'a number', v);
}

/** Dates are ISO strings or `now±N(d|h)` relative to the evaluation clock, resolved by the caller into epoch ms. */
function asTime(v: unknown, op: string): number | null | OperandProblem {
  if (v === null) return null;
  if (typeof v === 'string' || typeof v === 'number') {
    const t = typeof v === 'number' ? v : Date.parse(v);
    if (Number.isFinite(t)) return t;
  }
  return wrong(op, 'a date', v);
}

function compare(op: string, pick: (a: number, b: number) => boolean, convert: typeof asNumber): Operator {
  return {
    needsValue: true,
    prepare(expected) {
      const e = convert(expected, op);
      if (e === null) return problem(`${op} needs a value`);
      if (isProblem(e)) return e;
      return (found) => {
        const f = convert(found, op);
        return isProblem(f) ? f : f !== null && pick(f, e);
      };
    },
    describe: (e) => `${op} ${show(e)}`,
  };
}

const lengthOf = (v: unknown): number =>
  Array.isArray(v) ? v.length : typeof v === 'string' ? v.length : typeof v === 'object' && v !== null ? Object.keys(v).length : -1;

/** The rule operators (leaf tests on a property value): adding one is one entry here and its tests. */
export const RULE_OPERATORS: Record<LeafOperator, Operator> = {
  exists: { needsValue: false, prepare: () => (f) => f !== null, describe: () => 'is set' },
  isNull: { needsValue: false, prepare: () => (f) => f === null, describe: () => 'is not set' },
  equals: { needsValue: true, prepare: (e) => (f) => sameValue(f, e), describe: (e) => `equals ${show(e)}` },
  notEquals: { needsValue: true, prepare: (e) => (f) => !sameValue(f, e), describe: (e) => `does not equal ${show(e)}` },
  in: {
    needsValue: true,
    prepare(e, op) {
      if (!Array.isArray(e)) return problem(`${op} needs an array value`);
      return (f) => e.some((x) => sameValue(f, x));
    },
    describe: (e) => `is one of ${show(e)}`,
  },
  notIn: {
    needsValue: true,
    prepare(e, op) {
      if (!Array.isArray(e)) return problem(`${op} needs an array value`);
      return (f) => !e.some((x) => sameValue(f, x));
    },
    describe: (e) => `is none of ${show(e)}`,
  },
  contains: {
    needsValue: true,
    prepare: (e, op) => (f) => {
      if (Array.isArray(f)) return f.some((x) => sameValue(x, e));
      if (typeof f === 'string' && typeof e === 'string') return f.includes(e);
      if (f === null) return false;
      return wrong(op, 'an array or string', f);
    },
    describe: (e) => `contains ${show(e)}`,
  },
  notContains: {
    needsValue: true,
    prepare: (e, op) => {
      const contains = RULE_OPERATORS.contains.prepare(e, op);
      if (isProblem(contains)) return contains;
      return (f) => {
        const c = contains(f);
        return isProblem(c) ? c : !c;
      };
    },
    describe: (e) => `does not contain ${show(e)}`,
  },
  matches: {
    needsValue: true,
    prepare(e, op) {
      if (typeof e !== 'string') return problem(`${op} needs a wildcard pattern string`);
      const glob = compileGlob(e);
      return (f) => {
        if (f === null) return false;
        if (typeof f !== 'string') return wrong(op, 'a string', f);
        return matchGlob(glob, f);
      };
    },
    describe: (e) => `matches ${show(e)}`,
  },
  matchesIgnoreCase: {
    needsValue: true,
    prepare(e, op) {
      // One pattern or a list of them (any may match): name conventions come as lists, and case varies (DB_PASSWORD, dbPassword).
      const patterns = Array.isArray(e) ? e : [e];
      if (patterns.length === 0 || !patterns.every((p): p is string => typeof p === 'string')) {
        return problem(`${op} needs a wildcard pattern string or a non-empty array of them`);
      }
      const globs = patterns.map((p) => compileGlob(p.toLowerCase()));
      return (f) => {
        if (f === null) return false;
        if (typeof f !== 'string') return wrong(op, 'a string', f);
        const lower = f.toLowerCase();
        return globs.some((g) => matchGlob(g, lower));
      };
    },
    describe: (e) => `matches ${Array.isArray(e) ? `one of ${show(e)}` : show(e)}, ignoring case`,
  },
  startsWith: {
    needsValue: true,
    prepare(e, op) {
      if (typeof e !== 'string') return problem(`${op} needs a string value`);
      return (f) => typeof f === 'string' && f.startsWith(e);
    },
    describe: (e) => `starts with ${show(e)}`,
  },
  gt: compare('gt', (a, b) => a > b, asNumber),
  gte: compare('gte', (a, b) => a >= b, asNumber),
  lt: compare('lt', (a, b) => a < b, asNumber),
  lte: compare('lte', (a, b) => a <= b, asNumber),
  before: compare('before', (a, b) => a < b, asTime),
  after: compare('after', (a, b) => a > b, asTime),
  atLeast: {
    needsValue: true,
    prepare(e, op) {
      const scale = Object.values(ORDERED_SCALES).find((s) => s.includes(String(e)));
      if (!scale) return problem(`${op} needs a value on a known scale (${Object.keys(ORDERED_SCALES).join(', ')})`);
      const min = scale.indexOf(String(e));
      return (f) => {
        if (f === null) return false;
        const at = scale.indexOf(String(f));
        if (at === -1) return problem(`${op} cannot place ${show(f).slice(0, 80)} on the scale ${show(scale)}`);
        return at >= min;
      };
    },
    describe: (e) => `is at least ${show(e)}`,
  },
  empty: { needsValue: false, prepare: () => (f) => f === null || lengthOf(f) === 0, describe: () => 'is empty' },
  notEmpty: { needsValue: false, prepare: () => (f) => f !== null && lengthOf(f) > 0, describe: () => 'is not empty' },
};

/** Resolves `now±N(d|h|m)` against the evaluation clock; other values pass through. */
export function resolveRelativeTime(value: unknown, now: number): unknown {
  if (typeof value !== 'string') return value;
  const m = /^now(?:([+-])(\d+)([dhm]))?$/.exec(value);
  if (!m) return value;
  if (!m[1]) return now;
  const unit = m[3] === 'd' ? 86_400_000 : m[3] === 'h' ? 3_600_000 : 60_000;
  return now + (m[1] === '+' ? 1 : -1) * Number(m[2]) * unit;
}
