import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import {
  GetMultiRegionAccessPointPolicyCommand,
  GetMultiRegionAccessPointPolicyStatusCommand,
  GetPublicAccessBlockCommand as GetAccountPabCommand,
  ListAccessPointsCommand,
  ListMultiRegionAccessPointsCommand,
  S3ControlClient,
  type ListMultiRegionAccessPointsResult,
  type MultiRegionAccessPointReport,
} from '@aws-sdk/client-s3-control';
import { s3Collector } from '../../src/collect/s3.js';
import { multiRegionAccessPoints } from '../../src/collect/s3-multi-region-access-points.js';
import type { Resource } from '../../src/inventory/resource.js';
import { ACCOUNT, awsError, byId, collectValid, fixture, testContext } from './helpers.js';

const s3 = mockClient(S3Client);
const control = mockClient(S3ControlClient);
const TYPE = 'AWS::S3::MultiRegionAccessPoint';

/** A recorded list page, its CreatedAt as the SDK gives it (a Date). */
function listed(n: number): ListMultiRegionAccessPointsResult {
  const page: ListMultiRegionAccessPointsResult = fixture(`s3control.ListMultiRegionAccessPoints_${n}`);
  for (const p of page.AccessPoints ?? []) p.CreatedAt = new Date(p.CreatedAt as unknown as string);
  return page;
}

/** Two pages of Multi-Region Access Points: orders-global without a policy, media-public with a public one; an account without buckets or access points. */
function recorded(): void {
  s3.on(ListBucketsCommand).resolves({ Buckets: [] });
  control.on(GetAccountPabCommand).resolves(fixture('s3control.GetPublicAccessBlock'));
  control.on(ListAccessPointsCommand).resolves({ AccessPointList: [] });
  control.on(ListMultiRegionAccessPointsCommand, { AccountId: ACCOUNT }, true).resolves(listed(1));
  control.on(ListMultiRegionAccessPointsCommand, { AccountId: ACCOUNT, NextToken: 'mrap-page-2' }, true).resolves(listed(2));
  control.on(GetMultiRegionAccessPointPolicyCommand, { Name: 'orders-global' }).rejects(awsError('NoSuchMultiRegionAccessPointPolicy', 404));
  control.on(GetMultiRegionAccessPointPolicyCommand, { Name: 'media-public' }).resolves(fixture('s3control.GetMultiRegionAccessPointPolicy'));
  control.on(GetMultiRegionAccessPointPolicyStatusCommand, { Name: 'media-public' }).resolves(fixture('s3control.GetMultiRegionAccessPointPolicyStatus'));
}

const points = (resources: Resource[]) => resources.filter((r) => r.resourceType === TYPE);

beforeEach(() => {
  s3.reset();
  control.reset();
});
afterEach(() => {
  s3.reset();
  control.reset();
});

