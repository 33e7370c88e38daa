import { describe, expect, it } from 'vitest';
import type { Resource } from '../../src/inventory/resource.js';
import { DormantResource, InventoryIndex, resourceOfEntry } from '../../src/engine/inventory-index.js';
import { bucket } from '../inventory/snapshot-builders.js';

const key = (id: string, accountId = '111122223333', region = 'eu-west-1', aliases: string[] = []): Resource => ({
  resourceType: 'AWS::KMS::Key',
  resourceId: id,
  arn: `arn:aws:kms:${region}:${accountId}:key/${id}`,
  accountId,
  region,
  tags: {},
  properties: { aliases },
});
const volume: Resource = { resourceType: 'AWS::EC2::Volume', resourceId: 'vol-1', arn: 'arn:aws:ec2:eu-west-1:111122223333:volume/vol-1', accountId: '111122223333', region: 'eu-west-1', tags: {}, properties: {} };
const KEY = 'AWS::KMS::Key';

describe('InventoryIndex.resolve', () => {
  it('finds a key by ARN, by id and by alias, relative to the account and region of the resource naming it', () => {
    const index = new InventoryIndex();
    const k = key('1234abcd', '111122223333', 'eu-west-1', ['alias/data']);
    index.add(k);
    index.add(key('1234abcd', '444455556666', 'eu-west-1'));
    expect(index.resolve(KEY, k.arn, volume)).toBe(k);
    expect(index.resolve(KEY, '1234abcd', volume)).toBe(k);
    expect(index.resolve(KEY, 'alias/data', volume)).toBe(k);
    expect(index.resolve(KEY, 'arn:aws:kms:eu-west-1:111122223333:alias/data', volume)).toBe(k);
    expect(index.resolve(KEY, '1234abcd', { ...volume, region: 'us-east-1' })).toBeUndefined();
  });

  it('answers again the same way, and forgets its answers when a resource is added', () => {
    const index = new InventoryIndex();
    expect(index.resolve(KEY, 'feedbeef', volume)).toBeUndefined();
    expect(index.resolve(KEY, 'feedbeef', volume)).toBeUndefined();
    const k = key('feedbeef');
    index.add(k);
    expect(index.resolve(KEY, 'feedbeef', volume)).toBe(k);
    expect(index.resolve(KEY, k.arn, volume)).toBe(k);
  });
});

describe('InventoryIndex: buckets kept as text', () => {
  const policied = (name: string): Resource => ({
    ...bucket(name, { policy: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${name}/*` }] }, ['__proto__']: 'own key' }),
    tags: { team: 'data' },
  });
  const trail: Resource = { resourceType: 'AWS::CloudTrail::Trail', resourceId: 't', arn: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/t', accountId: '111122223333', region: 'eu-west-1', tags: {}, properties: {} };

  it('holds a bucket as its text and gives back an equal resource, parsed once for every lookup that finds it', () => {
    const index = new InventoryIndex();
    const b = JSON.parse(JSON.stringify(policied('logs'))) as Resource;
    const entry = index.add(b);
    expect(entry).toBeInstanceOf(DormantResource);
    const byArn = index.resolve('AWS::S3::Bucket', b.arn, trail);
    expect(byArn).toEqual(b);
    expect(byArn).not.toBe(b);
    expect(Object.hasOwn(byArn!.properties, '__proto__')).toBe(true);
    expect(index.resolve('AWS::S3::Bucket', 'logs', trail)).toBe(byArn);
    expect(resourceOfEntry(entry)).toEqual(b);
    expect(index.resources(new Set(['AWS::S3::Bucket']))).toEqual([b]);
  });

  it('reads buckets back from its temporary file once their text passes the memory limit', () => {
    const index = new InventoryIndex(4096);
    const buckets = Array.from({ length: 40 }, (_, i) => JSON.parse(JSON.stringify(policied(`logs-é-${i}`))) as Resource);
    for (const b of buckets) index.add(b);
    for (const b of [buckets[0]!, buckets[17]!, buckets[39]!]) expect(index.resolve('AWS::S3::Bucket', b.arn, trail)).toEqual(b);
    expect(index.resources(new Set(['AWS::S3::Bucket']))).toEqual(buckets);
    index.close();
  });

  it('keeps other referenced types as they are', () => {
    const index = new InventoryIndex();
    const k = key('1234abcd');
    expect(index.add(k)).toBe(k);
    expect(resourceOfEntry(k)).toBe(k);
  });
});
