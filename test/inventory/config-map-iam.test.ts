import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importConfigDocument } from '../../src/inventory/config-import.js';
import type { Resource } from '../../src/inventory/resource.js';

const root = join(import.meta.dirname, '../..');
const demo = (JSON.parse(readFileSync(join(root, 'fixtures/demo/demo-account.snapshot.json'), 'utf8')) as { resources: Resource[] }).resources;
const file = 'fixtures/config/config-snapshot.json';
const imported = importConfigDocument(JSON.parse(readFileSync(join(root, file), 'utf8')), file);
const iam = imported.resources.filter((r) => r.resourceType.startsWith('AWS::IAM::'));

/** What Config cannot hold for each type: everything else must come out of the Config form as the live collector wrote it. */
const NOT_RECORDED: Record<string, string[]> = { 'AWS::IAM::User': ['accessKeys', 'passwordEnabled'] };

describe('AWS Config import of IAM: the Config form of the demo IAM resources maps to their live form', () => {
  const fromDemo = iam.filter((r) => demo.some((d) => d.arn === r.arn));

  it('covers a user, a group, two roles and two customer managed policies of the demo', () => {
    expect(fromDemo.map((r) => r.resourceType).sort()).toEqual(['AWS::IAM::Group', 'AWS::IAM::Policy', 'AWS::IAM::Policy', 'AWS::IAM::Role', 'AWS::IAM::Role', 'AWS::IAM::User']);
  });

  it('gives the same ids, names, regions, tags and properties (documents URL-decoded), minus what Config does not record', () => {
    for (const got of fromDemo) {
      const live = demo.find((d) => d.arn === got.arn)!;
      const want = { ...live.properties };
      for (const p of NOT_RECORDED[live.resourceType] ?? []) delete want[p];
      expect({ id: got.resourceId, name: got.name, region: got.region, tags: got.tags }, got.arn).toEqual({ id: live.resourceId, name: live.name, region: 'global', tags: live.tags });
      expect(got.properties, got.arn).toEqual(want);
      const gaps = (got.errors ?? []).map((e) => `${e.property}:${e.code}`).sort();
      expect(gaps, got.arn).toEqual((NOT_RECORDED[live.resourceType] ?? []).map((p) => `${p}:NotRecordedByConfig`).sort());
    }
  });

  it('states what Config never records as import gaps: KMS grants, SCPs and RCPs, the place in the organization', () => {
    const ops = imported.header.errors.map((e) => `${e.operation}:${e.code}`);
    expect(ops).toContain('config:AWS::Organizations::Policy:NotRecordedByConfig');
    expect(ops).toContain('config:AWS::Organizations::Account:NotRecordedByConfig');
    const key = imported.resources.find((r) => r.resourceType === 'AWS::KMS::Key')!;
    expect(key.properties).not.toHaveProperty('grants');
    expect(key.errors).toContainEqual(expect.objectContaining({ property: 'grants', code: 'NotRecordedByConfig' }));
  });
});
