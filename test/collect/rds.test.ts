import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DescribeDBClusterParameterGroupsCommand,
  DescribeDBClusterParametersCommand,
  DescribeDBClustersCommand,
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBInstancesCommand,
  DescribeDBParameterGroupsCommand,
  DescribeDBParametersCommand,
  DescribeDBSnapshotAttributesCommand,
  DescribeDBSnapshotsCommand,
  DescribeDBProxiesCommand,
  DescribeOptionGroupsCommand,
  ListTagsForResourceCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { rdsCollector } from '../../src/collect/rds.js';
import { answerRecorded, awsError, byId, collectClean, collectValid, expectNothingCollected, fixture, testContext } from './helpers.js';

const rds = mockClient(RDSClient);

function recorded(): void {
  rds.on(DescribeDBInstancesCommand).resolves(fixture('rds.DescribeDBInstances_1'));
  rds.on(DescribeDBInstancesCommand, { Marker: 'page-2' }).resolves(fixture('rds.DescribeDBInstances_2'));
  rds.on(DescribeDBParametersCommand).resolves(fixture('rds.DescribeDBParameters_1'));
  rds.on(DescribeDBParametersCommand, { Marker: 'p2' }).resolves(fixture('rds.DescribeDBParameters_2'));
  answerRecorded(rds, 'rds', [
    DescribeDBClustersCommand,
    DescribeDBParameterGroupsCommand,
    DescribeDBClusterParameterGroupsCommand,
    DescribeDBClusterParametersCommand,
    DescribeDBSnapshotsCommand,
    DescribeDBSnapshotAttributesCommand,
    DescribeDBClusterSnapshotsCommand,
    DescribeDBClusterSnapshotAttributesCommand,
    DescribeOptionGroupsCommand,
    DescribeDBProxiesCommand,
    ListTagsForResourceCommand,
  ]);
  rds.on(DescribeDBClusterParametersCommand, { DBClusterParameterGroupName: 'docs-tls' }).resolves(fixture('rds.DescribeDBClusterParameters_2'));
}

function empty(): void {
  rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [] });
  rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [] });
  rds.on(DescribeDBParameterGroupsCommand).resolves({ DBParameterGroups: [] });
  rds.on(DescribeDBClusterParameterGroupsCommand).resolves({ DBClusterParameterGroups: [] });
  rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [] });
  rds.on(DescribeDBClusterSnapshotsCommand).resolves({ DBClusterSnapshots: [] });
  rds.on(DescribeOptionGroupsCommand).resolves({ OptionGroupsList: [] });
  rds.on(DescribeDBProxiesCommand).resolves({ DBProxies: [] });
}

beforeEach(() => rds.reset());

