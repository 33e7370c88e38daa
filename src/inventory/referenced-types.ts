import type { Resource } from './resource.js';

/** The identities and organization guardrails the access engine reads (src/engine/access-derived.ts). */
export const IDENTITY_AND_GUARDRAIL_TYPES: readonly string[] = [
  'AWS::IAM::User',
  'AWS::IAM::Group',
  'AWS::IAM::Role',
  'AWS::IAM::Policy',
  'AWS::IAM::SAMLProvider',
  'AWS::IAM::OIDCProvider',
  'AWS::Organizations::Account',
  'AWS::Organizations::Policy',
];

/**
 * The resource types the bundled rules look up from other resources: the KMS
 * key (and alias) a data store is encrypted with, the parameter and option groups a
 * database uses, the security configuration of an EMR cluster, the stream a
 * Firehose reads, the account's S3 public access block, the Region's snapshot
 * block public access, the CloudHSM cluster behind a key store, the bucket a
 * CloudTrail trail writes its logs to, a listener's certificate, and the identities and
 * guardrails the access rules ask about. Collected snapshots
 * list them first, so that a streamed scan has its index complete before the
 * first resource that needs it and reads the file once (a test holds this
 * list to the catalogue).
 */
export const REFERENCED_TYPES: readonly string[] = [
  'AWS::KMS::Key',
  'AWS::KMS::Alias',
  // The custom key store a key lives in (is it connected).
  'AWS::KMS::CustomKeyStore',
  // The CloudHSM cluster behind a custom key store (is it active, in two zones).
  'AWS::CloudHSM::Cluster',
  'AWS::S3::AccountPublicAccessBlock',
  'AWS::S3::Bucket',
  'AWS::RDS::DBParameterGroup',
  'AWS::RDS::DBClusterParameterGroup',
  'AWS::RDS::OptionGroup',
  'AWS::Redshift::ClusterParameterGroup',
  'AWS::EMR::SecurityConfiguration',
  'AWS::Kinesis::Stream',
  // A listener's ACM certificate (is it issued and in date).
  'AWS::ACM::Certificate',
  // Whether a launch template's or Spot Fleet's unencrypted mapping is encrypted anyway by the Region's default.
  'AWS::EC2::EbsEncryptionByDefault',
  // Whether the Region's block public access for snapshots makes a public snapshot private.
  'AWS::EC2::SnapshotBlockPublicAccess',
  // Who can reach a store: the access rules ask the engine, which needs every identity and guardrail first.
  ...IDENTITY_AND_GUARDRAIL_TYPES,
];

export const REFERENCED: ReadonlySet<string> = new Set(REFERENCED_TYPES);

/** The resources with the referenced types first, each group in its original order. */
export function referencedFirst(resources: readonly Resource[]): Resource[] {
  return [...resources.filter((r) => REFERENCED.has(r.resourceType)), ...resources.filter((r) => !REFERENCED.has(r.resourceType))];
}
