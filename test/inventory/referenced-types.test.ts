import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM JavaScript without type declarations
import { generate } from '../../bench/gen.mjs';
import { compileRules, indexedTypes } from '../../src/engine/evaluate.js';
import { loadRules } from '../../src/engine/load-rules.js';
import { REFERENCED_TYPES, referencedFirst } from '../../src/inventory/referenced-types.js';
import type { Resource } from '../../src/inventory/resource.js';

const dir = mkdtempSync(join(tmpdir(), 'sealcheck-referenced-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const res = (resourceType: string, resourceId: string): Resource => ({ resourceType, resourceId, arn: `arn:aws:x:::${resourceId}`, accountId: '111122223333', region: 'eu-west-1', tags: {}, properties: {} });

/** The resource types of an NDJSON file, in file order. */
const typesOf = (file: string) => readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => (JSON.parse(l) as Resource).resourceType);
const referencedComeFirst = (types: string[]) => {
  const firstOther = types.findIndex((t) => !REFERENCED_TYPES.includes(t));
  return firstOther < 0 || types.slice(firstOther).every((t) => !REFERENCED_TYPES.includes(t));
};

describe('referenced types', () => {
  it('are the types the bundled rules look up in other resources', () => {
    expect([...indexedTypes(compileRules(loadRules(), 0))].sort()).toEqual([...REFERENCED_TYPES].sort());
  });

  it('come first, each group keeping its order', () => {
    const list = [res('AWS::EC2::Volume', 'v1'), res('AWS::KMS::Key', 'k1'), res('AWS::DynamoDB::Table', 't1'), res('AWS::KMS::Alias', 'a1'), res('AWS::KMS::Key', 'k2')];
    expect(referencedFirst(list).map((r) => r.resourceId)).toEqual(['k1', 'a1', 'k2', 'v1', 't1']);
  });

  it('come first in the bench generator\'s inventories, as in collected ones', async () => {
    const generated = join(dir, 'gen.ndjson');
    await generate({ resources: 1500, out: generated, seed: 'referenced' });
    const types = typesOf(generated);
    expect(types.some((t) => REFERENCED_TYPES.includes(t))).toBe(true);
    expect(referencedComeFirst(types)).toBe(true);
  });
});
