/**
 * The IAM action each SDK command the collectors send is authorized by.
 * Several differ from the command's name (GetBucketEncryption is authorized by
 * s3:GetEncryptionConfiguration). `policies/sealcheck-readonly.json` grants
 * exactly these actions; a test checks both against the commands in the source.
 * Keys are `<SDK client package>:<command class>`.
 */
export const COMMAND_ACTIONS: Readonly<Record<string, string>> = {
  'client-sts:GetCallerIdentityCommand': 'sts:GetCallerIdentity',

  'client-s3:ListBucketsCommand': 's3:ListAllMyBuckets',
  'client-s3:GetBucketLocationCommand': 's3:GetBucketLocation',
  'client-s3:GetBucketEncryptionCommand': 's3:GetEncryptionConfiguration',
  'client-s3:GetBucketPolicyCommand': 's3:GetBucketPolicy',
  'client-s3:GetBucketPolicyStatusCommand': 's3:GetBucketPolicyStatus',
  'client-s3:GetPublicAccessBlockCommand': 's3:GetBucketPublicAccessBlock',
  'client-s3:GetBucketVersioningCommand': 's3:GetBucketVersioning',
  'client-s3:GetBucketAclCommand': 's3:GetBucketAcl',
  'client-s3:GetBucketOwnershipControlsCommand': 's3:GetBucketOwnershipControls',
  'client-s3:GetBucketLoggingCommand': 's3:GetBucketLogging',
  'client-s3:GetBucketTaggingCommand': 's3:GetBucketTagging',
  'client-s3-control:GetPublicAccessBlockCommand': 's3:GetAccountPublicAccessBlock',
  'client-s3-control:ListAccessPointsCommand': 's3:ListAccessPoints',
  'client-s3-control:GetAccessPointCommand': 's3:GetAccessPoint',
  'client-s3-control:GetAccessPointPolicyCommand': 's3:GetAccessPointPolicy',
  'client-s3-control:GetAccessPointPolicyStatusCommand': 's3:GetAccessPointPolicyStatus',
  'client-s3-control:ListMultiRegionAccessPointsCommand': 's3:ListMultiRegionAccessPoints',
  'client-s3-control:GetMultiRegionAccessPointPolicyCommand': 's3:GetMultiRegionAccessPointPolicy',
  'client-s3-control:GetMultiRegionAccessPointPolicyStatusCommand': 's3:GetMultiRegionAccessPointPolicyStatus',

  'client-kms:ListKeysCommand': 'kms:ListKeys',
  'client-kms:ListAliasesCommand': 'kms:ListAliases',
  'client-kms:DescribeKeyCommand': 'kms:DescribeKey',
  'client-kms:GetKeyPolicyCommand': 'kms:GetKeyPolicy',
  'client-kms:GetKeyRotationStatusCommand': 'kms:GetKeyRotationStatus',
  'client-kms:ListResourceTagsCommand': 'kms:ListResourceTags',

  'client-rds:DescribeDBInstancesCommand': 'rds:DescribeDBInstances',
  'client-rds:DescribeDBClustersCommand': 'rds:DescribeDBClusters',
  'client-rds:DescribeDBParameterGroupsCommand': 'rds:DescribeDBParameterGroups',
  'client-rds:DescribeDBParametersCommand': 'rds:DescribeDBParameters',
  'client-rds:DescribeDBClusterParameterGroupsCommand': 'rds:DescribeDBClusterParameterGroups',
  'client-rds:DescribeDBClusterParametersCommand': 'rds:DescribeDBClusterParameters',
  'client-rds:DescribeDBSnapshotsCommand': 'rds:DescribeDBSnapshots',
  'client-rds:DescribeOptionGroupsCommand': 'rds:DescribeOptionGroups',
  'client-rds:DescribeDBSnapshotAttributesCommand': 'rds:DescribeDBSnapshotAttributes',
  'client-rds:DescribeDBClusterSnapshotsCommand': 'rds:DescribeDBClusterSnapshots',
  'client-rds:DescribeDBClusterSnapshotAttributesCommand': 'rds:DescribeDBClusterSnapshotAttributes',
  'client-rds:DescribeDBProxiesCommand': 'rds:DescribeDBProxies',
  'client-rds:ListTagsForResourceCommand': 'rds:ListTagsForResource',

  'client-dynamodb:ListTablesCommand': 'dynamodb:ListTables',
  'client-dynamodb:DescribeTableCommand': 'dynamodb:DescribeTable',
  'client-dynamodb:ListTagsOfResourceCommand': 'dynamodb:ListTagsOfResource',
  'client-dynamodb:GetResourcePolicyCommand': 'dynamodb:GetResourcePolicy',

  'client-ec2:DescribeRegionsCommand': 'ec2:DescribeRegions',
  'client-ec2:DescribeVolumesCommand': 'ec2:DescribeVolumes',
  'client-ec2:DescribeSnapshotsCommand': 'ec2:DescribeSnapshots',
  'client-ec2:DescribeSnapshotAttributeCommand': 'ec2:DescribeSnapshotAttribute',
  'client-ec2:GetEbsEncryptionByDefaultCommand': 'ec2:GetEbsEncryptionByDefault',
  'client-ec2:GetEbsDefaultKmsKeyIdCommand': 'ec2:GetEbsDefaultKmsKeyId',
  'client-ec2:DescribeLaunchTemplatesCommand': 'ec2:DescribeLaunchTemplates',
  'client-ec2:DescribeLaunchTemplateVersionsCommand': 'ec2:DescribeLaunchTemplateVersions',
  'client-ec2:DescribeSpotFleetRequestsCommand': 'ec2:DescribeSpotFleetRequests',
  'client-ec2:GetSnapshotBlockPublicAccessStateCommand': 'ec2:GetSnapshotBlockPublicAccessState',

  'client-sqs:ListQueuesCommand': 'sqs:ListQueues',
  'client-sqs:GetQueueAttributesCommand': 'sqs:GetQueueAttributes',
  'client-sqs:ListQueueTagsCommand': 'sqs:ListQueueTags',

  'client-sns:ListTopicsCommand': 'sns:ListTopics',
  'client-sns:GetTopicAttributesCommand': 'sns:GetTopicAttributes',
  'client-sns:ListTagsForResourceCommand': 'sns:ListTagsForResource',
  'client-sns:ListSubscriptionsByTopicCommand': 'sns:ListSubscriptionsByTopic',

  'client-lambda:ListFunctionsCommand': 'lambda:ListFunctions',
  'client-lambda:GetPolicyCommand': 'lambda:GetPolicy',
  'client-lambda:ListTagsCommand': 'lambda:ListTags',

  'client-iot:ListPoliciesCommand': 'iot:ListPolicies',
  'client-iot:GetPolicyCommand': 'iot:GetPolicy',
  'client-iot:ListTagsForResourceCommand': 'iot:ListTagsForResource',

  'client-ssm:DescribeParametersCommand': 'ssm:DescribeParameters',
  'client-ssm:ListTagsForResourceCommand': 'ssm:ListTagsForResource',

  'client-opensearch:ListDomainNamesCommand': 'es:ListDomainNames',
  'client-opensearch:DescribeDomainsCommand': 'es:DescribeDomains',
  'client-opensearch:ListTagsCommand': 'es:ListTags',

  'client-dax:DescribeClustersCommand': 'dax:DescribeClusters',
  'client-dax:ListTagsCommand': 'dax:ListTags',

  'client-elasticache:DescribeReplicationGroupsCommand': 'elasticache:DescribeReplicationGroups',
  'client-elasticache:DescribeCacheClustersCommand': 'elasticache:DescribeCacheClusters',
  'client-elasticache:ListTagsForResourceCommand': 'elasticache:ListTagsForResource',

  'client-efs:DescribeFileSystemsCommand': 'elasticfilesystem:DescribeFileSystems',
  'client-efs:DescribeFileSystemPolicyCommand': 'elasticfilesystem:DescribeFileSystemPolicy',

  'client-kinesis:ListStreamsCommand': 'kinesis:ListStreams',
  'client-kinesis:DescribeStreamSummaryCommand': 'kinesis:DescribeStreamSummary',
  'client-kinesis:GetResourcePolicyCommand': 'kinesis:GetResourcePolicy',
  'client-kinesis:ListTagsForResourceCommand': 'kinesis:ListTagsForResource',

  'client-firehose:ListDeliveryStreamsCommand': 'firehose:ListDeliveryStreams',
  'client-firehose:DescribeDeliveryStreamCommand': 'firehose:DescribeDeliveryStream',
  'client-firehose:ListTagsForDeliveryStreamCommand': 'firehose:ListTagsForDeliveryStream',

  'client-redshift:DescribeClustersCommand': 'redshift:DescribeClusters',
  'client-redshift:DescribeClusterParameterGroupsCommand': 'redshift:DescribeClusterParameterGroups',
  'client-redshift:DescribeClusterParametersCommand': 'redshift:DescribeClusterParameters',
  'client-redshift:DescribeDefaultClusterParametersCommand': 'redshift:DescribeDefaultClusterParameters',

  'client-athena:ListWorkGroupsCommand': 'athena:ListWorkGroups',
  'client-athena:GetWorkGroupCommand': 'athena:GetWorkGroup',
  'client-athena:ListTagsForResourceCommand': 'athena:ListTagsForResource',

  'client-emr:ListSecurityConfigurationsCommand': 'elasticmapreduce:ListSecurityConfigurations',
  'client-emr:GetBlockPublicAccessConfigurationCommand': 'elasticmapreduce:GetBlockPublicAccessConfiguration',
  'client-emr:DescribeSecurityConfigurationCommand': 'elasticmapreduce:DescribeSecurityConfiguration',
  'client-emr:ListClustersCommand': 'elasticmapreduce:ListClusters',
  'client-emr:DescribeClusterCommand': 'elasticmapreduce:DescribeCluster',
  'client-emr:ListInstancesCommand': 'elasticmapreduce:ListInstances',

  'client-glue:GetDataCatalogEncryptionSettingsCommand': 'glue:GetDataCatalogEncryptionSettings',
  'client-glue:GetSecurityConfigurationsCommand': 'glue:GetSecurityConfigurations',
  'client-glue:GetConnectionsCommand': 'glue:GetConnections',
  'client-glue:GetResourcePolicyCommand': 'glue:GetResourcePolicy',
  'client-glue:GetMLTransformsCommand': 'glue:GetMLTransforms',
  'client-glue:GetTagsCommand': 'glue:GetTags',

  'client-secrets-manager:ListSecretsCommand': 'secretsmanager:ListSecrets',
  'client-secrets-manager:GetResourcePolicyCommand': 'secretsmanager:GetResourcePolicy',

  'client-cloudtrail:DescribeTrailsCommand': 'cloudtrail:DescribeTrails',
  'client-cloudtrail:GetTrailStatusCommand': 'cloudtrail:GetTrailStatus',
  'client-cloudtrail:GetEventSelectorsCommand': 'cloudtrail:GetEventSelectors',
  'client-cloudtrail:ListTagsCommand': 'cloudtrail:ListTags',

  'client-acm:ListCertificatesCommand': 'acm:ListCertificates',
  'client-acm:DescribeCertificateCommand': 'acm:DescribeCertificate',
  'client-acm:ListTagsForCertificateCommand': 'acm:ListTagsForCertificate',

  'client-elastic-load-balancing-v2:DescribeLoadBalancersCommand': 'elasticloadbalancing:DescribeLoadBalancers',
  'client-elastic-load-balancing-v2:DescribeListenersCommand': 'elasticloadbalancing:DescribeListeners',
  'client-elastic-load-balancing-v2:DescribeLoadBalancerAttributesCommand': 'elasticloadbalancing:DescribeLoadBalancerAttributes',
  'client-elastic-load-balancing-v2:DescribeTagsCommand': 'elasticloadbalancing:DescribeTags',
  'client-elastic-load-balancing:DescribeLoadBalancersCommand': 'elasticloadbalancing:DescribeLoadBalancers',
  'client-elastic-load-balancing:DescribeLoadBalancerPoliciesCommand': 'elasticloadbalancing:DescribeLoadBalancerPolicies',
  'client-elastic-load-balancing:DescribeTagsCommand': 'elasticloadbalancing:DescribeTags',
  'client-api-gateway:GetRestApisCommand': 'apigateway:GET',
  'client-api-gateway:GetStagesCommand': 'apigateway:GET',
  'client-api-gateway:GetDomainNamesCommand': 'apigateway:GET',
  'client-iam:GetAccountAuthorizationDetailsCommand': 'iam:GetAccountAuthorizationDetails',
  'client-iam:ListAccessKeysCommand': 'iam:ListAccessKeys',
  'client-iam:GetAccessKeyLastUsedCommand': 'iam:GetAccessKeyLastUsed',
  'client-iam:GetLoginProfileCommand': 'iam:GetLoginProfile',
  'client-iam:ListSAMLProvidersCommand': 'iam:ListSAMLProviders',
  'client-iam:GetSAMLProviderCommand': 'iam:GetSAMLProvider',
  'client-iam:ListOpenIDConnectProvidersCommand': 'iam:ListOpenIDConnectProviders',
  'client-iam:GetOpenIDConnectProviderCommand': 'iam:GetOpenIDConnectProvider',
  'client-organizations:DescribeOrganizationCommand': 'organizations:DescribeOrganization',
  'client-organizations:ListParentsCommand': 'organizations:ListParents',
  'client-organizations:ListPoliciesCommand': 'organizations:ListPolicies',
  'client-organizations:DescribePolicyCommand': 'organizations:DescribePolicy',
  'client-organizations:ListTargetsForPolicyCommand': 'organizations:ListTargetsForPolicy',
  'client-kms:ListGrantsCommand': 'kms:ListGrants',
  'client-kms:DescribeCustomKeyStoresCommand': 'kms:DescribeCustomKeyStores',
  'client-backup:ListBackupVaultsCommand': 'backup:ListBackupVaults',
  'client-backup:GetBackupVaultAccessPolicyCommand': 'backup:GetBackupVaultAccessPolicy',
  'client-backup:ListTagsCommand': 'backup:ListTags',
  'client-backup:ListRecoveryPointsByBackupVaultCommand': 'backup:ListRecoveryPointsByBackupVault',

  'client-glacier:ListVaultsCommand': 'glacier:ListVaults',
  'client-glacier:GetVaultAccessPolicyCommand': 'glacier:GetVaultAccessPolicy',
  'client-glacier:GetVaultLockCommand': 'glacier:GetVaultLock',
  'client-glacier:ListTagsForVaultCommand': 'glacier:ListTagsForVault',

  'client-cloudfront:ListDistributionsCommand': 'cloudfront:ListDistributions',
  'client-cloudfront:ListTagsForResourceCommand': 'cloudfront:ListTagsForResource',

  'client-redshift-serverless:ListWorkgroupsCommand': 'redshift-serverless:ListWorkgroups',
  'client-redshift-serverless:ListNamespacesCommand': 'redshift-serverless:ListNamespaces',
  'client-redshift-serverless:ListTagsForResourceCommand': 'redshift-serverless:ListTagsForResource',

  'client-quicksight:DescribeAccountSettingsCommand': 'quicksight:DescribeAccountSettings',
  'client-quicksight:DescribeKeyRegistrationCommand': 'quicksight:DescribeKeyRegistration',
  'client-quicksight:ListDataSourcesCommand': 'quicksight:ListDataSources',
  'client-quicksight:ListVPCConnectionsCommand': 'quicksight:ListVPCConnections',
  'client-quicksight:ListTagsForResourceCommand': 'quicksight:ListTagsForResource',

  'client-kinesis-analytics-v2:ListApplicationsCommand': 'kinesisanalytics:ListApplications',
  'client-kinesis-analytics-v2:DescribeApplicationCommand': 'kinesisanalytics:DescribeApplication',
  'client-kinesis-analytics-v2:ListTagsForResourceCommand': 'kinesisanalytics:ListTagsForResource',

  'client-cloudhsm-v2:DescribeClustersCommand': 'cloudhsm:DescribeClusters',
  'client-cloudhsm-v2:DescribeBackupsCommand': 'cloudhsm:DescribeBackups',

  'client-config-service:SelectResourceConfigCommand': 'config:SelectResourceConfig',
  'client-config-service:SelectAggregateResourceConfigCommand': 'config:SelectAggregateResourceConfig',
};
