import { describe, expect, it } from 'vitest';
import type { Faults } from './fake-aws/faults.js';
import { ACCOUNT, REGION } from './fake-aws/server.js';
import { emptyAccount, type AccountState } from './fake-aws/state.js';
import { byId, expectValid } from './helpers.js';
import { collectOverWire, idsOfType, type WireRun } from './wire-run.js';

/**
 * S3 Multi-Region Access Points driven over HTTP with the real S3 Control
 * client: a throttled list or policy read is retried and changes nothing, a
 * denied list is a recorded collection error, never an account without any.
 */

const TYPE = 'AWS::S3::MultiRegionAccessPoint';
const ON = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
const OFF = { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false };

/** A locked and an open bucket, an account that restricts nothing, and a Multi-Region Access Point over each bucket. */
function account(): AccountState {
  const state = emptyAccount();
  const created = new Date('2025-01-02T03:04:05.000Z');
  state.buckets.set('wire-orders', { name: 'wire-orders', region: REGION, created, publicAccessBlock: ON });
  state.buckets.set('wire-media', { name: 'wire-media', region: REGION, created, publicAccessBlock: OFF });
  state.accountPublicAccessBlock = OFF;
  const publicRead = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3::${ACCOUNT}:accesspoint/mwirepub1234a.mrap/object/*` }] });
  state.multiRegionAccessPoints = [
    { name: 'wire-private', alias: 'mwirepriv123a.mrap', created, status: 'READY', publicAccessBlock: ON, regions: [{ bucket: 'wire-orders', region: REGION, bucketAccountId: ACCOUNT }] },
    {
      name: 'wire-public',
      alias: 'mwirepub1234a.mrap',
      created,
      status: 'READY',
      publicAccessBlock: { ...ON, blockPublicPolicy: false, restrictPublicBuckets: false },
      regions: [{ bucket: 'wire-media', region: REGION, bucketAccountId: ACCOUNT }],
      policy: publicRead,
      policyIsPublic: true,
    },
  ];
  return state;
}

const collect = (faults: Faults): Promise<WireRun> => collectOverWire(account(), ['s3'], faults);

describe('S3 Multi-Region Access Points over the wire', () => {
  it('retries a throttled list page and policy read, and reads each access point as S3 Control returns it', async () => {
    const run = await collect({
      throttle: { 's3control:ListMultiRegionAccessPoints': { times: 1 }, 's3control:GetMultiRegionAccessPointPolicy': { times: 1, where: 'wire-public' } },
      pageSize: { 's3control:ListMultiRegionAccessPoints': 1 },
    });
    // One throttled answer, then the two pages.
    expect(run.fake.calls('s3control:ListMultiRegionAccessPoints')).toEqual({ total: 3, faulted: 1 });
    expect(run.fake.calls('s3control:GetMultiRegionAccessPointPolicy')).toEqual({ total: 3, faulted: 1 });
    // The private one has no policy, so only the public one's status is asked for.
    expect(run.fake.calls('s3control:GetMultiRegionAccessPointPolicyStatus')).toEqual({ total: 1, faulted: 0 });
    expect(run.snapshot.header.errors).toEqual([]);
    expectValid(run.snapshot.resources);
    expect(idsOfType(run.snapshot, TYPE)).toEqual(['wire-private', 'wire-public']);
    const open = byId(run.snapshot.resources, TYPE, 'wire-public');
    expect(open).toMatchObject({ region: 'global', arn: `arn:aws:s3::${ACCOUNT}:accesspoint/mwirepub1234a.mrap` });
    expect(open.properties).toMatchObject({
      status: 'READY',
      creationDate: '2025-01-02T03:04:05.000Z',
      publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: false },
      regions: [{ bucket: 'wire-media', bucketArn: 'arn:aws:s3:::wire-media', region: REGION, bucketAccountId: ACCOUNT }],
      policy: { Statement: [expect.objectContaining({ Principal: '*' })] },
      policyStatus: { isPublic: true },
    });
    expect(byId(run.snapshot.resources, TYPE, 'wire-private').properties).toMatchObject({ policy: null, policyStatus: null });
    expect(run.verdict('s3-multi-region-access-point-block-public-access', 'wire-private')).toBe('PASS');
    expect(run.verdict('s3-multi-region-access-point-block-public-access', 'wire-public')).toBe('FAIL');
    expect(run.verdict('s3-multi-region-access-point-policy-not-public', 'wire-private')).toBe('PASS');
    // The account restricts nothing and the bucket behind it is open: the public policy takes effect.
    expect(run.verdict('s3-multi-region-access-point-policy-not-public', 'wire-public')).toBe('FAIL');
  }, 60_000);

  it('records a denied list as a collection error, with no access point and no verdict on one, and still reads the buckets', async () => {
    const run = await collect({ deny: ['s3control:ListMultiRegionAccessPoints'] });
    const error = expect.objectContaining({ operation: 's3control:ListMultiRegionAccessPoints', code: 'AccessDenied', service: 's3', accountId: ACCOUNT });
    expect(run.snapshot.header.errors).toEqual([error]);
    expect(run.collectionErrors).toEqual([error]);
    expect(idsOfType(run.snapshot, TYPE)).toEqual([]);
    expect(run.verdict('s3-multi-region-access-point-block-public-access', 'wire-public')).toBeUndefined();
    expect(idsOfType(run.snapshot, 'AWS::S3::Bucket')).toEqual(['wire-media', 'wire-orders']);
  }, 60_000);
});
