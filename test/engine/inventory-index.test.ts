import { describe, expect, it } from 'vitest';
import type { Resource } from '../../src/inventory/resource.js';
import { InventoryIndex } from '../../src/engine/inventory-index.js';

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
