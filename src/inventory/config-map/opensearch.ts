import { put, type ItemReader, type MappedResource } from './item.js';
import { parsePolicyText } from './policy-text.js';

/**
 * Config records OpenSearch domains in the CloudFormation shape. It lists the VPC subnets but not the VPC id,
 * and not the access policy; a domain recorded without VPCOptions has a public endpoint.
 */
export function mapDomain(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const name = r.conf('DomainName').str() ?? r.item.resourceName ?? r.item.resourceId;
  put(p, 'domainName', name);
  p.engineVersion = r.conf('EngineVersion').str() ?? null;
  const atRest = r.conf('EncryptionAtRestOptions.Enabled').bool();
  if (atRest === undefined || atRest === null) {
    r.notRecorded('encryptionAtRestEnabled', 'The AWS Config item has no EncryptionAtRestOptions.Enabled.');
    r.notRecorded('kmsKeyId', 'The AWS Config item has no EncryptionAtRestOptions.Enabled.');
  } else {
    p.encryptionAtRestEnabled = atRest;
    p.kmsKeyId = atRest ? (r.conf('EncryptionAtRestOptions.KmsKeyId').str() ?? null) : null;
  }
  const n2n = r.conf('NodeToNodeEncryptionOptions.Enabled').bool();
  if (typeof n2n === 'boolean') p.nodeToNodeEncryptionEnabled = n2n;
  else r.notRecorded('nodeToNodeEncryptionEnabled', 'The AWS Config item has no NodeToNodeEncryptionOptions.Enabled.');
  const https = r.conf('DomainEndpointOptions.EnforceHTTPS').bool();
  if (typeof https === 'boolean') p.enforceHttps = https;
  else r.notRecorded('enforceHttps', 'The AWS Config item has no DomainEndpointOptions.EnforceHTTPS.');
  // DescribeDomain always reports the domain's TLS security policy (every domain has one): absent from the item is unknown, not "none".
  const tls = r.conf('DomainEndpointOptions.TLSSecurityPolicy').str();
  if (typeof tls === 'string') p.tlsSecurityPolicy = tls;
  else r.notRecorded('tlsSecurityPolicy', 'The AWS Config item has no DomainEndpointOptions.TLSSecurityPolicy.');
  const vpc = r.conf('VPCOptions');
  const subnets = vpc.missing || vpc.value === null ? [] : (r.conf('VPCOptions.SubnetIds').strings() ?? []);
  p.inVpc = subnets.length > 0;
  if (p.inVpc) r.notRecorded('vpcId', 'AWS Config records the subnets of an OpenSearch domain but not its VPC id.');
  else p.vpcId = null;
  const policy = r.conf('AccessPolicies');
  if (policy.missing) r.notRecorded('accessPolicy', 'AWS Config does not record the access policy of OpenSearch domains.');
  else p.accessPolicy = policy.value === null || policy.value === '' ? null : parsePolicyText(policy.value);
  const fgac = r.conf('AdvancedSecurityOptions.Enabled').bool();
  if (typeof fgac === 'boolean') p.advancedSecurityEnabled = fgac;
  else r.notRecorded('advancedSecurityEnabled', 'The AWS Config item has no AdvancedSecurityOptions.Enabled.');
  p.anonymousAuthEnabled = r.conf('AdvancedSecurityOptions.AnonymousAuthEnabled').bool() ?? null;
  return { properties: p, name, arn: r.item.arn ?? r.conf('Arn').str() ?? undefined };
}
