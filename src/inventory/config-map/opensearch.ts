import { put, type ItemReader, type MappedResource } from './item.js';
import { parsePolicyText } from './policy-text.js';

/**
 * Where one Config type records each setting of a domain. AWS Config records OpenSearch domains
 * (`AWS::OpenSearch::Domain`) in the CloudFormation shape, and domains of the older
 * `AWS::Elasticsearch::Domain` type in the Elasticsearch API's shape, in Config's own casing.
 */
interface DomainFields {
  name: string;
  arn: string;
  atRest: string;
  atRestKey: string;
  nodeToNode: string;
  https: string;
  tlsPolicy: string;
  vpc: string;
  subnets: string;
  /** Absent when the type does not record the VPC id. */
  vpcId?: string;
  policy: string;
  fgac: string;
  anonymous: string;
  /** The engine and version as the OpenSearch API names it (`OpenSearch_2.13`, `Elasticsearch_7.10`). */
  engineVersion(r: ItemReader): string | null;
}

const OPENSEARCH: DomainFields = {
  name: 'DomainName',
  arn: 'Arn',
  atRest: 'EncryptionAtRestOptions.Enabled',
  atRestKey: 'EncryptionAtRestOptions.KmsKeyId',
  nodeToNode: 'NodeToNodeEncryptionOptions.Enabled',
  https: 'DomainEndpointOptions.EnforceHTTPS',
  tlsPolicy: 'DomainEndpointOptions.TLSSecurityPolicy',
  vpc: 'VPCOptions',
  subnets: 'VPCOptions.SubnetIds',
  policy: 'AccessPolicies',
  fgac: 'AdvancedSecurityOptions.Enabled',
  anonymous: 'AdvancedSecurityOptions.AnonymousAuthEnabled',
  engineVersion: (r) => r.conf('EngineVersion').str() ?? null,
};

const ELASTICSEARCH: DomainFields = {
  name: 'domainName',
  arn: 'arn',
  atRest: 'encryptionAtRestOptions.enabled',
  atRestKey: 'encryptionAtRestOptions.kmsKeyId',
  nodeToNode: 'nodeToNodeEncryptionOptions.enabled',
  https: 'domainEndpointOptions.enforceHTTPS',
  tlsPolicy: 'domainEndpointOptions.tlssecurityPolicy',
  vpc: 'vpcoptions',
  subnets: 'vpcoptions.subnetIds',
  vpcId: 'vpcoptions.vpcid',
  policy: 'accessPolicies',
  fgac: 'advancedSecurityOptions.enabled',
  anonymous: 'advancedSecurityOptions.anonymousAuthEnabled',
  // The OpenSearch API reports an Elasticsearch-engine domain's version as Elasticsearch_<version>; the item has the bare number.
  engineVersion: (r) => {
    const v = r.conf('elasticsearchVersion').str();
    return typeof v === 'string' ? `Elasticsearch_${v}` : null;
  },
};

function mapWith(f: DomainFields, r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const name = r.conf(f.name).str() ?? r.item.resourceName ?? r.item.resourceId;
  put(p, 'domainName', name);
  p.engineVersion = f.engineVersion(r);
  const atRest = r.conf(f.atRest).bool();
  if (atRest === undefined || atRest === null) {
    r.notRecorded('encryptionAtRestEnabled', `The AWS Config item has no ${f.atRest}.`);
    r.notRecorded('kmsKeyId', `The AWS Config item has no ${f.atRest}.`);
  } else {
    p.encryptionAtRestEnabled = atRest;
    p.kmsKeyId = atRest ? (r.conf(f.atRestKey).str() ?? null) : null;
  }
  const n2n = r.conf(f.nodeToNode).bool();
  if (typeof n2n === 'boolean') p.nodeToNodeEncryptionEnabled = n2n;
  else r.notRecorded('nodeToNodeEncryptionEnabled', `The AWS Config item has no ${f.nodeToNode}.`);
  const https = r.conf(f.https).bool();
  if (typeof https === 'boolean') p.enforceHttps = https;
  else r.notRecorded('enforceHttps', `The AWS Config item has no ${f.https}.`);
  // DescribeDomain always reports the domain's TLS security policy (every domain has one): absent from the item is unknown, not "none".
  const tls = r.conf(f.tlsPolicy).str();
  if (typeof tls === 'string') p.tlsSecurityPolicy = tls;
  else r.notRecorded('tlsSecurityPolicy', `The AWS Config item has no ${f.tlsPolicy}.`);
  // A domain recorded without VPC options has a public endpoint.
  const vpc = r.conf(f.vpc);
  const subnets = vpc.missing || vpc.value === null ? [] : (r.conf(f.subnets).strings() ?? []);
  p.inVpc = subnets.length > 0;
  const vpcId = f.vpcId === undefined ? undefined : r.conf(f.vpcId).str();
  if (!p.inVpc) p.vpcId = null;
  else if (typeof vpcId === 'string') p.vpcId = vpcId;
  else r.notRecorded('vpcId', 'AWS Config records the subnets of an OpenSearch domain but not its VPC id.');
  const policy = r.conf(f.policy);
  if (policy.missing) r.notRecorded('accessPolicy', 'AWS Config does not record the access policy of OpenSearch domains.');
  else p.accessPolicy = policy.value === null || policy.value === '' ? null : parsePolicyText(policy.value);
  const fgac = r.conf(f.fgac).bool();
  if (typeof fgac === 'boolean') p.advancedSecurityEnabled = fgac;
  else r.notRecorded('advancedSecurityEnabled', `The AWS Config item has no ${f.fgac}.`);
  p.anonymousAuthEnabled = r.conf(f.anonymous).bool() ?? null;
  return { properties: p, name, arn: r.item.arn ?? r.conf(f.arn).str() ?? undefined };
}

/** An `AWS::OpenSearch::Domain` item (either engine). Config lists the VPC subnets but not the VPC id, and not the access policy. */
export function mapDomain(r: ItemReader): MappedResource {
  return mapWith(OPENSEARCH, r);
}

/**
 * An `AWS::Elasticsearch::Domain` item: the same domain as the OpenSearch API
 * describes it (same ARN, same settings), so it becomes an OpenSearch domain
 * and the OpenSearch rules judge it; its engine shows in `engineVersion`.
 */
export function mapElasticsearchDomain(r: ItemReader): MappedResource {
  return mapWith(ELASTICSEARCH, r);
}
