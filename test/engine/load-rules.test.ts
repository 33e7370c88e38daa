import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRuleFile } from '../../src/engine/load-rules.js';

const ID = 's3-account-public-access-block';
const base = JSON.parse(readFileSync(`rules/s3/${ID}.json`, 'utf8')) as Record<string, unknown>;
const dir = mkdtempSync(join(tmpdir(), 'sealcheck-rules-'));
mkdirSync(join(dir, 's3'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const leaf = (extra: Record<string, unknown> = {}) => ({ path: 'publicAccessBlock.blockPublicAcls', op: 'equals', value: true, ...extra });

/** The load error of the catalogue rule with its `assert` replaced. */
function loadError(assert: unknown): string {
  const file = join(dir, 's3', `${ID}.json`);
  writeFileSync(file, JSON.stringify({ ...base, assert }, null, 2));
  try {
    loadRuleFile(file, 's3', 'rules/x.json');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the rule loaded');
}

describe('a typo inside a rule condition is reported at its own JSON pointer', () => {
  it('loads the unchanged rule', () => {
    expect(() => loadError(base.assert)).toThrow('the rule loaded');
  });

  it.each([
    ['an unknown operator, one level down', { all: [leaf(), leaf({ op: 'eqq' })] }, 'rules/x.json: /assert/all/1/op: unknown operator "eqq"'],
    // No regular expressions in rules: a backtracking pattern is refused as an operator the language does not have.
    ['a regular expression operator', { all: [leaf(), leaf({ op: 'regex', value: '(a+)+$' })] }, 'rules/x.json: /assert/all/1/op: unknown operator "regex"'],
    ['an unknown operator, four levels down', { any: [{ not: { all: [leaf(), leaf({ op: 'eqq' })] } }] }, 'rules/x.json: /assert/any/0/not/all/1/op: unknown operator "eqq"'],
    ['a misspelt key of the top condition', { alll: [leaf()] }, 'rules/x.json: /assert/alll: unknown property "alll"'],
    ['a misspelt key of a leaf test', { all: [leaf(), { path: 'publicAccessBlock.blockPublicAcls', opp: 'equals', value: true }] }, 'rules/x.json: /assert/all/1/opp: unknown property "opp"'],
    [
      'a misspelt key four levels down',
      { any: [leaf(), { not: { all: [leaf(), { pth: 'publicAccessBlock.blockPublicAcls', op: 'equals', value: true }] } }] },
      'rules/x.json: /assert/any/1/not/all/1/pth: unknown property "pth"',
    ],
    ['a misspelt key inside a value', { all: [leaf(), leaf({ value: { parm: 'x' } })] }, 'rules/x.json: /assert/all/1/value/parm: unknown property "parm"'],
    ['a quantifier out of its list', { all: [{ each: 'publicAccessBlock', quantifier: 'som', where: leaf() }] }, 'rules/x.json: /assert/all/0/quantifier: must be one of ["any","all","none"]'],
    ['an empty group, two levels down', { all: [leaf(), { any: [] }] }, 'rules/x.json: /assert/all/1/any: must NOT have fewer than 1 items'],
    ['a missing key of a leaf test', { all: [leaf(), { path: 'publicAccessBlock.blockPublicAcls' }] }, "rules/x.json: /assert/all/1: must have required property 'op'"],
  ])('%s', (_, assert, message) => {
    // The operator messages go on to list the known operators.
    expect(loadError(assert).slice(0, message.length)).toBe(message);
  });
});

describe('a number no double can hold in a rule file', () => {
  it('is a load error at its JSON pointer, not an Infinity limit', () => {
    const file = join(dir, 's3', `${ID}.json`);
    writeFileSync(file, JSON.stringify({ ...base, assert: { path: 'publicAccessBlock.blockPublicAcls', op: 'lte', value: 7 } }).replace('"value":7', '"value":-1e400'));
    expect(() => loadRuleFile(file, 's3', 'rules/x.json')).toThrow('rules/x.json: /assert/value: number out of range: not a finite double');
  });
});
