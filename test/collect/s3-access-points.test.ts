import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import {
  GetAccessPointCommand,
  GetAccessPointPolicyCommand,
  GetAccessPointPolicyStatusCommand,
  GetPublicAccessBlockCommand as GetAccountPabCommand,
  ListAccessPointsCommand,
  ListMultiRegionAccessPointsCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import { s3Collector } from '../../src/collect/s3.js';
import type { Resource } from '../../src/inventory/resource.js';
import { ACCOUNT, awsError, byId, collectValid, fixture } from './helpers.js';

const s3 = mockClient(S3Client);
const control = mockClient(S3ControlClient);

/** Two pages of access points in eu-west-1, each with its recorded settings; an account without buckets. */
function recorded(): void {
  s3.on(ListBucketsCommand).resolves({ Buckets: [] });
  control.on(GetAccountPabCommand).resolves(fixture('s3control.GetPublicAccessBlock'));
  control.on(ListAccessPointsCommand).resolves({ AccessPointList: [] });
  control.on(ListMultiRegionAccessPointsCommand).resolves({ AccessPoints: [] });
  control.on(ListAccessPointsCommand, { AccountId: ACCOUNT, MaxResults: 1000 }, true).resolves(fixture('s3control.ListAccessPoints_1'));
  control.on(ListAccessPointsCommand, { NextToken: 'ap-page-2' }).resolves(fixture('s3control.ListAccessPoints_2'));
  control.on(GetAccessPointCommand, { Name: 'finance-reports' }).resolves(fixture('s3control.GetAccessPoint_1'));
  control.on(GetAccessPointCommand, { Name: 'vpc-ingest' }).resolves(fixture('s3control.GetAccessPoint_2'));
  control.on(GetAccessPointPolicyCommand, { Name: 'finance-reports' }).resolves(fixture('s3control.GetAccessPointPolicy'));
  control.on(GetAccessPointPolicyCommand, { Name: 'vpc-ingest' }).rejects(awsError('NoSuchAccessPointPolicy', 404));
  control.on(GetAccessPointPolicyStatusCommand).resolves(fixture('s3control.GetAccessPointPolicyStatus'));
}

const points = (resources: Resource[]) => resources.filter((r) => r.resourceType === 'AWS::S3::AccessPoint');

beforeEach(() => {
  s3.reset();
  control.reset();
});
afterEach(() => {
  s3.reset();
  control.reset();
});

describe('s3 access points', () => {
  it('reads both pages of access points in a selected Region other than the home one and maps their settings and policy', async () => {
    recorded();
    const { resources, errors } = await collectValid(s3Collector, 'us-east-1', ['eu-west-1']);
    expect(errors).toEqual([]);
    expect(points(resources).map((r) => r.resourceId)).toEqual(['finance-reports', 'vpc-ingest']);
    expect(control.commandCalls(ListAccessPointsCommand)).toHaveLength(2);
    const open = byId(resources, 'AWS::S3::AccessPoint', 'finance-reports');
    expect(open).toMatchObject({ region: 'eu-west-1', arn: 'arn:aws:s3:eu-west-1:123456789012:accesspoint/finance-reports', accountId: ACCOUNT });
    expect(open.properties).toEqual({
      bucket: 'alpha-logs',
      bucketAccountId: '123456789012',
      networkOrigin: 'Internet',
      vpcId: null,
      creationDate: '2025-03-04T09:00:00.000Z',
      publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: false },
      policy: { Version: '2012-10-17', Statement: [expect.objectContaining({ Principal: '*', Action: 's3:GetObject' })] },
      policyStatus: { isPublic: true },
    });
    // The detail calls go to the access point's own Region.
    const detail = control.commandCalls(GetAccessPointCommand, { Name: 'finance-reports' })[0]!;
    expect(await (detail.thisValue as S3ControlClient).config.region()).toBe('eu-west-1');
  });

  it('reads NoSuchAccessPointPolicy as no policy and then does not ask for its status', async () => {
    recorded();
    const { resources, errors } = await collectValid(s3Collector, 'eu-west-1', ['eu-west-1']);
    expect(errors).toEqual([]);
    const closed = byId(resources, 'AWS::S3::AccessPoint', 'vpc-ingest');
    expect(closed.errors).toBeUndefined();
    expect(closed.properties).toMatchObject({ networkOrigin: 'VPC', vpcId: 'vpc-0a1b2c3d4e5f60718', policy: null, policyStatus: null });
    expect(control.commandCalls(GetAccessPointPolicyStatusCommand, { Name: 'vpc-ingest' })).toHaveLength(0);
  });

  it('leaves the settings unknown, not off, when GetAccessPoint lacks them, and records a denied policy on the property', async () => {
    recorded();
    control.on(GetAccessPointCommand, { Name: 'finance-reports' }).resolves({ Name: 'finance-reports', Bucket: 'alpha-logs', NetworkOrigin: 'Internet' });
    control.on(GetAccessPointPolicyCommand, { Name: 'finance-reports' }).rejects(awsError('AccessDenied', 403, 'Access Denied'));
    const { resources } = await collectValid(s3Collector, 'eu-west-1', ['eu-west-1']);
    const odd = byId(resources, 'AWS::S3::AccessPoint', 'finance-reports');
    expect(odd.properties).toEqual({ bucket: 'alpha-logs' });
    expect(odd.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ property: 'publicAccessBlock', operation: 's3control:GetAccessPoint', code: 'IncompleteResponse' }),
        expect.objectContaining({ property: 'policy', operation: 's3control:GetAccessPointPolicy', code: 'AccessDenied' }),
      ]),
    );
    expect(odd.errors!.some((e) => e.property === 'policyStatus')).toBe(false);
  });

  it('records a denied list as an error of its Region, with no access point', async () => {
    recorded();
    control.on(ListAccessPointsCommand, { AccountId: ACCOUNT, MaxResults: 1000 }, true).rejects(awsError('AccessDenied', 403, 'Access Denied'));
    control.on(ListAccessPointsCommand, { AccountId: ACCOUNT, MaxResults: 1000, NextToken: undefined }, true).rejects(awsError('AccessDenied', 403, 'Access Denied'));
    const { resources, errors } = await collectValid(s3Collector, 'us-east-1', ['eu-west-1']);
    expect(points(resources)).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ operation: 's3control:ListAccessPoints', code: 'AccessDenied', region: 'eu-west-1', service: 's3' })]);
  });

  it('records an access point listed without its ARN for the Region instead of inventing one', async () => {
    recorded();
    control.on(ListAccessPointsCommand, { AccountId: ACCOUNT, MaxResults: 1000 }, true).resolves({ AccessPointList: [{ Name: 'no-arn', Bucket: 'alpha-logs', NetworkOrigin: 'Internet' }] });
    const { resources, errors } = await collectValid(s3Collector, 'us-east-1', ['eu-west-1']);
    expect(points(resources)).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ operation: 's3control:ListAccessPoints', code: 'IncompleteResponse', region: 'eu-west-1' })]);
  });
});
