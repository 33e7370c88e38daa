import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { AthenaClient, GetWorkGroupCommand, ListTagsForResourceCommand, ListWorkGroupsCommand } from '@aws-sdk/client-athena';
import { athenaCollector } from '../../src/collect/athena.js';
import { awsError, byId, collectClean, errorCodes, expectNothingCollected, fixture, testContext } from './helpers.js';

const athena = mockClient(AthenaClient);
const T = 'AWS::Athena::WorkGroup';

function recorded(): void {
  athena.on(ListWorkGroupsCommand).resolves(fixture('athena.ListWorkGroups_1'));
  athena.on(ListWorkGroupsCommand, { NextToken: 'wg-2' }).resolves(fixture('athena.ListWorkGroups_2'));
  athena.on(GetWorkGroupCommand, { WorkGroup: 'primary' }).resolves(fixture('athena.GetWorkGroup_1'));
  athena.on(GetWorkGroupCommand, { WorkGroup: 'finance-adhoc' }).resolves(fixture('athena.GetWorkGroup_2'));
  athena.on(ListTagsForResourceCommand).resolves({ Tags: [] });
  athena.on(ListTagsForResourceCommand, { ResourceARN: 'arn:aws:athena:eu-west-1:123456789012:workgroup/finance-adhoc' }).resolves(fixture('athena.ListTagsForResource'));
}

beforeEach(() => athena.reset());

describe('athena collector', () => {
  it('reads both pages of workgroups with their result encryption and enforcement', async () => {
    recorded();
    const resources = await collectClean(athenaCollector);
    expect(byId(resources, T, 'finance-adhoc')).toMatchObject({
      tags: { 'data-classification': 'confidential' },
      properties: {
        enforceWorkGroupConfiguration: true,
        outputLocation: 's3://finance-athena-results/',
        resultEncryption: { option: 'SSE_KMS', kmsKey: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
      },
    });
    expect(byId(resources, T, 'primary').properties).toEqual({
      workGroupName: 'primary',
      state: 'ENABLED',
      enforceWorkGroupConfiguration: false,
      outputLocation: 's3://athena-results-123456789012/',
      resultEncryption: null,
    });
  });

  it('returns nothing for a region without workgroups', async () => {
    athena.on(ListWorkGroupsCommand).resolves({ WorkGroups: [] });
    await expectNothingCollected(athenaCollector);
  });

  it('leaves the settings absent and recorded when GetWorkGroup is denied', async () => {
    recorded();
    athena.on(GetWorkGroupCommand, { WorkGroup: 'primary' }).rejects(awsError('AccessDeniedException'));
    const { ctx } = testContext('athena');
    const primary = byId(await athenaCollector.collect(ctx), T, 'primary');
    expect(primary.properties).toEqual({ workGroupName: 'primary' });
    expect(errorCodes(primary)).toEqual([
      'state:AccessDeniedException',
      'enforceWorkGroupConfiguration:AccessDeniedException',
      'outputLocation:AccessDeniedException',
      'resultEncryption:AccessDeniedException',
    ]);
  });
});
