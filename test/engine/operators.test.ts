import { describe, expect, it } from 'vitest';
import { RULE_OPERATORS, isProblem, resolveRelativeTime, type OperandCheck } from '../../src/engine/operators.js';

const prepared = (op: keyof typeof RULE_OPERATORS, expected: unknown): OperandCheck => {
  const check = RULE_OPERATORS[op].prepare(expected, op);
  if (isProblem(check)) throw new Error(`unexpected load problem: ${check.problem}`);
  return check;
};
const run = (op: keyof typeof RULE_OPERATORS, expected: unknown, found: unknown) => prepared(op, expected)(found);
/** A value the operator cannot test comes back as a problem (data, never an exception) that names what it needed. */
const problemOf = (o: unknown): string => (isProblem(o) ? o.problem : `no problem, got ${String(o)}`);

describe('operators', () => {
  it('equals compares deeply and strictly', () => {
    expect(run('equals', { a: [1] }, { a: [1] })).toBe(true);
    expect(run('equals', '1', 1)).toBe(false);
    expect(run('equals', null, null)).toBe(true);
  });

  it('in / notIn need an array', () => {
    expect(run('in', ['a', 'b'], 'b')).toBe(true);
    expect(run('notIn', ['a', 'b'], 'c')).toBe(true);
    expect(problemOf(RULE_OPERATORS.in.prepare('a', 'in'))).toBe('in needs an array value');
  });

  it('numeric comparisons accept numeric strings and fail on null', () => {
    expect(run('lte', 365, 90)).toBe(true);
    expect(run('gte', 1, '1')).toBe(true);
    expect(run('lt', 10, null)).toBe(false);
    expect(problemOf(run('gt', 1, 'abc'))).toBe('gt needs a number, found "abc"');
    expect(problemOf(RULE_OPERATORS.gt.prepare(null, 'gt'))).toBe('gt needs a value');
  });

  it('an infinite number is no quantity: -Infinity is not below every limit (a rotation period that would always pass)', () => {
    expect(problemOf(run('lte', 365, -Infinity))).toBe('lte needs a number, found -Infinity');
    expect(problemOf(run('gte', 1, Infinity))).toBe('gte needs a number, found Infinity');
    expect(problemOf(run('lt', 10, NaN))).toBe('lt needs a number, found NaN');
    expect(problemOf(RULE_OPERATORS.lte.prepare(-Infinity, 'lte'))).toBe('lte needs a number, found -Infinity');
  });

  it('dates compare as instants, with relative values resolved against the clock', () => {
    const now = Date.parse('2026-11-20T00:00:00Z');
    const in30 = resolveRelativeTime('now+30d', now);
    expect(in30).toBe(now + 30 * 86_400_000);
    expect(run('before', in30, '2026-12-01T00:00:00Z')).toBe(true);
    expect(run('before', in30, '2027-01-01T00:00:00Z')).toBe(false);
    expect(problemOf(run('after', in30, 'not a date'))).toBe('after needs a date, found "not a date"');
  });

  it('atLeast orders encryption levels', () => {
    expect(run('atLeast', 'customer-kms', 'customer-kms-hsm')).toBe(true);
    expect(run('atLeast', 'customer-kms', 'aws-managed-kms')).toBe(false);
    expect(run('atLeast', 'sse', null)).toBe(false);
    expect(problemOf(run('atLeast', 'customer-kms', 'rot13'))).toMatch(/^atLeast cannot place "rot13" on the scale/);
    expect(problemOf(RULE_OPERATORS.atLeast.prepare('rot13', 'atLeast'))).toMatch(/^atLeast needs a value on a known scale/);
  });

  it('matchesIgnoreCase takes one pattern or a list, ignores case, and refuses non-strings', () => {
    expect(run('matchesIgnoreCase', '*password*', '/prod/app/DB_PASSWORD')).toBe(true);
    expect(run('matchesIgnoreCase', ['*secret*', '*token*'], 'GithubToken')).toBe(true);
    expect(run('matchesIgnoreCase', ['*secret*', '*token*'], '/prod/app/port')).toBe(false);
    // Still wildcards, not regular expressions.
    expect(run('matchesIgnoreCase', 'A.C', 'abc')).toBe(false);
    expect(run('matchesIgnoreCase', '*key*', null)).toBe(false);
    expect(problemOf(run('matchesIgnoreCase', '*key*', 42))).toBe('matchesIgnoreCase needs a string, found 42');
    expect(problemOf(RULE_OPERATORS.matchesIgnoreCase.prepare([], 'matchesIgnoreCase'))).toMatch(/needs a wildcard pattern string or a non-empty array/);
    expect(problemOf(RULE_OPERATORS.matchesIgnoreCase.prepare(['*a*', 3], 'matchesIgnoreCase'))).toMatch(/needs a wildcard pattern string or a non-empty array/);
    expect(RULE_OPERATORS.matchesIgnoreCase.describe(['*a*'])).toBe('matches one of ["*a*"], ignoring case');
  });

  it('matches uses wildcards, not regular expressions', () => {
    expect(run('matches', 'arn:aws:s3:::logs-*', 'arn:aws:s3:::logs-2026')).toBe(true);
    expect(run('matches', 'a.c', 'abc')).toBe(false);
    expect(problemOf(run('matches', 'a*', 7))).toBe('matches needs a string, found 7');
    const hostile = 'a'.repeat(200_000);
    expect(run('matches', `${'*a'.repeat(50)}b`, hostile)).toBe(false);
  });

  it('contains works on arrays and strings, and rejects other kinds', () => {
    expect(run('contains', 'SSE-C', ['SSE-C'])).toBe(true);
    expect(run('contains', 'ssl', 'require-ssl')).toBe(true);
    expect(run('notContains', 'all', ['123456789012'])).toBe(true);
    expect(problemOf(run('contains', 'x', 5))).toBe('contains needs an array or string, found 5');
    expect(problemOf(run('notContains', 'x', 5))).toBe('notContains needs an array or string, found 5');
  });

  it('empty and exists treat null as empty', () => {
    expect(run('empty', undefined, null)).toBe(true);
    expect(run('empty', undefined, [])).toBe(true);
    expect(run('notEmpty', undefined, ['x'])).toBe(true);
    expect(run('exists', undefined, null)).toBe(false);
    expect(run('isNull', undefined, null)).toBe(true);
  });
});
