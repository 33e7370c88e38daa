import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DescribeClusterCommand,
  DescribeSecurityConfigurationCommand,
  EMRClient,
  GetBlockPublicAccessConfigurationCommand,
  ListClustersCommand,
  ListSecurityConfigurationsCommand,
} from '@aws-sdk/client-emr';
import { emrCollector } from '../../src/collect/emr.js';
import { awsError, byId, collectClean, collectValid, expectValid, fixture, testContext } from './helpers.js';

const emr = mockClient(EMRClient);
const T = 'AWS::EMR::SecurityConfiguration';
const C = 'AWS::EMR::Cluster';
const B = 'AWS::EMR::BlockPublicAccessConfiguration';
const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function recorded(): void {
  emr.on(ListSecurityConfigurationsCommand).resolves(fixture('emr.ListSecurityConfigurations_1'));
  emr.on(ListSecurityConfigurationsCommand, { Marker: 'sc-2' }).resolves(fixture('emr.ListSecurityConfigurations_2'));
  emr.on(DescribeSecurityConfigurationCommand, { Name: 'analytics-secure' }).resolves(fixture('emr.DescribeSecurityConfiguration_1'));
  emr.on(DescribeSecurityConfigurationCommand, { Name: 'legacy-s3-only' }).resolves(fixture('emr.DescribeSecurityConfiguration_2'));
}

beforeEach(() => {
  emr.reset();
  // Security configuration tests run in a region without clusters unless a test records some.
  emr.on(ListClustersCommand).resolves({ Clusters: [] });
  emr.on(GetBlockPublicAccessConfigurationCommand).resolves(fixture('emr.GetBlockPublicAccessConfiguration'));
});

function recordedClusters(): void {
  emr.on(ListClustersCommand).resolves(fixture('emr.ListClusters_1'));
  emr.on(ListClustersCommand, { Marker: 'clusters-2' }).resolves(fixture('emr.ListClusters_2'));
  emr.on(DescribeClusterCommand, { ClusterId: 'j-1ANALYTICS01' }).resolves(fixture('emr.DescribeCluster_1'));
  emr.on(DescribeClusterCommand, { ClusterId: 'j-2ADHOC000002' }).resolves(fixture('emr.DescribeCluster_2'));
}

describe('emr collector', () => {
  it('reads both pages of security configurations and keeps only their encryption settings', async () => {
    recorded();
    const resources = await collectClean(emrCollector);
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

  it('returns only the block public access setting for a region without security configurations or clusters', async () => {
    emr.on(ListSecurityConfigurationsCommand).resolves({ SecurityConfigurations: [] });
    expect((await collectClean(emrCollector)).map((r) => r.resourceType)).toEqual([B]);
  });

  it("reads the region's block public access configuration with the ports it still lets through", async () => {
    emr.on(ListSecurityConfigurationsCommand).resolves({ SecurityConfigurations: [] });
    const setting = byId(await collectClean(emrCollector), B, 'eu-west-1');
    expect(setting.arn).toBe('arn:aws:elasticmapreduce:eu-west-1:123456789012:block-public-access-configuration');
    expect(setting.properties).toEqual({
      blockPublicSecurityGroupRules: true,
      permittedPublicSecurityGroupRuleRanges: [
        { minRange: 22, maxRange: 22 },
        { minRange: 8443, maxRange: null },
      ],
    });
  });

  it('leaves the block public access setting unknown, not off, when the answer lacks it or the call is denied', async () => {
    emr.on(ListSecurityConfigurationsCommand).resolves({ SecurityConfigurations: [] });
    emr.on(GetBlockPublicAccessConfigurationCommand).resolves({ BlockPublicAccessConfiguration: { PermittedPublicSecurityGroupRuleRanges: [] } } as never);
    const odd = byId((await collectValid(emrCollector)).resources, B, 'eu-west-1');
    expect(odd.properties).toEqual({});
    expect(odd.errors?.map((e) => `${e.property}:${e.code}`)).toEqual(['blockPublicSecurityGroupRules:IncompleteResponse', 'permittedPublicSecurityGroupRuleRanges:IncompleteResponse']);
    emr.on(GetBlockPublicAccessConfigurationCommand).rejects(awsError('AccessDeniedException'));
    const denied = byId((await collectValid(emrCollector)).resources, B, 'eu-west-1');
    expect(denied.properties).toEqual({});
    expect(denied.errors?.map((e) => e.code)).toEqual(['AccessDeniedException', 'AccessDeniedException']);
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

  it('reads both pages of active clusters with the security configuration each uses, and no Kerberos secret', async () => {
    recorded();
    recordedClusters();
    const resources = await collectClean(emrCollector);
    for (const call of emr.commandCalls(ListClustersCommand)) expect(call.args[0].input.ClusterStates).toEqual(['STARTING', 'BOOTSTRAPPING', 'RUNNING', 'WAITING']);
    const nightly = byId(resources, C, 'j-1ANALYTICS01');
    expect(nightly).toMatchObject({ name: 'analytics-nightly', arn: 'arn:aws:elasticmapreduce:eu-west-1:123456789012:cluster/j-1ANALYTICS01', tags: { owner: 'analytics', env: 'prod' } });
    expect(nightly.properties).toEqual({ clusterId: 'j-1ANALYTICS01', name: 'analytics-nightly', state: 'WAITING', releaseLabel: 'emr-7.2.0', securityConfiguration: 'analytics-secure', kerberosEnabled: true });
    expect(byId(resources, C, 'j-2ADHOC000002').properties).toMatchObject({ state: 'RUNNING', securityConfiguration: null, kerberosEnabled: false });
    const text = JSON.stringify(resources);
    for (const secret of ['planted-Kdc-Secret', 'planted-Join-Secret', 'svc-emr-join', 'EC2.INTERNAL']) expect(text).not.toContain(secret);
  });

  it('keeps a cluster whose description is denied, with its settings absent and recorded', async () => {
    recordedClusters();
    emr.on(ListSecurityConfigurationsCommand).resolves({ SecurityConfigurations: [] });
    emr.on(DescribeClusterCommand, { ClusterId: 'j-2ADHOC000002' }).rejects(awsError('AccessDeniedException'));
    const { ctx } = testContext('emr');
    const resources = await emrCollector.collect(ctx);
    expectValid(resources);
    const adhoc = byId(resources, C, 'j-2ADHOC000002');
    expect(adhoc.properties).toEqual({ clusterId: 'j-2ADHOC000002', name: 'adhoc-spark' });
    expect(adhoc.errors?.map((e) => e.property)).toEqual(['state', 'releaseLabel', 'securityConfiguration', 'kerberosEnabled', 'tags']);
    expect(adhoc.errors?.[0]).toMatchObject({ operation: 'emr:DescribeCluster', code: 'AccessDeniedException' });
    expect(byId(resources, C, 'j-1ANALYTICS01').errors).toBeUndefined();
  });

  it('records a denied cluster list for the region and still returns the security configurations', async () => {
    recorded();
    emr.on(ListClustersCommand).rejects(awsError('AccessDeniedException'));
    const { ctx, errors } = testContext('emr');
    const resources = await emrCollector.collect(ctx);
    expect(resources.map((r) => r.resourceType)).toEqual([T, T, B]);
    expect(errors).toMatchObject([{ operation: 'emr:ListClusters', code: 'AccessDeniedException', service: 'emr' }]);
  });
});
