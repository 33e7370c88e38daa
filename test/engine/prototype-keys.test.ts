import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileRule } from '../../src/engine/compile-rule.js';
import { InventoryIndex } from '../../src/engine/inventory-index.js';
import { describeResource } from '../../src/engine/resource-labels.js';
import { deriveEncryption } from '../../src/engine/encryption.js';
import { derivePolicy } from '../../src/engine/policy-derived.js';
import { summarizeValue } from '../../src/engine/summarize-value.js';
import type { Condition, LoadedRule, RuleFile } from '../../src/engine/rule-types.js';
import type { Resource } from '../../src/inventory/resource.js';
import { tagMap } from '../../src/collect/context.js';

// Keys named after Object.prototype members, in rules and in inventory data, are names like any other: never a walk into the prototype.
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'hasOwnProperty', 'valueOf', 'toString'];
const file = 'rules/s3/s3-account-public-access-block.json';
const base = JSON.parse(readFileSync(file, 'utf8')) as RuleFile;

function compile(rule: Partial<RuleFile>, parameters?: Record<string, never>) {
  const loaded: LoadedRule = { file, service: 's3', rule: { ...base, ...rule } };
  return compileRule(loaded, { now: 0, label: 'rules/x.json', ...(parameters ? { parameters } : {}) });
}

const leaf = (path: string): Condition => ({ path, op: 'equals', value: true });

describe('rule paths and parameters never walk into the prototype', () => {
  it.each(['publicAccessBlock.constructor', 'constructor', 'publicAccessBlock.__proto__.x', 'prototype'])('path %s is a load error at its pointer', (path) => {
    expect(() => compile({ assert: { all: [leaf('publicAccessBlock.blockPublicAcls'), leaf(path)] } })).toThrow(
      /^rules\/x\.json: \/assert\/all\/1\/path: bad path ".*": "(constructor|__proto__|prototype)" walks into the prototype, not a property$/,
    );
  });

  it.each(['toString', 'valueOf', 'hasOwnProperty'])('path publicAccessBlock.%s is a property the schema does not have', (name) => {
    expect(() => compile({ assert: leaf(`publicAccessBlock.${name}`) })).toThrow(`/assert/path: AWS::S3::AccountPublicAccessBlock has no property "${name}"`);
  });

  it.each(PROTOTYPE_NAMES)('a value {param: "%s"} of an undeclared parameter is unknown', (name) => {
    expect(() => compile({ assert: { path: 'publicAccessBlock.blockPublicAcls', op: 'equals', value: { param: name } } })).toThrow(
      `rules/x.json: /assert/value: unknown parameter "${name}"`,
    );
  });

  it.each(PROTOTYPE_NAMES)('a configured value for parameter "%s" the rule does not declare is a load error', (name) => {
    const parameters = JSON.parse(`{"${name}": 1}`) as Record<string, never>;
    expect(() => compile({}, parameters)).toThrow(`rules/x.json: parameter "${name}" is not declared by rule s3-account-public-access-block`);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('a rule declaring a parameter named %s is a load error', (name) => {
    const parameters = JSON.parse(`{"${name}": {"type": "boolean", "default": true, "description": "d"}}`) as RuleFile['parameters'];
    expect(() => compile(parameters ? { parameters } : {})).toThrow(`rules/x.json: /parameters/${name}: "${name}" is not allowed as a parameter name (it names the prototype)`);
  });

  it('a rule may declare and use a parameter named toString: an ordinary name', () => {
    const parameters = { toString: { type: 'boolean' as const, default: true, description: 'd' } };
    const rule = compile({ parameters, assert: { path: 'publicAccessBlock.blockPublicAcls', op: 'equals', value: { param: 'toString' } } });
    const r = rule.evaluate(accountBlock({ blockPublicAcls: true }), state());
    expect(r?.status).toBe('PASS');
  });
});

function accountBlock(publicAccessBlock: Record<string, boolean>, tags: Record<string, string> = {}, resourceType = 'AWS::S3::AccountPublicAccessBlock'): Resource {
  return { resourceType, resourceId: '111122223333', arn: 'arn:aws:s3::111122223333:account', accountId: '111122223333', region: 'us-east-1', tags, properties: { publicAccessBlock } };
}
const state = () => ({ index: new InventoryIndex(), now: 0, derived: new Map() });

describe('a __proto__ tag is a tag like any other', () => {
  const tags = JSON.parse('{"__proto__": "restricted", "constructor": "c"}') as Record<string, string>;

  it.each([
    ['__proto__', 'restricted', 'PASS'],
    ['constructor', 'c', 'PASS'],
    ['toString', 'x', 'FAIL'],
  ])('$tags["%s"] reads the own tag only', (key, value, status) => {
    const rule = compile({ assert: { path: `$tags["${key}"]`, op: 'equals', value } });
    expect(rule.evaluate(accountBlock({}, tags), state())?.status).toBe(status);
  });

  it('collected tag lists keep a __proto__ key as an own entry', () => {
    const map = tagMap([{ Key: '__proto__', Value: 'p' }, { Key: 'constructor', Value: 'c' }]);
    expect(Object.keys(map)).toEqual(['__proto__', 'constructor']);
    expect(JSON.stringify(map)).toBe('{"__proto__":"p","constructor":"c"}');
  });
});

describe('inventory keys named after prototype members', () => {
  it('evidence keeps a __proto__ key of a value', () => {
    const value = JSON.parse('{"__proto__": {"a": 1}, "toString": 2}') as unknown;
    expect(JSON.stringify(summarizeValue(value))).toBe('{"__proto__":{"a":1},"toString":2}');
  });

  it.each(PROTOTYPE_NAMES)('a resource of type "%s" has no derived values and is labelled by its type', (type) => {
    const r = accountBlock({}, {}, type);
    expect(deriveEncryption(r, new InventoryIndex(), 0)).toBeUndefined();
    expect(derivePolicy(r)).toBeUndefined();
    expect(describeResource(r)).toBe(`${type} "111122223333"`);
  });
});
