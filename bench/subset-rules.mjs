/**
 * The rule subset the json-rules-engine comparison runs: sealcheck rules
 * that use only what json-rules-engine can say (leaf tests, all/any/not,
 * nested paths, quantifiers over arrays), so both engines run the same
 * logic. Cross-resource references and policy analysis are left out: they
 * have no json-rules-engine counterpart. Written as loaded rules (the shape
 * `loadRules` returns), so no rule files sit where the catalogue test looks.
 */
const common = (id, title, severity, category, resourceTypes, assert) => ({
  file: `bench/subset-rules.mjs#${id}`,
  service: id.split('-')[0],
  rule: {
    id,
    title,
    description: `${title} (benchmark subset).`,
    severity,
    category,
    resourceTypes,
    references: {},
    remediation: { text: 'See the catalogue rule of the same intent.' },
    assert,
  },
});

const leaf = (path, op, value) => (value === undefined ? { path, op } : { path, op, value });

export const SUBSET_RULES = [
  common('s3-bucket-default-encryption', 'S3 bucket encrypts new objects by default', 'high', 'encryption-at-rest', ['AWS::S3::Bucket'], {
    each: 'encryption.rules',
    quantifier: 'any',
    where: leaf('algorithm', 'in', ['AES256', 'aws:kms', 'aws:kms:dsse']),
  }),
  common('s3-bucket-public-access-blocked', 'S3 bucket blocks public access', 'high', 'access-policy', ['AWS::S3::Bucket'], {
    all: [
      leaf('publicAccessBlock.blockPublicAcls', 'equals', true),
      leaf('publicAccessBlock.ignorePublicAcls', 'equals', true),
      leaf('publicAccessBlock.blockPublicPolicy', 'equals', true),
      leaf('publicAccessBlock.restrictPublicBuckets', 'equals', true),
    ],
  }),
  common('s3-bucket-no-public-acl', 'S3 bucket ACL grants nothing to everyone', 'critical', 'access-policy', ['AWS::S3::Bucket'], {
    each: 'acl.grants',
    quantifier: 'none',
    where: leaf('granteeUri', 'in', ['http://acs.amazonaws.com/groups/global/AllUsers', 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers']),
  }),
  common('s3-bucket-versioning-enabled', 'S3 bucket keeps object versions', 'medium', 'data-protection', ['AWS::S3::Bucket'], {
    any: [leaf('versioning.status', 'equals', 'Enabled'), { all: [leaf('versioning.status', 'equals', 'Suspended'), leaf('versioning.mfaDelete', 'equals', 'Enabled')] }],
  }),
  common('ec2-volume-encrypted', 'EBS volume is encrypted', 'high', 'encryption-at-rest', ['AWS::EC2::Volume'], leaf('encrypted', 'equals', true)),
  common('ec2-snapshot-not-public', 'EBS snapshot is not public', 'critical', 'access-policy', ['AWS::EC2::Snapshot'], {
    all: [leaf('encrypted', 'equals', true), { each: 'createVolumePermissions', quantifier: 'none', where: leaf('group', 'equals', 'all') }],
  }),
  common('rds-instance-encrypted-private', 'RDS DB instance is encrypted and not public', 'high', 'encryption-at-rest', ['AWS::RDS::DBInstance'], {
    all: [leaf('storageEncrypted', 'equals', true), leaf('publiclyAccessible', 'equals', false), { not: leaf('caCertificateIdentifier', 'in', ['rds-ca-2015', 'rds-ca-2019']) }],
  }),
  common('rds-snapshot-not-public', 'RDS snapshot is encrypted and not public', 'critical', 'access-policy', ['AWS::RDS::DBSnapshot', 'AWS::RDS::DBClusterSnapshot'], {
    all: [leaf('encrypted', 'equals', true), leaf('restoreAttributeValues', 'notContains', 'all')],
  }),
  common('rds-cluster-protected', 'RDS DB cluster uses IAM authentication and deletion protection', 'medium', 'data-protection', ['AWS::RDS::DBCluster'], {
    all: [leaf('storageEncrypted', 'equals', true), leaf('iamDatabaseAuthenticationEnabled', 'equals', true), leaf('deletionProtection', 'equals', true)],
  }),
  common('sqs-queue-encrypted', 'SQS queue is encrypted at rest', 'medium', 'encryption-at-rest', ['AWS::SQS::Queue'], {
    any: [leaf('kmsMasterKeyId', 'exists'), leaf('sqsManagedSseEnabled', 'equals', true)],
  }),
  common('sns-topic-encrypted', 'SNS topic is encrypted with KMS', 'medium', 'encryption-at-rest', ['AWS::SNS::Topic'], leaf('kmsMasterKeyId', 'exists')),
  common('dynamodb-table-kms', 'DynamoDB table is encrypted with a KMS key', 'low', 'key-management', ['AWS::DynamoDB::Table'], {
    all: [leaf('sse.sseType', 'equals', 'KMS'), leaf('sse.status', 'in', ['ENABLED', 'UPDATING'])],
  }),
  common('lambda-function-supported-runtime', 'Lambda function runs on a supported runtime', 'low', 'data-protection', ['AWS::Lambda::Function'], {
    all: [leaf('runtime', 'notIn', ['nodejs14.x', 'nodejs12.x', 'python3.7', 'python3.6']), leaf('environmentVariableNames', 'notContains', 'DB_PASSWORD')],
  }),
  common('kms-key-usable', 'KMS key is enabled and rotated', 'high', 'key-management', ['AWS::KMS::Key'], {
    all: [leaf('keyState', 'equals', 'Enabled'), { any: [leaf('rotationEnabled', 'equals', true), leaf('rotationEnabled', 'isNull')] }],
  }),
];
