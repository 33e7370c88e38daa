import { describe, expect, it } from 'vitest';
import { splitUnits, unitsOf, unitsOfPart, type ShardScope, type WorkUnit } from '../../src/inventory/shard-plan.js';

const scope: ShardScope = {
  accounts: ['111111111111', '222222222222', '333333333333'],
  regions: ['eu-west-1', 'us-east-1'],
  services: ['s3', 'kms', 'sqs', 'ec2', 'iam'],
  accountWide: ['s3', 'iam'],
};
const key = (u: WorkUnit) => `${u.account}/${u.region}/${u.service}`;

describe('shard plan', () => {
  it('lists account-wide services once per account and the others per region', () => {
    expect(unitsOf({ ...scope, accounts: ['111111111111'] }).map(key)).toEqual([
      '111111111111/global/s3',
      '111111111111/eu-west-1/kms',
      '111111111111/us-east-1/kms',
      '111111111111/eu-west-1/sqs',
      '111111111111/us-east-1/sqs',
      '111111111111/eu-west-1/ec2',
      '111111111111/us-east-1/ec2',
      '111111111111/global/iam',
    ]);
  });

  it('puts every unit in exactly one part', () => {
    const all = unitsOf(scope);
    const parts = splitUnits(all, 4);
    expect(parts.flat().map(key).sort()).toEqual(all.map(key).sort());
  });

  it('balances by weight: heaviest first, each to the lightest part', () => {
    // 3 × (s3 8 + iam 8 + 2 × (kms 4 + sqs 2 + ec2 6)) = 120; four parts of 30 each.
    const weights: Record<string, number> = { s3: 8, iam: 8, kms: 4, sqs: 2, ec2: 6 };
    const loads = splitUnits(unitsOf(scope), 4).map((p) => p.reduce((n, u) => n + weights[u.service]!, 0));
    expect(loads).toEqual([30, 30, 30, 30]);
  });

  it('gives the same parts whatever order the units come in', () => {
    const all = unitsOf(scope);
    expect(splitUnits([...all].reverse(), 5).map((p) => p.map(key))).toEqual(splitUnits(all, 5).map((p) => p.map(key)));
  });

  it('counts a unit over every region as many regional ones', () => {
    const parts = splitUnits(unitsOf({ accounts: ['111111111111'], regions: ['all'], services: ['sqs', 's3', 'iam'], accountWide: ['s3', 'iam'] }), 2);
    // sqs in all regions (2 × 17) outweighs s3 and iam together (16): it has a part to itself.
    expect(parts.map((p) => p.map((u) => u.service))).toEqual([['sqs'], ['iam', 's3']]);
  });

  it('part I is the I-th of the split', () => {
    expect(unitsOfPart(scope, 2, 3).map(key)).toEqual(splitUnits(unitsOf(scope), 3)[1]!.map(key));
  });
});
