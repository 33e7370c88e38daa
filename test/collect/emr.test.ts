import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeSecurityConfigurationCommand, EMRClient, ListSecurityConfigurationsCommand } from '@aws-sdk/client-emr';
import { emrCollector } from '../../src/collect/emr.js';
import { awsError, byId, expectValid, fixture, testContext } from './helpers.js';

const emr = mockClient(EMRClient);
const T = 'AWS::EMR::SecurityConfiguration';
const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function recorded(): void {
  emr.on(ListSecurityConfigurationsCommand).resolves(fixture('emr.ListSecurityConfigurations_1'));
  emr.on(ListSecurityConfigurationsCommand, { Marker: 'sc-2' }).resolves(fixture('emr.ListSecurityConfigurations_2'));
  emr.on(DescribeSecurityConfigurationCommand, { Name: 'analytics-secure' }).resolves(fixture('emr.DescribeSecurityConfiguration_1'));
  emr.on(DescribeSecurityConfigurationCommand, { Name: 'legacy-s3-only' }).resolves(fixture('emr.DescribeSecurityConfiguration_2'));
}

beforeEach(() => emr.reset());

describe('emr collector', () => {
  it('reads both pages of security configurations and keeps only their encryption settings', async () => {
    recorded();
    const { ctx, errors } = testContext('emr');
    const resources = await emrCollector.collect(ctx);
    expectValid(resources);
    expect(errors).toEqual([]);
    expect(byId(resources, T, 'analytics-secure').properties).toEqual({
      name: 'analytics-secure',
      atRestEncryptionEnabled: true,
      inTransitEncryptionEnabled: true,
      s3EncryptionMode: 'SSE-KMS',
      s3KmsKey: KEY,
      localDiskEncryption: { keyProviderType: 'AwsKms', kmsKey: KEY, ebsEncryption: true },
    });
    expect(byId(resources, T, 'legacy-s3-only').properties).toMatchObject({ inTransitEncryptionEnabled: false, s3EncryptionMode: 'SSE-S3', localDiskEncryption: null });
    // The certificate location and the rest of the document are not part of the model.
    expect(JSON.stringify(resources)).not.toContain('certs.zip');
  });

  it('returns nothing for a region without security configurations', async () => {
    emr.on(ListSecurityConfigurationsCommand).resolves({ SecurityConfigurations: [] });
    const { ctx, errors } = testContext('emr');
    expect(await emrCollector.collect(ctx)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('leaves every setting absent and recorded when the description is denied or not JSON', async () => {
    recorded();
    emr.on(DescribeSecurityConfigurationCommand, { Name: 'analytics-secure' }).rejects(awsError('AccessDeniedException'));
    emr.on(DescribeSecurityConfigurationCommand, { Name: 'legacy-s3-only' }).resolves({ Name: 'legacy-s3-only', SecurityConfiguration: '{not json' });
    const { ctx } = testContext('emr');
    const resources = await emrCollector.collect(ctx);
    expectValid(resources);
    expect(byId(resources, T, 'analytics-secure').properties).toEqual({ name: 'analytics-secure' });
    expect(byId(resources, T, 'analytics-secure').errors).toHaveLength(5);
    expect(byId(resources, T, 'legacy-s3-only').errors?.[0]).toMatchObject({ code: 'InvalidDocument', property: 'atRestEncryptionEnabled' });
  });
});
