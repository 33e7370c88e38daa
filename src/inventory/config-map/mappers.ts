import type { ConfigMapper } from './item.js';
import { mapTable } from './dynamodb.js';
import { mapVolume } from './ec2.js';
import { mapLaunchTemplate, mapSpotFleet } from './ec2-launch-templates.js';
import { mapAlias, mapKey } from './kms.js';
import { mapStream } from './kinesis.js';
import { mapDeliveryStream } from './firehose.js';
import { mapRedshiftCluster, mapRedshiftParameterGroup } from './redshift.js';
import { mapWorkGroup } from './athena.js';
import { mapSecurityConfiguration } from './emr.js';
import { mapMlTransform } from './glue.js';
import { mapFileSystem } from './efs.js';
import { mapDomain, mapElasticsearchDomain } from './opensearch.js';
import { mapIotPolicy } from './iot.js';
import { mapFunction } from './lambda.js';
import { mapCluster, mapClusterSnapshot, mapInstance, mapOptionGroup, mapSnapshot } from './rds.js';
import { mapAccountPublicAccessBlock, mapBucket } from './s3.js';
import { mapAccessPoint } from './s3-access-points.js';
import { mapMultiRegionAccessPoint } from './s3-multi-region-access-point.js';
import { mapTopic } from './sns.js';
import { mapQueue } from './sqs.js';
import { mapSecret } from './secretsmanager.js';
import { mapTrail } from './cloudtrail.js';
import { mapCertificate } from './acm.js';
import { mapClassicLoadBalancer } from './elb.js';
import { mapLoadBalancerV2 } from './elbv2.js';
import { mapStage } from './apigateway.js';
import { mapGroup, mapPolicy, mapRole, mapUser } from './iam.js';
import { mapBackupVault, mapRecoveryPoint } from './backup.js';
import { mapDistribution } from './cloudfront.js';
import { mapDataSource } from './quicksight.js';
import { mapAnalyticsApplication } from './kinesisanalyticsv2.js';

/**
 * AWS Config resource type → mapper into the resource model. Every modelled type that Config records is here;
 * the others (EBS snapshots, EBS encryption by default, RDS parameter groups) are not Config resource types.
 * ELB v2 listeners (`AWS::ElasticLoadBalancingV2::Listener`) are no resource of the model: the import joins
 * them to their load balancers (see listener-join.ts).
 */
export const CONFIG_MAPPERS: Readonly<Record<string, ConfigMapper>> = {
  'AWS::S3::Bucket': mapBucket,
  'AWS::S3::AccountPublicAccessBlock': mapAccountPublicAccessBlock,
  'AWS::S3::AccessPoint': mapAccessPoint,
  'AWS::S3::MultiRegionAccessPoint': mapMultiRegionAccessPoint,
  'AWS::KMS::Key': mapKey,
  'AWS::KMS::Alias': mapAlias,
  'AWS::RDS::DBInstance': mapInstance,
  'AWS::RDS::DBCluster': mapCluster,
  'AWS::RDS::DBSnapshot': mapSnapshot,
  'AWS::RDS::DBClusterSnapshot': mapClusterSnapshot,
  'AWS::RDS::OptionGroup': mapOptionGroup,
  'AWS::DynamoDB::Table': mapTable,
  'AWS::EC2::Volume': mapVolume,
  'AWS::EC2::LaunchTemplate': mapLaunchTemplate,
  'AWS::EC2::SpotFleet': mapSpotFleet,
  'AWS::SQS::Queue': mapQueue,
  'AWS::SNS::Topic': mapTopic,
  'AWS::Lambda::Function': mapFunction,
  'AWS::EFS::FileSystem': mapFileSystem,
  'AWS::IoT::Policy': mapIotPolicy,
  'AWS::OpenSearch::Domain': mapDomain,
  'AWS::Elasticsearch::Domain': mapElasticsearchDomain,
  'AWS::Kinesis::Stream': mapStream,
  'AWS::KinesisFirehose::DeliveryStream': mapDeliveryStream,
  'AWS::Redshift::Cluster': mapRedshiftCluster,
  'AWS::Redshift::ClusterParameterGroup': mapRedshiftParameterGroup,
  'AWS::Athena::WorkGroup': mapWorkGroup,
  'AWS::EMR::SecurityConfiguration': mapSecurityConfiguration,
  'AWS::Glue::MLTransform': mapMlTransform,
  'AWS::SecretsManager::Secret': mapSecret,
  'AWS::CloudTrail::Trail': mapTrail,
  'AWS::ACM::Certificate': mapCertificate,
  'AWS::ElasticLoadBalancing::LoadBalancer': mapClassicLoadBalancer,
  'AWS::ElasticLoadBalancingV2::LoadBalancer': mapLoadBalancerV2,
  'AWS::ApiGateway::Stage': mapStage,
  'AWS::IAM::User': mapUser,
  'AWS::IAM::Group': mapGroup,
  'AWS::IAM::Role': mapRole,
  'AWS::IAM::Policy': mapPolicy,
  'AWS::Backup::BackupVault': mapBackupVault,
  'AWS::Backup::RecoveryPoint': mapRecoveryPoint,
  'AWS::CloudFront::Distribution': mapDistribution,
  'AWS::QuickSight::DataSource': mapDataSource,
  'AWS::KinesisAnalyticsV2::Application': mapAnalyticsApplication,
};

