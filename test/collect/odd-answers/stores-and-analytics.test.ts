import { afterEach, describe } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { AthenaClient, GetWorkGroupCommand, ListTagsForResourceCommand as ListAthenaTagsCommand, ListWorkGroupsCommand } from '@aws-sdk/client-athena';
import { DAXClient, DescribeClustersCommand as DescribeDaxClustersCommand, ListTagsCommand as ListDaxTagsCommand } from '@aws-sdk/client-dax';
import { DescribeFileSystemPolicyCommand, DescribeFileSystemsCommand, EFSClient } from '@aws-sdk/client-efs';
import {
  DescribeClusterCommand,
  DescribeSecurityConfigurationCommand,
  EMRClient,
  GetBlockPublicAccessConfigurationCommand,
  ListClustersCommand,
  ListInstancesCommand,
  ListSecurityConfigurationsCommand,
} from '@aws-sdk/client-emr';
import {
  GetConnectionsCommand,
  GetDataCatalogEncryptionSettingsCommand,
  GetMLTransformsCommand,
  GetResourcePolicyCommand,
  GetSecurityConfigurationsCommand,
  GetTagsCommand,
  GlueClient,
} from '@aws-sdk/client-glue';
import { DescribeDomainsCommand, ListDomainNamesCommand, ListTagsCommand as ListDomainTagsCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import { athenaCollector } from '../../../src/collect/athena.js';
import { daxCollector } from '../../../src/collect/dax.js';
import { efsCollector } from '../../../src/collect/efs.js';
import { emrCollector } from '../../../src/collect/emr.js';
import { glueCollector } from '../../../src/collect/glue.js';
import { opensearchCollector } from '../../../src/collect/opensearch.js';
import { ACCOUNT, awsError, fixture } from '../helpers.js';
import { neverJudgedFromMissingFields, type OddAnswer } from './verdicts.js';

const athena = mockClient(AthenaClient);
const dax = mockClient(DAXClient);
const efs = mockClient(EFSClient);
const emr = mockClient(EMRClient);
const glue = mockClient(GlueClient);
const os = mockClient(OpenSearchClient);
afterEach(() => [athena, dax, efs, emr, glue, os].forEach((m) => m.reset()));

const DOMAIN_ARN = `arn:aws:es:eu-west-1:${ACCOUNT}:domain/search`;

function workGroup(answer: object): () => void {
  return () => {
    athena.on(ListWorkGroupsCommand).resolves({ WorkGroups: [{ Name: 'analysts' }] });
    athena.on(GetWorkGroupCommand).resolves(answer);
    athena.on(ListAthenaTagsCommand).resolves({ Tags: [] });
  };
}

/** One Glue ML transform listed as `transform` describes it, in a region whose other Glue answers are valid. */
function mlTransform(transform: object): () => void {
  return () => {
    glue.on(GetDataCatalogEncryptionSettingsCommand).resolves(fixture('glue.GetDataCatalogEncryptionSettings'));
    glue.on(GetResourcePolicyCommand).resolves(fixture('glue.GetResourcePolicy'));
    glue.on(GetSecurityConfigurationsCommand).resolves({ SecurityConfigurations: [] });
    glue.on(GetConnectionsCommand).resolves({ ConnectionList: [] });
    glue.on(GetMLTransformsCommand).resolves({ Transforms: [{ TransformId: 'tfm-1', Name: 'dedupe', Status: 'READY', ...transform }] });
    glue.on(GetTagsCommand).resolves({ Tags: {} });
  };
}

/** One waiting EMR cluster, described with `extra` and with `instances` as its primary node list; the region's other answers valid. */
function waitingCluster(extra: object, instances: object): () => void {
  return () => {
    emr.on(ListClustersCommand).resolves({ Clusters: [{ Id: 'j-1', Name: 'etl' }] });
    emr.on(DescribeClusterCommand).resolves({ Cluster: { Id: 'j-1', Name: 'etl', Status: { State: 'WAITING' }, ReleaseLabel: 'emr-7.2.0', Tags: [], ...extra } });
    emr.on(ListInstancesCommand).resolves(instances);
    emr.on(ListSecurityConfigurationsCommand).resolves({ SecurityConfigurations: [] });
    emr.on(GetBlockPublicAccessConfigurationCommand).resolves(fixture('emr.GetBlockPublicAccessConfiguration'));
  };
}

function domains(status: object): () => void {
  return () => {
    os.on(ListDomainNamesCommand).resolves({ DomainNames: [{ DomainName: 'search' }] });
    os.on(DescribeDomainsCommand).resolves({ DomainStatusList: [status as never] });
    os.on(ListDomainTagsCommand).resolves({ TagList: [] });
  };
}

const CASES: OddAnswer[] = [
  { name: 'Athena GetWorkGroup without WorkGroup', collector: athenaCollector, types: ['AWS::Athena::WorkGroup'], serve: workGroup({}) },
  {
    name: 'Athena workgroup with an EncryptionConfiguration without EncryptionOption, and no EnforceWorkGroupConfiguration',
    collector: athenaCollector,
    types: ['AWS::Athena::WorkGroup'],
    serve: workGroup({ WorkGroup: { Name: 'analysts', State: 'ENABLED', Configuration: { ResultConfiguration: { OutputLocation: 's3://results/', EncryptionConfiguration: {} } } } }),
  },
  {
    name: 'DAX cluster without SSEDescription or ClusterEndpointEncryptionType (unexplained when absent)',
    collector: daxCollector,
    types: ['AWS::DAX::Cluster'],
    serve: () => {
      dax.on(DescribeDaxClustersCommand).resolves({ Clusters: [{ ClusterName: 'cache', ClusterArn: `arn:aws:dax:eu-west-1:${ACCOUNT}:cache/cache`, Status: 'available' }] });
      dax.on(ListDaxTagsCommand).resolves({ Tags: [] });
    },
  },
  {
    name: 'EFS file system without LifeCycleState, PerformanceMode, Tags, Encrypted; DescribeFileSystemPolicy without Policy',
    collector: efsCollector,
    types: ['AWS::EFS::FileSystem'],
    serve: () => {
      efs.on(DescribeFileSystemsCommand).resolves({ FileSystems: [{ FileSystemId: 'fs-1' } as never] });
      efs.on(DescribeFileSystemPolicyCommand).resolves({});
    },
  },
  {
    name: 'EFS file system complete but for Encrypted (unexplained when absent)',
    collector: efsCollector,
    types: ['AWS::EFS::FileSystem'],
    serve: () => {
      efs.on(DescribeFileSystemsCommand).resolves({
        FileSystems: [{ FileSystemId: 'fs-1', OwnerId: ACCOUNT, CreationToken: 't', CreationTime: new Date(0), LifeCycleState: 'available', NumberOfMountTargets: 1, SizeInBytes: { Value: 1 }, PerformanceMode: 'generalPurpose', Tags: [] }],
      });
      efs.on(DescribeFileSystemPolicyCommand).resolves({});
    },
  },
  {
    name: 'EMR DescribeCluster without Cluster, DescribeSecurityConfiguration without SecurityConfiguration',
    collector: emrCollector,
    types: ['AWS::EMR::Cluster', 'AWS::EMR::SecurityConfiguration'],
    serve: () => {
      emr.on(ListClustersCommand).resolves({ Clusters: [{ Id: 'j-1', Name: 'etl' }] });
      emr.on(DescribeClusterCommand).resolves({});
      emr.on(ListSecurityConfigurationsCommand).resolves({ SecurityConfigurations: [{ Name: 'secure' }] });
      emr.on(DescribeSecurityConfigurationCommand).resolves({ Name: 'secure' });
      // The region's block public access setting answered validly: only the answers under test are odd.
      emr.on(GetBlockPublicAccessConfigurationCommand).resolves(fixture('emr.GetBlockPublicAccessConfiguration'));
    },
  },
  {
    name: 'EMR ListInstances without Instances for a waiting cluster',
    collector: emrCollector,
    types: ['AWS::EMR::Cluster'],
    rules: ['emr-cluster-primary-node-no-public-ip'],
    serve: waitingCluster({ InstanceCollectionType: 'INSTANCE_GROUP' }, {}),
  },
  {
    name: 'EMR DescribeCluster without InstanceCollectionType (unexplained when absent)',
    collector: emrCollector,
    types: ['AWS::EMR::Cluster'],
    rules: ['emr-cluster-primary-node-no-public-ip'],
    serve: waitingCluster({}, { Instances: [{ Id: 'ci-1', Ec2InstanceId: 'i-1', PublicIpAddress: '203.0.113.9' }] }),
  },
  {
    name: 'EMR security configuration whose EncryptionConfiguration gives neither Enable flag',
    collector: emrCollector,
    types: ['AWS::EMR::SecurityConfiguration'],
    rules: ['emr-security-configuration-in-transit-encryption'],
    serve: () => {
      emr.on(ListClustersCommand).resolves({ Clusters: [] });
      emr.on(ListSecurityConfigurationsCommand).resolves({ SecurityConfigurations: [{ Name: 'secure' }] });
      emr.on(DescribeSecurityConfigurationCommand).resolves({ Name: 'secure', SecurityConfiguration: JSON.stringify({ EncryptionConfiguration: { AtRestEncryptionConfiguration: {} } }) });
      // The region's block public access setting answered validly: only the answers under test are odd.
      emr.on(GetBlockPublicAccessConfigurationCommand).resolves(fixture('emr.GetBlockPublicAccessConfiguration'));
    },
  },
  {
    name: 'Glue settings without DataCatalogEncryptionSettings, a security configuration without modes, a connection without ConnectionType',
    collector: glueCollector,
    types: ['AWS::Glue::DataCatalogEncryptionSettings', 'AWS::Glue::SecurityConfiguration', 'AWS::Glue::Connection'],
    serve: () => {
      glue.on(GetDataCatalogEncryptionSettingsCommand).resolves({});
      // A policy answer without PolicyInJson says neither "this policy" nor "no policy".
      glue.on(GetResourcePolicyCommand).resolves({});
      glue.on(GetSecurityConfigurationsCommand).resolves({ SecurityConfigurations: [{ Name: 'etl' }] });
      glue.on(GetConnectionsCommand).resolves({ ConnectionList: [{ Name: 'warehouse', ConnectionProperties: { JDBC_ENFORCE_SSL: 'true' } }] });
      glue.on(GetMLTransformsCommand).resolves({ Transforms: [] });
    },
  },
  {
    name: 'Glue settings whose EncryptionAtRest lacks CatalogEncryptionMode and whose ConnectionPasswordEncryption lacks its flag',
    collector: glueCollector,
    types: ['AWS::Glue::DataCatalogEncryptionSettings'],
    // The catalog's resource policy is answered validly (there is none), so only the encryption rules are left without their fields.
    rules: ['glue-data-catalog-encrypted', 'glue-connection-passwords-encrypted', 'kms-key-unusable-while-in-use'],
    serve: () => {
      glue.on(GetDataCatalogEncryptionSettingsCommand).resolves({ DataCatalogEncryptionSettings: { EncryptionAtRest: {} as never, ConnectionPasswordEncryption: { AwsKmsKeyId: 'k' } as never } });
      glue.on(GetResourcePolicyCommand).rejects(awsError('EntityNotFoundException'));
      glue.on(GetSecurityConfigurationsCommand).resolves({ SecurityConfigurations: [] });
      glue.on(GetConnectionsCommand).resolves({ ConnectionList: [] });
      glue.on(GetMLTransformsCommand).resolves({ Transforms: [] });
    },
  },
  {
    name: 'Glue ML transform whose MLUserDataEncryption lacks its mode',
    collector: glueCollector,
    types: ['AWS::Glue::MLTransform'],
    serve: mlTransform({ TransformEncryption: { MlUserDataEncryption: { KmsKeyId: 'k' } as never } }),
  },
  {
    name: 'Glue ML transform without TransformEncryption (unexplained when absent)',
    collector: glueCollector,
    types: ['AWS::Glue::MLTransform'],
    serve: mlTransform({}),
  },
  { name: 'OpenSearch DomainStatus without DomainId, ARN and ClusterConfig', collector: opensearchCollector, types: ['AWS::OpenSearch::Domain'], serve: domains({ DomainName: 'search' }) },
  {
    name: 'OpenSearch DomainStatus without its option blocks or access policies (unexplained when absent)',
    collector: opensearchCollector,
    types: ['AWS::OpenSearch::Domain'],
    serve: domains({ DomainId: `${ACCOUNT}/search`, DomainName: 'search', ARN: DOMAIN_ARN, ClusterConfig: {} }),
    // Without VPCOptions the domain has a public endpoint (documented), so opensearch-domain-in-vpc is judged.
    rules: [
      'opensearch-domain-encrypted-at-rest',
      'opensearch-domain-fine-grained-access-control',
      'opensearch-domain-https-tls12',
      'opensearch-domain-node-to-node-encryption',
      'opensearch-domain-not-public',
    ],
  },
];

describe('stores and analytics: an answer lacking what every valid answer carries leaves every rule UNKNOWN, never PASS', () => {
  neverJudgedFromMissingFields(CASES);
});