describe('rds collector', () => {
  it('reads instances (two pages), clusters, parameter groups with the TLS parameters, and snapshots with restore attributes', async () => {
    recorded();
    const resources = await collectClean(rdsCollector);
    expect(rds.commandCalls(DescribeDBInstancesCommand)).toHaveLength(2);
    const billing = byId(resources, 'AWS::RDS::DBInstance', 'db-BILLING');
    expect(billing).toMatchObject({ name: 'billing', tags: { env: 'prod' }, arn: 'arn:aws:rds:eu-west-1:123456789012:db:billing' });
    expect(billing.properties).toMatchObject({
      engine: 'postgres',
      storageEncrypted: true,
      iamDatabaseAuthenticationEnabled: true,
      dbParameterGroups: [{ name: 'tls-pg', applyStatus: 'pending-reboot' }],
      caCertificateIdentifier: 'rds-ca-rsa2048-g1',
      dbClusterIdentifier: null,
    });
    expect(byId(resources, 'AWS::RDS::DBInstance', 'db-AURORA1').properties).toMatchObject({ publiclyAccessible: true, dbClusterIdentifier: 'shop' });
    expect(byId(resources, 'AWS::RDS::DBCluster', 'cluster-SHOP').properties).toMatchObject({
      dbClusterParameterGroup: 'shop-cluster-pg',
      members: [{ dbInstanceIdentifier: 'aurora-1', isClusterWriter: true, parameterGroupStatus: 'in-sync' }],
    });
    expect(byId(resources, 'AWS::RDS::DBParameterGroup', 'tls-pg').properties).toEqual({
      name: 'tls-pg',
      family: 'postgres16',
      description: 'forces TLS',
      parameters: { 'rds.force_ssl': '1', require_secure_transport: null, ssl_min_protocol_version: 'TLSv1.2', tls_version: null, DB2COMM: null, tls: null },
    });
    expect(byId(resources, 'AWS::RDS::DBClusterParameterGroup', 'shop-cluster-pg').properties.parameters).toEqual({
      'rds.force_ssl': null,
      require_secure_transport: 'OFF',
      ssl_min_protocol_version: null,
      tls_version: null,
      DB2COMM: null,
      tls: null,
    });
    expect(byId(resources, 'AWS::RDS::DBSnapshot', 'billing-manual').properties.restoreAttributeValues).toEqual(['210987654321']);
    // Automated snapshots cannot be shared: no attribute request for them.
    expect(byId(resources, 'AWS::RDS::DBSnapshot', 'rds:billing-2024-05-01-03-00').properties.restoreAttributeValues).toEqual([]);
    expect(rds.commandCalls(DescribeDBSnapshotAttributesCommand)).toHaveLength(1);
    expect(byId(resources, 'AWS::RDS::DBClusterSnapshot', 'shop-manual').properties).toMatchObject({ encrypted: false, restoreAttributeValues: ['all'] });
  });

  it('returns nothing for a region without databases', async () => {
    empty();
    await expectNothingCollected(rdsCollector);
  });

  it('reads DocumentDB and Neptune clusters from the same calls, with the DocumentDB cluster parameter group\'s tls value', async () => {
    recorded();
    const resources = await collectClean(rdsCollector);
    expect(byId(resources, 'AWS::RDS::DBCluster', 'cluster-DOCS').properties).toMatchObject({
      engine: 'docdb',
      storageEncrypted: true,
      dbClusterParameterGroup: 'docs-tls',
      members: [{ dbInstanceIdentifier: 'catalog-docs-1', isClusterWriter: true, parameterGroupStatus: 'pending-reboot' }],
    });
    expect(byId(resources, 'AWS::RDS::DBCluster', 'cluster-GRAPH').properties).toMatchObject({ engine: 'neptune', engineVersion: '1.3.2.1', storageEncrypted: false });
    expect(byId(resources, 'AWS::RDS::DBClusterParameterGroup', 'docs-tls').properties).toEqual({
      name: 'docs-tls',
      family: 'docdb5.0',
      description: 'TLS 1.2 or later',
      parameters: { 'rds.force_ssl': null, require_secure_transport: null, ssl_min_protocol_version: null, tls_version: null, DB2COMM: null, tls: 'tls1.2+' },
    });
  });

  it('leaves parameters and restore attributes absent when they are denied, and keeps the rest', async () => {
    recorded();
    rds.on(DescribeDBParametersCommand).rejects(awsError('AccessDenied', 403));
    rds.on(DescribeDBSnapshotAttributesCommand).rejects(awsError('Throttling', 400, 'Rate exceeded'));
    const { resources } = await collectValid(rdsCollector);
    const pg = byId(resources, 'AWS::RDS::DBParameterGroup', 'tls-pg');
    expect(pg.properties.parameters).toBeUndefined();
    expect(pg.properties.family).toBe('postgres16');
    expect(pg.errors).toEqual([expect.objectContaining({ property: 'parameters', operation: 'rds:DescribeDBParameters', code: 'AccessDenied' })]);
    const snap = byId(resources, 'AWS::RDS::DBSnapshot', 'billing-manual');
    expect(snap.properties.restoreAttributeValues).toBeUndefined();
    expect(snap.properties.encrypted).toBe(true);
    expect(snap.errors).toEqual([expect.objectContaining({ property: 'restoreAttributeValues', code: 'Throttling' })]);
  });

  it('records a failed instance list for the region and still returns the other resources', async () => {
    recorded();
    rds.on(DescribeDBInstancesCommand).rejects(awsError('AccessDenied', 403));
    const { ctx, errors } = testContext('rds');
    const resources = await rdsCollector.collect(ctx);
    expect(resources.some((r) => r.resourceType === 'AWS::RDS::DBInstance')).toBe(false);
    expect(resources.some((r) => r.resourceType === 'AWS::RDS::DBCluster')).toBe(true);
    expect(errors).toEqual([expect.objectContaining({ operation: 'rds:DescribeDBInstances', code: 'AccessDenied', region: 'eu-west-1', service: 'rds' })]);
  });

  it('records an answer without the fields every instance and cluster carries as an error, leaving them unknown rather than off', async () => {
    empty();
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: 'odd-db' }] });
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ DBClusterIdentifier: 'odd-cluster' }] });
    const { resources } = await collectValid(rdsCollector);
    const db = byId(resources, 'AWS::RDS::DBInstance', 'odd-db');
    for (const p of ['engine', 'storageEncrypted', 'iamDatabaseAuthenticationEnabled', 'publiclyAccessible']) {
      expect(db.properties).not.toHaveProperty(p);
      expect(db.errors).toContainEqual(expect.objectContaining({ property: p, operation: 'rds:DescribeDBInstances', code: 'IncompleteResponse' }));
    }
    const cluster = byId(resources, 'AWS::RDS::DBCluster', 'odd-cluster');
    for (const p of ['engine', 'storageEncrypted']) {
      expect(cluster.properties).not.toHaveProperty(p);
      expect(cluster.errors).toContainEqual(expect.objectContaining({ property: p, operation: 'rds:DescribeDBClusters', code: 'IncompleteResponse' }));
    }
  });

  it('reads option groups with the Oracle options that decide encryption in transit, and each instance\'s option groups', async () => {
    recorded();
    const resources = await collectClean(rdsCollector);
    const og = (name: string) => byId(resources, 'AWS::RDS::OptionGroup', name).properties;
    expect(og('ledger-oracle-nne')).toEqual({ name: 'ledger-oracle-nne', engineName: 'oracle-ee', majorEngineVersion: '19', sslOption: false, nativeNetworkEncryptionServer: 'REQUIRED' });
    expect(og('legacy-oracle-ssl')).toMatchObject({ sslOption: true, nativeNetworkEncryptionServer: null });
    expect(og('default:postgres-16')).toMatchObject({ sslOption: false, nativeNetworkEncryptionServer: null });
    expect(resources.filter((r) => r.resourceType === 'AWS::RDS::DBInstance').every((r) => Array.isArray(r.properties.optionGroupNames) && r.properties.optionGroupNames.length === 1)).toBe(true);
  });

  it('leaves an option group\'s options unknown when the answer lacks Options, which every answer carries', async () => {
    empty();
    rds.on(DescribeOptionGroupsCommand).resolves({ OptionGroupsList: [{ OptionGroupName: 'odd-og' }] });
    const { resources } = await collectValid(rdsCollector);
    const odd = byId(resources, 'AWS::RDS::OptionGroup', 'odd-og');
    expect(odd.properties).not.toHaveProperty('nativeNetworkEncryptionServer');
    expect(odd.errors).toContainEqual(expect.objectContaining({ property: 'nativeNetworkEncryptionServer', code: 'IncompleteResponse' }));
  });

  it('reads RDS Proxies with whether they require TLS, debug logging and their secrets, tagged by ARN', async () => {
    recorded();
    const resources = await collectClean(rdsCollector);
    const orders = byId(resources, 'AWS::RDS::DBProxy', 'orders-proxy');
    expect(orders).toMatchObject({ arn: 'arn:aws:rds:eu-west-1:123456789012:db-proxy:prx-0123456789abcdef0', tags: { app: 'orders' } });
    expect(orders.properties).toMatchObject({ requireTls: true, debugLogging: false, engineFamily: 'POSTGRESQL', auth: [{ iamAuth: 'REQUIRED', secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-db-AbCdEf' }] });
    expect(byId(resources, 'AWS::RDS::DBProxy', 'reports-proxy').properties).toMatchObject({ requireTls: false, debugLogging: true });
  });

  it('leaves a proxy\'s TLS setting unknown, not off, when the answer omits RequireTLS', async () => {
    empty();
    rds.on(DescribeDBProxiesCommand).resolves({ DBProxies: [{ DBProxyName: 'odd', DBProxyArn: 'arn:aws:rds:eu-west-1:123456789012:db-proxy:prx-odd', DebugLogging: false }] });
    rds.on(ListTagsForResourceCommand).resolves({ TagList: [] });
    const { resources } = await collectValid(rdsCollector);
    const odd = byId(resources, 'AWS::RDS::DBProxy', 'odd');
    expect(odd.properties).not.toHaveProperty('requireTls');
    expect(odd.errors).toEqual([expect.objectContaining({ property: 'requireTls', code: 'NotReported' })]);
  });
});