/**
 * Config types whose items become resources of another modelled type. AWS renamed Amazon Elasticsearch
 * Service to OpenSearch Service: a domain Config records as `AWS::Elasticsearch::Domain` is the domain the
 * OpenSearch API lists (same ARN), so the OpenSearch rules judge it, and an item of each type for one domain
 * is one resource (the newer item wins). Collection errors still name the Config type the item had.
 */
export const CONFIG_MODEL_TYPES: Readonly<Record<string, string>> = {
  'AWS::Elasticsearch::Domain': 'AWS::OpenSearch::Domain',
};

/** The modelled type an item of a Config type becomes. */
export function modelTypeOf(configType: string): string {
  return CONFIG_MODEL_TYPES[configType] ?? configType;
}

/** Modelled types AWS Config cannot provide, and why: reported once per import so the gap is visible. */
export const NOT_CONFIG_TYPES: Readonly<Record<string, string>> = {
  'AWS::RDS::DBParameterGroup':
    'AWS Config does not record RDS DB parameter groups, so parameter values such as rds.force_ssl and require_secure_transport are unknown.',
  'AWS::RDS::DBClusterParameterGroup': 'AWS Config does not record RDS DB cluster parameter groups, so their TLS parameters are unknown.',
  'AWS::EC2::Snapshot': 'AWS Config does not record EBS snapshots, so their encryption and sharing are unknown.',
  'AWS::EC2::EbsEncryptionByDefault': 'AWS Config does not record the EBS encryption-by-default setting.',
  'AWS::EMR::BlockPublicAccessConfiguration': 'AWS Config does not record the EMR block public access configuration.',
  'AWS::EC2::SnapshotBlockPublicAccess': 'The AWS Config resource schema sealcheck maps from has no EBS snapshot block public access type; collect the setting from the EC2 API.',
  'AWS::SSM::Parameter': 'AWS Config does not record Parameter Store parameters, so their types and KMS keys are not known from AWS Config.',
  'AWS::DAX::Cluster': 'The AWS Config resource schema sealcheck maps from lists no properties for DAX clusters, so their encryption settings are not read from AWS Config.',
  'AWS::EMR::Cluster':
    'The AWS Config resource schema sealcheck maps from has no EMR cluster type, so the security configuration each cluster uses and whether its primary nodes have public IP addresses (EMR.1) are not known from AWS Config.',
  'AWS::Glue::DataCatalogEncryptionSettings': 'AWS Config does not record the Glue Data Catalog encryption settings or its resource policy.',
  'AWS::Glue::SecurityConfiguration': 'AWS Config does not record Glue security configurations, so their S3, CloudWatch Logs and job bookmark encryption modes are unknown.',
  'AWS::Glacier::Vault': 'AWS Config does not record S3 Glacier vaults, so their access policies and Vault Lock are unknown.',
  'AWS::KMS::CustomKeyStore': 'AWS Config does not record KMS custom key stores, so whether a store is connected is known only from the KMS API (a key in a disconnected store still shows as Unavailable).',
  'AWS::Glue::Connection': 'AWS Config does not record Glue connections, so whether JDBC connections enforce TLS is unknown.',
  'AWS::RDS::DBProxy': 'The AWS Config resource schema sealcheck maps from has no RDS Proxy type, so whether a proxy requires TLS is not known from AWS Config.',
  'AWS::RedshiftServerless::Workgroup': 'The AWS Config resource schema sealcheck maps from has no Redshift Serverless types, so require_ssl and public access are not known from AWS Config.',
  'AWS::RedshiftServerless::Namespace': 'The AWS Config resource schema sealcheck maps from has no Redshift Serverless types, so the key and log exports of a namespace are not known from AWS Config.',
  'AWS::ApiGateway::DomainName': 'AWS Config does not record API Gateway custom domain names, so their TLS security policies are unknown.',
  'AWS::CloudHSM::Cluster': 'AWS Config has no CloudHSM types.',
  'AWS::CloudHSM::Backup': 'AWS Config has no CloudHSM types.',
  'AWS::QuickSight::AccountSettings': 'AWS Config does not record QuickSight account settings, so public sharing and the SPICE key are unknown.',
  'AWS::QuickSight::VPCConnection': 'The AWS Config resource schema sealcheck maps from has no QuickSight VPC connection type.',
  'AWS::ElastiCache::CacheCluster':
    'The AWS Config resource schema sealcheck maps from lists no properties for ElastiCache cache clusters, so the encryption of Memcached clusters and of clusters outside replication groups is not read from AWS Config; collect them from the ElastiCache API.',
  'AWS::IAM::SAMLProvider': 'sealcheck does not read IAM identity providers from AWS Config; collect them from the IAM API.',
  'AWS::IAM::OIDCProvider': 'sealcheck does not read IAM identity providers from AWS Config; collect them from the IAM API.',
  'AWS::Organizations::Policy':
    'AWS Config does not record service control policies or resource control policies, so the organization guardrails are unknown: who-can answers from a Config import are upper bounds.',
  'AWS::Organizations::Account': "AWS Config does not record an account's place in its organization, so which guardrails apply to it is unknown.",
  'AWS::ElastiCache::ReplicationGroup':
    'The AWS Config resource schema sealcheck maps from lists no properties for ElastiCache replication groups, so their encryption and authentication settings are not read from AWS Config; collect them from the ElastiCache API.',
};
