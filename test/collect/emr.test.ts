import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DescribeClusterCommand,
  DescribeSecurityConfigurationCommand,
  EMRClient,
  GetBlockPublicAccessConfigurationCommand,
  ListClustersCommand,
  ListInstancesCommand,
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
  emr.on(ListInstancesCommand, { ClusterId: 'j-1ANALYTICS01' }).resolves(fixture('emr.ListInstances_1'));
  emr.on(ListInstancesCommand, { ClusterId: 'j-1ANALYTICS01', Marker: 'instances-2' }).resolves(fixture('emr.ListInstances_2'));
  emr.on(ListInstancesCommand, { ClusterId: 'j-2ADHOC000002' }).resolves(fixture('emr.ListInstances_3'));
}

/** One WAITING instance-group cluster whose description is `cluster` (merged over the recorded one) and whose primary nodes are `instances`. */
function oneCluster(cluster: Record<string, unknown>, instances: unknown): void {
  emr.on(ListSecurityConfigurationsCommand).resolves({ SecurityConfigurations: [] });
  emr.on(ListClustersCommand).resolves(fixture('emr.ListClusters_2'));
  const recorded = fixture('emr.DescribeCluster_2');
  emr.on(DescribeClusterCommand).resolves({ Cluster: { ...recorded.Cluster, ...cluster } });
  emr.on(ListInstancesCommand).resolves(instances as never);
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
    expect(nightly.properties).toEqual({
      clusterId: 'j-1ANALYTICS01',
      name: 'analytics-nightly',
      state: 'WAITING',
      releaseLabel: 'emr-7.2.0',
      securityConfiguration: 'analytics-secure',
      kerberosEnabled: true,
      primaryNodes: [
        { ec2InstanceId: 'i-0a1b2c3d4e5f60101', publicIp: false },
        { ec2InstanceId: 'i-0a1b2c3d4e5f60102', publicIp: false },
        { ec2InstanceId: 'i-0a1b2c3d4e5f60103', publicIp: false },
      ],
    });
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
    expect(adhoc.errors?.map((e) => e.property)).toEqual(['state', 'releaseLabel', 'securityConfiguration', 'kerberosEnabled', 'primaryNodes', 'tags']);
    expect(adhoc.errors?.[0]).toMatchObject({ operation: 'emr:DescribeCluster', code: 'AccessDeniedException' });
    expect(byId(resources, C, 'j-1ANALYTICS01').errors).toBeUndefined();
  });

  it('asks for the live primary nodes by instance group or fleet type, as the cluster is built, and keeps no address', async () => {
    recordedClusters();
    emr.on(ListSecurityConfigurationsCommand).resolves({ SecurityConfigurations: [] });
    const resources = await collectClean(emrCollector);
    const asked = emr.commandCalls(ListInstancesCommand).map((c) => c.args[0].input);
    const live = ['AWAITING_FULFILLMENT', 'PROVISIONING', 'BOOTSTRAPPING', 'RUNNING'];
    // The two clusters are read side by side, so the calls may come in either order.
    expect(asked).toEqual(
      expect.arrayContaining([
        { ClusterId: 'j-1ANALYTICS01', InstanceGroupTypes: ['MASTER'], InstanceStates: live },
        { ClusterId: 'j-1ANALYTICS01', InstanceGroupTypes: ['MASTER'], InstanceStates: live, Marker: 'instances-2' },
        { ClusterId: 'j-2ADHOC000002', InstanceFleetType: 'MASTER', InstanceStates: live },
      ]),
    );
    expect(asked).toHaveLength(3);
    expect(byId(resources, C, 'j-2ADHOC000002').properties.primaryNodes).toEqual([{ ec2InstanceId: 'i-0f0e0d0c0b0a09001', publicIp: true }]);
    const text = JSON.stringify(resources);
    for (const address of ['203.0.113.25', '203-0-113-25', '10.20.1.15', '172.31.40.7']) expect(text).not.toContain(address);
  });

  it('leaves the primary nodes unknown, and the rest of the cluster read, when ListInstances is denied or answers without its list', async () => {
    recordedClusters();
    emr.on(ListSecurityConfigurationsCommand).resolves({ SecurityConfigurations: [] });
    emr.on(ListInstancesCommand, { ClusterId: 'j-2ADHOC000002' }).rejects(awsError('AccessDeniedException'));
    emr.on(ListInstancesCommand, { ClusterId: 'j-1ANALYTICS01', Marker: 'instances-2' }).resolves({});
    const { resources } = await collectValid(emrCollector);
    const adhoc = byId(resources, C, 'j-2ADHOC000002');
    expect(adhoc.properties).not.toHaveProperty('primaryNodes');
    expect(adhoc.properties).toMatchObject({ state: 'RUNNING', releaseLabel: 'emr-6.15.0' });
    expect(adhoc.errors).toEqual([expect.objectContaining({ property: 'primaryNodes', operation: 'emr:ListInstances', code: 'AccessDeniedException' })]);
    // A second page without Instances: the first page alone would pass for the whole list.
    const nightly = byId(resources, C, 'j-1ANALYTICS01');
    expect(nightly.properties).not.toHaveProperty('primaryNodes');
    expect(nightly.errors).toEqual([expect.objectContaining({ property: 'primaryNodes', operation: 'emr:ListInstances', code: 'IncompleteResponse' })]);
  });

  it('reads no primary node of a waiting cluster as an odd answer, but of a starting cluster as none yet', async () => {
    oneCluster({ Status: { State: 'WAITING' }, InstanceCollectionType: 'INSTANCE_GROUP' }, { Instances: [] });
    const waiting = byId((await collectValid(emrCollector)).resources, C, 'j-2ADHOC000002');
    expect(waiting.properties).not.toHaveProperty('primaryNodes');
    expect(waiting.errors).toEqual([expect.objectContaining({ property: 'primaryNodes', code: 'IncompleteResponse' })]);
    emr.reset();
    emr.on(GetBlockPublicAccessConfigurationCommand).resolves(fixture('emr.GetBlockPublicAccessConfiguration'));
    oneCluster({ Status: { State: 'STARTING' }, InstanceCollectionType: 'INSTANCE_GROUP' }, { Instances: [] });
    const starting = byId(await collectClean(emrCollector), C, 'j-2ADHOC000002');
    expect(starting.properties.primaryNodes).toEqual([]);
  });

  it('does not guess the instance collection type: without it the primary nodes are unknown and not asked for', async () => {
    oneCluster({ InstanceCollectionType: undefined }, fixture('emr.ListInstances_3'));
    const cluster = byId((await collectValid(emrCollector)).resources, C, 'j-2ADHOC000002');
    expect(cluster.properties).not.toHaveProperty('primaryNodes');
    expect(cluster.errors).toEqual([expect.objectContaining({ property: 'primaryNodes', operation: 'emr:DescribeCluster', code: 'NotReported' })]);
    expect(emr.commandCalls(ListInstancesCommand)).toHaveLength(0);
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