describe('s3 Multi-Region Access Points', () => {
  it('reads both pages from us-west-2 whatever Regions are selected, and places the access points in region global', async () => {
    recorded();
    const { resources, errors } = await collectValid(s3Collector, 'eu-west-1', ['eu-west-1']);
    expect(errors).toEqual([]);
    expect(points(resources).map((r) => r.resourceId)).toEqual(['media-public', 'orders-global']);
    expect(control.commandCalls(ListMultiRegionAccessPointsCommand)).toHaveLength(2);
    for (const call of [...control.commandCalls(ListMultiRegionAccessPointsCommand), ...control.commandCalls(GetMultiRegionAccessPointPolicyCommand)]) {
      expect(await (call.thisValue as S3ControlClient).config.region()).toBe('us-west-2');
    }
    const open = byId(resources, TYPE, 'media-public');
    expect(open).toMatchObject({ region: 'global', accountId: ACCOUNT, name: 'media-public', arn: 'arn:aws:s3::123456789012:accesspoint/mh4kq8vy2cbnr.mrap' });
    expect(open.errors).toBeUndefined();
    expect(open.properties).toEqual({
      alias: 'mh4kq8vy2cbnr.mrap',
      status: 'READY',
      creationDate: '2025-08-19T14:40:00.000Z',
      publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: false },
      regions: [
        { bucket: 'media-eu', bucketArn: 'arn:aws:s3:::media-eu', region: 'eu-west-1', bucketAccountId: '123456789012' },
        { bucket: 'partner-media-ap', bucketArn: 'arn:aws:s3:::partner-media-ap', region: 'ap-southeast-2', bucketAccountId: '444455556666' },
      ],
      // The established policy, not the proposed one.
      policy: { Version: '2012-10-17', Statement: [expect.objectContaining({ Principal: '*', Action: 's3:GetObject' })] },
      policyStatus: { isPublic: true },
    });
  });

  it('reads NoSuchMultiRegionAccessPointPolicy as no policy and then does not ask for its status', async () => {
    recorded();
    const { resources, errors } = await collectValid(s3Collector, 'eu-west-1', ['eu-west-1']);
    expect(errors).toEqual([]);
    const closed = byId(resources, TYPE, 'orders-global');
    expect(closed.errors).toBeUndefined();
    expect(closed.properties).toMatchObject({ policy: null, policyStatus: null, publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true } });
    expect(control.commandCalls(GetMultiRegionAccessPointPolicyStatusCommand, { Name: 'orders-global' })).toHaveLength(0);
  });

  it('leaves the settings unknown, not off, when the list leaves one out, and the buckets unknown when one is unnamed', async () => {
    recorded();
    const odd: MultiRegionAccessPointReport = {
      Name: 'odd-one',
      Alias: 'modd1234567ab.mrap',
      Status: 'READY',
      PublicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true },
      Regions: [{ Region: 'eu-west-1' }],
    };
    control.on(ListMultiRegionAccessPointsCommand, { AccountId: ACCOUNT }, true).resolves({ AccessPoints: [odd] });
    control.on(GetMultiRegionAccessPointPolicyCommand, { Name: 'odd-one' }).rejects(awsError('NoSuchMultiRegionAccessPointPolicy', 404));
    const { resources } = await collectValid(s3Collector, 'eu-west-1', ['eu-west-1']);
    const point = byId(resources, TYPE, 'odd-one');
    expect(point.properties).toEqual({ alias: 'modd1234567ab.mrap', status: 'READY', creationDate: null, policy: null, policyStatus: null });
    expect(point.errors).toEqual([
      expect.objectContaining({ property: 'publicAccessBlock', operation: 's3control:ListMultiRegionAccessPoints', code: 'IncompleteResponse', message: expect.stringContaining('RestrictPublicBuckets') }),
      expect.objectContaining({ property: 'regions', operation: 's3control:ListMultiRegionAccessPoints', code: 'IncompleteResponse' }),
    ]);
  });

  it('records a denied policy on the property, and a policy only proposed as not known, never as none', async () => {
    recorded();
    control.on(GetMultiRegionAccessPointPolicyCommand, { Name: 'media-public' }).rejects(awsError('AccessDenied', 403, 'Access Denied'));
    control.on(GetMultiRegionAccessPointPolicyCommand, { Name: 'orders-global' }).resolves({ Policy: { Proposed: { Policy: '{"Version":"2012-10-17","Statement":[]}' } } });
    const { resources } = await collectValid(s3Collector, 'eu-west-1', ['eu-west-1']);
    const denied = byId(resources, TYPE, 'media-public');
    expect(denied.properties).not.toHaveProperty('policy');
    expect(denied.properties).not.toHaveProperty('policyStatus');
    expect(denied.errors).toEqual([expect.objectContaining({ property: 'policy', operation: 's3control:GetMultiRegionAccessPointPolicy', code: 'AccessDenied' })]);
    const pending = byId(resources, TYPE, 'orders-global');
    expect(pending.properties).not.toHaveProperty('policy');
    expect(pending.errors).toEqual([expect.objectContaining({ property: 'policy', code: 'PolicyNotEstablished' })]);
    expect(control.commandCalls(GetMultiRegionAccessPointPolicyStatusCommand)).toHaveLength(0);
  });

  it('records a status answer without its verdict as unknown, not as not public', async () => {
    recorded();
    control.on(GetMultiRegionAccessPointPolicyStatusCommand, { Name: 'media-public' }).resolves({ Established: {} });
    const { resources } = await collectValid(s3Collector, 'eu-west-1', ['eu-west-1']);
    const point = byId(resources, TYPE, 'media-public');
    expect(point.properties).not.toHaveProperty('policyStatus');
    expect(point.errors).toEqual([expect.objectContaining({ property: 'policyStatus', code: 'IncompleteResponse' })]);
  });

  it('records a denied list as an error of the account, with no access point, and still reads the rest of S3', async () => {
    recorded();
    control.on(ListMultiRegionAccessPointsCommand, { AccountId: ACCOUNT }, true).rejects(awsError('AccessDenied', 403, 'Access Denied'));
    const { resources, errors } = await collectValid(s3Collector, 'eu-west-1', ['eu-west-1']);
    expect(points(resources)).toEqual([]);
    expect(resources.map((r) => r.resourceType)).toEqual(['AWS::S3::AccountPublicAccessBlock']);
    expect(errors).toEqual([expect.objectContaining({ operation: 's3control:ListMultiRegionAccessPoints', code: 'AccessDenied', service: 's3' })]);
  });

  it('records access points listed without their name or alias instead of inventing an ARN', async () => {
    recorded();
    control.on(ListMultiRegionAccessPointsCommand, { AccountId: ACCOUNT }, true).resolves({ AccessPoints: [{ Name: 'no-alias', Status: 'READY' }, { Alias: 'mnoname12345a.mrap' }] });
    const { resources, errors } = await collectValid(s3Collector, 'eu-west-1', ['eu-west-1']);
    expect(points(resources)).toEqual([]);
    expect(errors).toEqual([
      expect.objectContaining({ operation: 's3control:ListMultiRegionAccessPoints', code: 'IncompleteResponse', message: expect.stringContaining('Name') }),
      expect.objectContaining({ operation: 's3control:ListMultiRegionAccessPoints', code: 'IncompleteResponse', message: expect.stringContaining('Alias') }),
    ]);
  });

  it('does not ask in a partition whose control-plane Region is not documented, and counts what it left out', async () => {
    const { ctx, skipped, errors } = testContext('s3');
    const found = await multiRegionAccessPoints({ ...ctx, partition: 'aws-cn' });
    expect(found).toEqual([]);
    expect(control.commandCalls(ListMultiRegionAccessPointsCommand)).toHaveLength(0);
    expect(skipped).toEqual({ 'AWS::S3::MultiRegionAccessPoint lists in partition aws-cn (no documented control-plane Region)': 1 });
    expect(errors).toEqual([]);
  });
});
