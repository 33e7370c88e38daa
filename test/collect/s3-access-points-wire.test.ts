import { describe, expect, it } from 'vitest';
import { ACCOUNT, REGION } from './fake-aws/server.js';
import { emptyAccount, type AccountState } from './fake-aws/state.js';
import { byId, expectValid } from './helpers.js';
import { collectOverWire, errorLines, idsOfType, recorded, unhandled } from './wire-run.js';

/**
 * S3 access points over HTTP with the real S3 Control client: REST-XML, the
 * account named by the `x-amz-account-id` header (the fake refuses any other),
 * the list paged by `nextToken`. A throttled call is retried, and a refused
 * GetAccessPoint leaves the Block Public Access rule UNKNOWN, never PASS.
 */

const POINT = 'AWS::S3::AccessPoint';
const pointArn = (name: string) => `arn:aws:s3:${REGION}:${ACCOUNT}:accesspoint/${name}`;

/**
 * The recorded access points on bucket alpha-logs: finance-reports (Internet,
 * two settings off, a public policy) and vpc-ingest (VPC, all four on, no
 * policy). Neither the bucket nor the account blocks public access, so only
 * the access points' own settings count.
 */
function account(): AccountState {
  const state = emptyAccount();
  state.buckets.set('alpha-logs', { name: 'alpha-logs', region: REGION, created: new Date('2024-01-02T03:04:05.000Z') });
  state.accessPoints = [
    { point: recorded('s3control.GetAccessPoint_1'), policy: recorded('s3control.GetAccessPointPolicy').Policy, isPublic: recorded('s3control.GetAccessPointPolicyStatus').PolicyStatus.IsPublic },
    { point: recorded('s3control.GetAccessPoint_2') },
  ];
  return state;
}

describe('S3 access points over the wire (S3 Control, REST-XML)', () => {
  it('retries a throttled first page, follows NextToken, and reads settings, policy and its status as AWS returns them', async () => {
    const run = await collectOverWire(account(), ['s3'], {
      throttle: { 's3control:ListAccessPoints': { times: 1 }, 's3control:GetAccessPoint': { times: 1, where: 'vpc-ingest' } },
      pageSize: { 's3control:ListAccessPoints': 1 },
    });
    expect(unhandled(run.fake)).toEqual([]);
    // One throttled answer, then the two pages.
    expect(run.fake.calls('s3control:ListAccessPoints')).toEqual({ total: 3, faulted: 1 });
    expect(run.fake.calls('s3control:GetAccessPoint')).toEqual({ total: 3, faulted: 1 });
    // vpc-ingest has no policy, so its status is not asked for.
    expect(run.fake.calls('s3control:GetAccessPointPolicyStatus')).toEqual({ total: 1, faulted: 0 });
    expect(run.snapshot.header.errors).toEqual([]);
    expectValid(run.snapshot.resources);
    expect(idsOfType(run.snapshot, POINT)).toEqual(['finance-reports', 'vpc-ingest']);

    const open = byId(run.snapshot.resources, POINT, 'finance-reports');
    expect(open).toMatchObject({ region: REGION, accountId: ACCOUNT, arn: pointArn('finance-reports') });
    expect(open.properties).toEqual({
      bucket: 'alpha-logs',
      bucketAccountId: ACCOUNT,
      networkOrigin: 'Internet',
      vpcId: null,
      creationDate: '2025-03-04T09:00:00.000Z',
      publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: false },
      policy: { Version: '2012-10-17', Statement: [expect.objectContaining({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject' })] },
      policyStatus: { isPublic: true },
    });
    expect(byId(run.snapshot.resources, POINT, 'vpc-ingest').properties).toMatchObject({
      networkOrigin: 'VPC',
      vpcId: 'vpc-0a1b2c3d4e5f60718',
      publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
      policy: null,
      policyStatus: null,
    });

    expect(run.verdicts('s3-access-point-block-public-access')).toEqual({ 'finance-reports': 'FAIL', 'vpc-ingest': 'PASS' });
    expect(run.verdicts('s3-access-point-policy-not-public')).toEqual({ 'finance-reports': 'FAIL', 'vpc-ingest': 'PASS' });
  }, 60_000);

  it('records a refused GetAccessPoint on the settings it would have read: Block Public Access is UNKNOWN, the policy still read', async () => {
    const run = await collectOverWire(account(), ['s3'], { deny: ['s3control:GetAccessPoint'] });
    // Every property GetAccessPoint gives is unknown on both access points; nothing else failed.
    const properties = ['bucketAccountId', 'creationDate', 'networkOrigin', 'publicAccessBlock', 'vpcId'];
    const errors = ['finance-reports', 'vpc-ingest'].flatMap((name) => properties.map((p) => `${pointArn(name)} ${p} s3control:GetAccessPoint AccessDenied`));
    expect(errorLines(run.snapshot.header.errors)).toEqual(errors);
    expect(errorLines(run.collectionErrors)).toEqual(errors);
    for (const id of ['finance-reports', 'vpc-ingest']) expect(byId(run.snapshot.resources, POINT, id).properties).not.toHaveProperty('publicAccessBlock');
    expect(run.verdicts('s3-access-point-block-public-access')).toEqual({ 'finance-reports': 'UNKNOWN', 'vpc-ingest': 'UNKNOWN' });
    expect(byId(run.snapshot.resources, POINT, 'finance-reports').properties.policyStatus).toEqual({ isPublic: true });
  }, 60_000);
});
