import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DescribeAccountSettingsCommand,
  DescribeKeyRegistrationCommand,
  ListDataSourcesCommand,
  ListTagsForResourceCommand,
  ListVPCConnectionsCommand,
  QuickSightClient,
} from '@aws-sdk/client-quicksight';
import { quicksightCollector } from '../../src/collect/quicksight.js';
import { ACCOUNT, answerRecorded, awsError, byId, collectClean, collectValid, errorCodes, fixture } from './helpers.js';

const qs = mockClient(QuickSightClient);
const SETTINGS = 'AWS::QuickSight::AccountSettings';
const DS = 'AWS::QuickSight::DataSource';

function answerAll(): void {
  answerRecorded(qs, 'quicksight', [DescribeAccountSettingsCommand, DescribeKeyRegistrationCommand, ListVPCConnectionsCommand, ListTagsForResourceCommand]);
  qs.on(ListDataSourcesCommand).resolves(fixture('quicksight.ListDataSources_1')).on(ListDataSourcesCommand, { NextToken: 'page-2' }).resolves(fixture('quicksight.ListDataSources_2'));
}

beforeEach(() => qs.reset());

describe('quicksight collector', () => {
  it('reads the account settings, the SPICE key, every page of data sources and the VPC connections', async () => {
    answerAll();
    const resources = await collectClean(quicksightCollector);
    expect(byId(resources, SETTINGS, ACCOUNT)).toMatchObject({
      arn: `arn:aws:quicksight:eu-west-1:${ACCOUNT}:account/${ACCOUNT}`,
      properties: {
        subscribed: true,
        edition: 'ENTERPRISE',
        publicSharingEnabled: true,
        terminationProtectionEnabled: true,
        spiceKmsKeyArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/5a1b2c3d-0000-4000-8000-00000000aaaa`,
        registeredKeyArns: [`arn:aws:kms:eu-west-1:${ACCOUNT}:key/5a1b2c3d-0000-4000-8000-00000000aaaa`, `arn:aws:kms:eu-west-1:${ACCOUNT}:key/5a1b2c3d-0000-4000-8000-00000000bbbb`],
      },
    });
    expect(byId(resources, DS, 'sales-warehouse')).toMatchObject({
      tags: { team: 'bi' },
      properties: { dataSourceType: 'REDSHIFT', sslDisabled: false, vpcConnectionArn: `arn:aws:quicksight:eu-west-1:${ACCOUNT}:vpcConnection/bi-vpc` },
    });
    expect(byId(resources, DS, 'legacy-postgres').properties).toMatchObject({ dataSourceType: 'POSTGRESQL', sslDisabled: true, vpcConnectionArn: null });
    // A source without SslProperties uses SSL: QuickSight disables it only when told to.
    expect(byId(resources, DS, 'athena-lake').properties).toMatchObject({ sslDisabled: false });
    expect(byId(resources, 'AWS::QuickSight::VPCConnection', 'bi-vpc').properties).toMatchObject({ vpcId: 'vpc-0a1b2c3d4e5f60718', securityGroupIds: ['sg-0123456789abcdef0'] });
    // Hosts and credentials of the data sources are not collected.
    expect(JSON.stringify(resources)).not.toContain('10.0.3.17');
  });

  it('records an account without a QuickSight subscription as not subscribed, and lists nothing else', async () => {
    qs.on(DescribeAccountSettingsCommand).rejects(awsError('ResourceNotFoundException', 404));
    const { resources, errors } = await collectValid(quicksightCollector);
    expect(errors).toEqual([]);
    expect(resources).toHaveLength(1);
    expect(resources[0]).toMatchObject({ resourceType: SETTINGS, properties: { subscribed: false } });
    expect(resources[0]?.errors).toBeUndefined();
    expect(qs.commandCalls(ListDataSourcesCommand)).toHaveLength(0);
  });

  it('reads no registered key as SPICE under a key QuickSight owns', async () => {
    answerAll();
    qs.on(DescribeKeyRegistrationCommand).resolves({ AwsAccountId: ACCOUNT, Status: 200 });
    const resources = await collectClean(quicksightCollector);
    expect(byId(resources, SETTINGS, ACCOUNT).properties).toMatchObject({ spiceKmsKeyArn: null, registeredKeyArns: [] });
  });

  it('leaves the settings unknown when they cannot be read, and still lists data sources', async () => {
    answerAll();
    qs.on(DescribeAccountSettingsCommand).rejects(awsError('AccessDeniedException', 403));
    qs.on(DescribeKeyRegistrationCommand).rejects(awsError('AccessDeniedException', 403));
    const resources = await collectClean(quicksightCollector);
    const settings = byId(resources, SETTINGS, ACCOUNT);
    expect(settings.properties).toEqual({});
    expect(errorCodes(settings)).toEqual([
      'subscribed:AccessDeniedException',
      'edition:AccessDeniedException',
      'publicSharingEnabled:AccessDeniedException',
      'terminationProtectionEnabled:AccessDeniedException',
      'spiceKmsKeyArn:AccessDeniedException',
      'registeredKeyArns:AccessDeniedException',
    ]);
    expect(byId(resources, DS, 'legacy-postgres').properties.sslDisabled).toBe(true);
  });

  it('does not read a missing public sharing flag as off', async () => {
    answerAll();
    qs.on(DescribeAccountSettingsCommand).resolves({ AccountSettings: { Edition: 'ENTERPRISE', TerminationProtectionEnabled: false }, Status: 200 });
    const resources = await collectClean(quicksightCollector);
    const settings = byId(resources, SETTINGS, ACCOUNT);
    expect(settings.properties).not.toHaveProperty('publicSharingEnabled');
    expect(errorCodes(settings)).toEqual(['publicSharingEnabled:NotReported']);
  });
});
