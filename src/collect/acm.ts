import { DescribeCertificateCommand, ListCertificatesCommand, ListTagsForCertificateCommand, type CertificateDetail, type CertificateSummary, type KeyAlgorithm } from '@aws-sdk/client-acm';
import { keyStrength } from '../inventory/certificate-key.js';
import { isoDate, tagMap, type Collector } from './context.js';
import { declarativeCollector, describeInto, tagsFrom } from './declarative.js';

/** Every key type ACM knows: without them ListCertificates returns only RSA_1024 and RSA_2048 certificates. */
const ALL_KEY_TYPES: KeyAlgorithm[] = ['RSA_1024', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_prime256v1', 'EC_secp384r1', 'EC_secp521r1'];

/** The described certificate, in the model's terms. */
export function certificateProperties(c: CertificateDetail): Record<string, unknown> {
  return {
    type: c.Type ?? null,
    status: c.Status ?? null,
    keyAlgorithm: c.KeyAlgorithm ?? null,
    ...keyStrength(c.KeyAlgorithm),
    notBefore: isoDate(c.NotBefore),
    notAfter: isoDate(c.NotAfter),
    renewalEligibility: c.RenewalEligibility ?? null,
    inUseBy: c.InUseBy ?? [],
  };
}

const DESCRIBED = ['type', 'status', 'keyAlgorithm', 'keyFamily', 'keyBits', 'notBefore', 'notAfter', 'renewalEligibility', 'inUseBy'];

/**
 * ACM certificates of every key type, with their key, validity and the
 * resources that use them. The private key and certificate body are never read.
 */
export const acmCollector: Collector = declarativeCollector({
  service: 'acm',
  client: 'acm',
  resourceType: 'AWS::ACM::Certificate',
  list: {
    operation: 'acm:ListCertificates',
    page: (acm, t) => acm.send(new ListCertificatesCommand({ Includes: { keyTypes: ALL_KEY_TYPES }, MaxItems: 100, ...(t ? { NextToken: t } : {}) })),
    items: (o) => o.CertificateSummaryList,
    next: (o) => o.NextToken,
  },
  // The ARN is the only identifier a certificate has.
  id: (c: CertificateSummary) => c.CertificateArn,
  idField: 'CertificateArn',
  arn: (_ctx, _c, arn) => arn,
  listed: (c) => ({ domainName: c.DomainName ?? null }),
  reads: [
    describeInto({
      operation: 'acm:DescribeCertificate',
      send: (acm, _c, cert) => acm.send(new DescribeCertificateCommand({ CertificateArn: cert.arn })),
      pick: (o) => o.Certificate,
      field: 'Certificate',
      carries: ['Status', 'Type', 'KeyAlgorithm'],
      map: certificateProperties,
      properties: DESCRIBED,
    }),
    tagsFrom({
      operation: 'acm:ListTagsForCertificate',
      send: (acm, _c, cert) => acm.send(new ListTagsForCertificateCommand({ CertificateArn: cert.arn })),
      map: (o) => tagMap(o.Tags),
    }),
  ],
});
