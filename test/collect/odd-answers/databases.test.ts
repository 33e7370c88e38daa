import { afterEach, describe } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeReplicationGroupsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { DescribeClustersCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { elasticacheCollector } from '../../../src/collect/elasticache.js';
import { rdsCollector } from '../../../src/collect/rds.js';
import { redshiftCollector } from '../../../src/collect/redshift.js';
import { neverJudgedFromMissingFields, type OddAnswer } from './verdicts.js';

const rds = mockClient(RDSClient);
const redshift = mockClient(RedshiftClient);
const elasticache = mockClient(ElastiCacheClient);
afterEach(() => [rds, redshift, elasticache].forEach((m) => m.reset()));

// Every other list of the service answers empty, so the one resource named is all there is.
const CASES: OddAnswer[] = [
  {
    name: 'RDS DB instance described by its identifiers alone',
    collector: rdsCollector,
    types: ['AWS::RDS::DBInstance'],
    serve: () => {
      rds.onAnyCommand().resolves({});
      rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: 'orders', DbiResourceId: 'db-ORDERS' }] });
    },
  },
  {
    name: 'Redshift cluster described by its identifier alone',
    collector: redshiftCollector,
    types: ['AWS::Redshift::Cluster'],
    serve: () => {
      redshift.onAnyCommand().resolves({});
      redshift.on(DescribeClustersCommand).resolves({ Clusters: [{ ClusterIdentifier: 'warehouse' }] });
    },
  },
  {
    name: 'ElastiCache replication group described by its id alone',
    collector: elasticacheCollector,
    types: ['AWS::ElastiCache::ReplicationGroup'],
    serve: () => {
      elasticache.onAnyCommand().resolves({});
      elasticache.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [{ ReplicationGroupId: 'sessions' }] });
    },
  },
];

describe('databases (reviewed in the first round): an answer lacking what every valid answer carries leaves every rule UNKNOWN, never PASS', () => {
  neverJudgedFromMissingFields(CASES);
});
