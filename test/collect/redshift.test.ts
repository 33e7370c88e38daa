import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DescribeClusterParameterGroupsCommand,
  DescribeClusterParametersCommand,
  DescribeClustersCommand,
  DescribeDefaultClusterParametersCommand,
  RedshiftClient,
} from '@aws-sdk/client-redshift';
import { redshiftCollector } from '../../src/collect/redshift.js';
import { awsError, byId, collectClean, collectValid, expectNothingCollected, fixture, testContext } from './helpers.js';

const redshift = mockClient(RedshiftClient);
const C = 'AWS::Redshift::Cluster';
const G = 'AWS::Redshift::ClusterParameterGroup';

function recorded(): void {
  redshift.on(DescribeClustersCommand).resolves(fixture('redshift.DescribeClusters_1'));
  redshift.on(DescribeClustersCommand, { Marker: 'page-2' }).resolves(fixture('redshift.DescribeClusters_2'));
  redshift.on(DescribeClusterParameterGroupsCommand).resolves(fixture('redshift.DescribeClusterParameterGroups'));
  redshift.on(DescribeClusterParametersCommand, { ParameterGroupName: 'analytics-tls' }).resolves(fixture('redshift.DescribeClusterParameters_1'));
  redshift.on(DescribeDefaultClusterParametersCommand, { ParameterGroupFamily: 'redshift-1.0' }).resolves(fixture('redshift.DescribeDefaultClusterParameters'));
}

beforeEach(() => redshift.reset());

describe('redshift collector', () => {
  it('reads both pages of clusters and every parameter group with its require_ssl', async () => {
    recorded();
    const resources = await collectClean(redshiftCollector);
    expect(redshift.commandCalls(DescribeClustersCommand)).toHaveLength(2);
    expect(byId(resources, C, 'analytics')).toMatchObject({
      arn: 'arn:aws:redshift:eu-west-1:123456789012:cluster:analytics',
      tags: { 'data-classification': 'confidential' },
      properties: {
        encrypted: true,
        kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        hsmConfigurationIdentifier: null,
        publiclyAccessible: false,
        clusterParameterGroups: [{ name: 'analytics-tls', applyStatus: 'in-sync', requireSslApplyStatus: 'in-sync' }],
      },
    });
    expect(byId(resources, C, 'legacy-dw').properties).toMatchObject({ encrypted: false, kmsKeyId: null, publiclyAccessible: true });
    expect(byId(resources, C, 'vault').properties).toMatchObject({ encrypted: true, kmsKeyId: null, hsmConfigurationIdentifier: 'vault-hsm' });
    expect(byId(resources, G, 'analytics-tls')).toMatchObject({ tags: { owner: 'data-platform' }, properties: { family: 'redshift-1.0', parameters: { require_ssl: 'true' } } });
    expect(byId(resources, G, 'default.redshift-1.0').properties.parameters).toEqual({ require_ssl: 'false' });
  });

  it("decides require_ssl's apply status from its own entry in ClusterParameterStatusList, not the group's overall status", async () => {
    recorded();
    const { resources } = await collectValid(redshiftCollector);
    // vault's group waits for a reboot for another parameter; require_ssl itself is applied.
    expect(byId(resources, C, 'vault').properties.clusterParameterGroups).toEqual([{ name: 'analytics-tls', applyStatus: 'pending-reboot', requireSslApplyStatus: 'in-sync' }]);
  });

  it('reads a default group from its family\'s default values (DescribeDefaultClusterParameters), never DescribeClusterParameters', async () => {
    recorded();
    await collectValid(redshiftCollector);
    expect(redshift.commandCalls(DescribeDefaultClusterParametersCommand).map((c) => c.args[0].input.ParameterGroupFamily)).toEqual(['redshift-1.0']);
    expect(redshift.commandCalls(DescribeClusterParametersCommand).map((c) => c.args[0].input.ParameterGroupName)).toEqual(['analytics-tls']);
  });

  it('records an answer without the fields every answer carries as an error, leaving the properties unknown', async () => {
    recorded();
    redshift.on(DescribeClustersCommand).resolves({ Clusters: [{ ClusterIdentifier: 'odd' }] });
    redshift.on(DescribeDefaultClusterParametersCommand).resolves({});
    const { resources } = await collectValid(redshiftCollector);
    const odd = byId(resources, C, 'odd');
    for (const p of ['encrypted', 'publiclyAccessible', 'clusterParameterGroups']) {
      expect(odd.properties).not.toHaveProperty(p);
      expect(odd.errors).toContainEqual(expect.objectContaining({ property: p, operation: 'redshift:DescribeClusters', code: 'IncompleteResponse' }));
    }
    const group = byId(resources, G, 'default.redshift-1.0');
    expect(group.properties).not.toHaveProperty('parameters');
    expect(group.errors).toEqual([expect.objectContaining({ property: 'parameters', operation: 'redshift:DescribeDefaultClusterParameters', code: 'IncompleteResponse' })]);
  });

  it('returns nothing for a region without clusters or groups', async () => {
    redshift.on(DescribeClustersCommand).resolves({ Clusters: [] });
    redshift.on(DescribeClusterParameterGroupsCommand).resolves({ ParameterGroups: [] });
    await expectNothingCollected(redshiftCollector);
  });

  it('leaves the parameters of a group absent when they are denied, and keeps the clusters', async () => {
    recorded();
    redshift.on(DescribeClusterParametersCommand, { ParameterGroupName: 'analytics-tls' }).rejects(awsError('AccessDenied', 403));
    const { resources } = await collectValid(redshiftCollector);
    const group = byId(resources, G, 'analytics-tls');
    expect(group.properties).not.toHaveProperty('parameters');
    expect(group.errors).toEqual([expect.objectContaining({ property: 'parameters', operation: 'redshift:DescribeClusterParameters', code: 'AccessDenied' })]);
    expect(resources.filter((r) => r.resourceType === C)).toHaveLength(3);
  });

  it('records a denied cluster list for the region, and still reads the parameter groups', async () => {
    recorded();
    redshift.on(DescribeClustersCommand).rejects(awsError('AccessDenied', 403));
    const { ctx, errors } = testContext('redshift');
    const resources = await redshiftCollector.collect(ctx);
    expect(resources.map((r) => r.resourceType)).toEqual([G, G]);
    expect(errors).toEqual([expect.objectContaining({ operation: 'redshift:DescribeClusters', code: 'AccessDenied' })]);
  });
});
