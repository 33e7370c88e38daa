import { keyStrength } from '../certificate-key.js';
import { put, type ItemReader, type MappedResource } from './item.js';

/** Config records what DescribeCertificate returns; the certificate's ARN is its id. */
export function mapCertificate(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const arn = r.item.arn ?? r.conf('certificateArn', 'CertificateArn').str() ?? r.item.resourceId;
  put(p, 'domainName', r.conf('domainName', 'DomainName').str() ?? null);
  put(p, 'type', r.conf('type', 'Type').str());
  put(p, 'status', r.conf('status', 'Status').str());
  const algorithm = r.conf('keyAlgorithm', 'KeyAlgorithm').str();
  put(p, 'keyAlgorithm', algorithm);
  if (algorithm !== undefined) Object.assign(p, keyStrength(algorithm ?? undefined));
  put(p, 'notBefore', r.conf('notBefore', 'NotBefore').date() ?? null);
  put(p, 'notAfter', r.conf('notAfter', 'NotAfter').date() ?? null);
  put(p, 'renewalEligibility', r.conf('renewalEligibility', 'RenewalEligibility').str() ?? null);
  put(p, 'inUseBy', r.conf('inUseBy', 'InUseBy').strings() ?? []);
  return { properties: p, name: (p.domainName as string | null) ?? undefined, resourceId: arn, arn };
}
