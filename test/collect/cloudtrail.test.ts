import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, ListTagsCommand } from '@aws-sdk/client-cloudtrail';
import { cloudtrailCollector, managementCoverage } from '../../src/collect/cloudtrail.js';
import { awsError, byId, collectValid, fixture, testContext } from './helpers.js';

const ct = mockClient(CloudTrailClient);
const T = 'AWS::CloudTrail::Trail';
const AUDIT = 'arn:aws:cloudtrail:eu-west-1:123456789012:trail/org-audit';
const DATA = 'arn:aws:cloudtrail:eu-west-1:123456789012:trail/data-events';

function recorded(): void {
  ct.on(DescribeTrailsCommand).resolves(fixture('cloudtrail.DescribeTrails'));
  ct.on(GetTrailStatusCommand).resolves(fixture('cloudtrail.GetTrailStatus'));
  ct.on(GetTrailStatusCommand, { Name: DATA }).resolves({ IsLogging: false });
  ct.on(GetEventSelectorsCommand, { TrailName: AUDIT }).resolves(fixture('cloudtrail.GetEventSelectors_1'));
  ct.on(GetEventSelectorsCommand, { TrailName: DATA }).resolves(fixture('cloudtrail.GetEventSelectors_2'));
  ct.on(ListTagsCommand).resolves({ ResourceTagList: [{ ResourceId: DATA, TagsList: [] }] });
  ct.on(ListTagsCommand, { ResourceIdList: [AUDIT] }).resolves(fixture('cloudtrail.ListTags'));
}

beforeEach(() => ct.reset());

describe('cloudtrail collector', () => {
  it('reads each trail of its home region with key, validation, logging status, management events and tags', async () => {
    recorded();
    const { resources, errors } = await collectValid(cloudtrailCollector);
    expect(errors).toEqual([]);
    expect(ct.commandCalls(DescribeTrailsCommand)[0]!.args[0].input).toEqual({ includeShadowTrails: false });
    expect(resources.map((r) => r.resourceId)).toEqual(['data-events', 'org-audit']);
    expect(byId(resources, T, 'org-audit')).toMatchObject({
      arn: AUDIT,
      tags: { owner: 'security' },
      properties: {
        isMultiRegionTrail: true,
        logFileValidationEnabled: true,
        kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        s3BucketName: 'acme-cloudtrail-logs',
        s3BucketArn: 'arn:aws:s3:::acme-cloudtrail-logs',
        isLogging: true,
        managementEvents: 'all',
        excludedManagementEventSources: [],
      },
    });
    expect(byId(resources, T, 'data-events').properties).toMatchObject({
      isMultiRegionTrail: false,
      logFileValidationEnabled: false,
      kmsKeyId: null,
      isLogging: false,
      managementEvents: 'write-only',
      excludedManagementEventSources: ['kms.amazonaws.com'],
    });
  });

  it('leaves the multi-Region and validation flags unknown when a trail lacks them, never false', async () => {
    recorded();
    ct.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: 'org-audit', TrailARN: AUDIT }] });
    const { ctx } = testContext('cloudtrail');
    const trail = byId(await cloudtrailCollector.collect(ctx), T, 'org-audit');
    expect(trail.properties).not.toHaveProperty('isMultiRegionTrail');
    expect(trail.properties).not.toHaveProperty('logFileValidationEnabled');
    expect(trail.properties.kmsKeyId).toBeNull();
  });

  it('records a denied status or selector read on the properties it would have filled', async () => {
    recorded();
    ct.on(GetTrailStatusCommand, { Name: AUDIT }).rejects(awsError('AccessDeniedException'));
    ct.on(GetEventSelectorsCommand, { TrailName: AUDIT }).resolves({ TrailARN: AUDIT });
    const { ctx } = testContext('cloudtrail');
    const trail = byId(await cloudtrailCollector.collect(ctx), T, 'org-audit');
    expect(trail.properties).not.toHaveProperty('isLogging');
    expect(trail.properties).not.toHaveProperty('managementEvents');
    expect(trail.errors?.map((e) => `${e.property}:${e.code}`)).toEqual(['isLogging:AccessDeniedException', 'managementEvents:IncompleteResponse', 'excludedManagementEventSources:IncompleteResponse']);
  });

  it('records a listed trail without an ARN, and an answer without its list, as scope errors', async () => {
    ct.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: 'no-arn' }] });
    const first = testContext('cloudtrail');
    expect(await cloudtrailCollector.collect(first.ctx)).toEqual([]);
    expect(first.errors).toEqual([expect.objectContaining({ operation: 'cloudtrail:DescribeTrails', code: 'IncompleteResponse' })]);
    ct.on(DescribeTrailsCommand).resolves({});
    const second = testContext('cloudtrail');
    expect(await cloudtrailCollector.collect(second.ctx)).toEqual([]);
    expect(second.errors).toEqual([expect.objectContaining({ operation: 'cloudtrail:DescribeTrails', code: 'IncompleteResponse' })]);
  });
});

describe('management event coverage', () => {
  it('reads basic selectors with their defaults, and combines read-only and write-only selectors into all', () => {
    expect(managementCoverage({ EventSelectors: [{}] }).managementEvents).toBe('all');
    expect(managementCoverage({ EventSelectors: [{ ReadWriteType: 'ReadOnly' }] }).managementEvents).toBe('read-only');
    expect(managementCoverage({ EventSelectors: [{ IncludeManagementEvents: false }] }).managementEvents).toBe('none');
    expect(managementCoverage({ EventSelectors: [{ ReadWriteType: 'ReadOnly' }, { ReadWriteType: 'WriteOnly' }] }).managementEvents).toBe('all');
  });

  it('counts only advanced selectors on the Management category', () => {
    const data = { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] };
    const management = { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] };
    expect(managementCoverage({ AdvancedEventSelectors: [data] }).managementEvents).toBe('none');
    expect(managementCoverage({ AdvancedEventSelectors: [data, management] }).managementEvents).toBe('all');
  });
});
