import { own } from '../util/own.js';

/** How people call each resource type in messages. */
const LABELS: Record<string, string> = {
  'AWS::S3::Bucket': 'S3 bucket',
  'AWS::S3::AccountPublicAccessBlock': 'S3 account public access block',
  'AWS::S3::AccessPoint': 'S3 access point',
  'AWS::S3::MultiRegionAccessPoint': 'S3 Multi-Region Access Point',
  'AWS::KMS::Key': 'KMS key',
  'AWS::KMS::Alias': 'KMS alias',
  'AWS::RDS::DBInstance': 'RDS DB instance',
  'AWS::RDS::DBCluster': 'RDS DB cluster',
  'AWS::RDS::DBParameterGroup': 'RDS DB parameter group',
  'AWS::RDS::DBClusterParameterGroup': 'RDS DB cluster parameter group',
  'AWS::RDS::DBSnapshot': 'RDS DB snapshot',
  'AWS::RDS::DBClusterSnapshot': 'RDS DB cluster snapshot',
  'AWS::DynamoDB::Table': 'DynamoDB table',
  'AWS::EC2::Volume': 'EBS volume',
  'AWS::EC2::Snapshot': 'EBS snapshot',
  'AWS::EC2::EbsEncryptionByDefault': 'EBS encryption-by-default setting',
  'AWS::EC2::SnapshotBlockPublicAccess': 'EBS snapshot block public access setting',
  'AWS::EC2::LaunchTemplate': 'EC2 launch template',
  'AWS::EC2::SpotFleet': 'Spot Fleet request',
  'AWS::SQS::Queue': 'SQS queue',
  'AWS::SNS::Topic': 'SNS topic',
  'AWS::Lambda::Function': 'Lambda function',
  'AWS::IoT::Policy': 'IoT policy',
  'AWS::SSM::Parameter': 'SSM parameter',
  'AWS::OpenSearch::Domain': 'OpenSearch domain',
  'AWS::DAX::Cluster': 'DAX cluster',
  'AWS::ElastiCache::ReplicationGroup': 'ElastiCache replication group',
  'AWS::ElastiCache::CacheCluster': 'ElastiCache cache cluster',
  'AWS::Kinesis::Stream': 'Kinesis data stream',
  'AWS::KinesisFirehose::DeliveryStream': 'Firehose stream',
  'AWS::Redshift::Cluster': 'Redshift cluster',
  'AWS::Redshift::ClusterParameterGroup': 'Redshift cluster parameter group',
  'AWS::Athena::WorkGroup': 'Athena workgroup',
  'AWS::EMR::SecurityConfiguration': 'EMR security configuration',
  'AWS::EMR::Cluster': 'EMR cluster',
  'AWS::EMR::BlockPublicAccessConfiguration': 'EMR block public access setting',
  'AWS::Glue::DataCatalogEncryptionSettings': 'Glue Data Catalog',
  'AWS::Glue::SecurityConfiguration': 'Glue security configuration',
  'AWS::Glue::Connection': 'Glue connection',
  'AWS::Glue::MLTransform': 'Glue ML transform',
  'AWS::EFS::FileSystem': 'EFS file system',
  'AWS::SecretsManager::Secret': 'Secrets Manager secret',
  'AWS::CloudTrail::Trail': 'CloudTrail trail',
  'AWS::ACM::Certificate': 'ACM certificate',
  'AWS::KMS::CustomKeyStore': 'KMS custom key store',
  'AWS::Backup::BackupVault': 'Backup vault',
  'AWS::Backup::RecoveryPoint': 'Backup recovery point',
  'AWS::Glacier::Vault': 'S3 Glacier vault',
  'AWS::CloudFront::Distribution': 'CloudFront distribution',
  'AWS::RDS::DBProxy': 'RDS Proxy',
  'AWS::RedshiftServerless::Workgroup': 'Redshift Serverless workgroup',
  'AWS::RedshiftServerless::Namespace': 'Redshift Serverless namespace',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'load balancer',
  'AWS::ElasticLoadBalancing::LoadBalancer': 'Classic Load Balancer',
  'AWS::ApiGateway::Stage': 'API Gateway stage',
  'AWS::ApiGateway::DomainName': 'API Gateway domain name',
  'AWS::QuickSight::AccountSettings': 'QuickSight settings',
  'AWS::QuickSight::DataSource': 'QuickSight data source',
  'AWS::QuickSight::VPCConnection': 'QuickSight VPC connection',
  'AWS::KinesisAnalyticsV2::Application': 'Managed Service for Apache Flink application',
  'AWS::CloudHSM::Cluster': 'CloudHSM cluster',
  'AWS::CloudHSM::Backup': 'CloudHSM backup',
};

/** Settings with one instance per account and region, named by where they apply rather than by an id. */
const REGION_SETTINGS = new Set(['AWS::EC2::EbsEncryptionByDefault', 'AWS::EC2::SnapshotBlockPublicAccess', 'AWS::EMR::BlockPublicAccessConfiguration', 'AWS::Glue::DataCatalogEncryptionSettings', 'AWS::QuickSight::AccountSettings']);

/** A KMS key is known to people by its alias, when it has one of the account's own. */
function kmsKeyName(properties: Record<string, unknown> | undefined): string | undefined {
  const aliases = properties?.aliases;
  if (!Array.isArray(aliases)) return undefined;
  const own = aliases.find((a): a is string => typeof a === 'string' && !a.startsWith('alias/aws/'));
  return own ?? aliases.find((a): a is string => typeof a === 'string');
}

/** `S3 bucket "acme-logs"`, or the type name for types without a label. */
export function describeResource(r: {
  resourceType: string;
  name?: string;
  resourceId: string;
  region: string;
  accountId: string;
  properties?: Record<string, unknown>;
}): string {
  const label = own(LABELS, r.resourceType) ?? r.resourceType;
  if (REGION_SETTINGS.has(r.resourceType)) return `${label} of ${r.accountId} in ${r.region}`;
  if (r.resourceType === 'AWS::S3::AccountPublicAccessBlock') return `${label} of account ${r.accountId}`;
  if (r.resourceType === 'AWS::KMS::Key' && r.name === undefined) {
    const alias = kmsKeyName(r.properties);
    if (alias) return `${label} "${alias}" (${r.resourceId})`;
  }
  const name = r.name ?? r.resourceId;
  return `${label} "${name.length > 120 ? `${name.slice(0, 120)}…` : name}"`;
}

/** The service a resource type belongs to, lower case (`s3`, `kms`, `rds`, …). */
export function serviceOf(resourceType: string): string {
  return (resourceType.split('::')[1] ?? resourceType).toLowerCase();
}
