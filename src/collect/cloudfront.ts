import { ListDistributionsCommand, ListTagsForResourceCommand, type DistributionSummary, type Origin } from '@aws-sdk/client-cloudfront';
import { certificateSource, originsWithViewers, type DistributionInput, type OriginInput } from '../inventory/cloudfront-distribution.js';
import { tagMap, type Collector, type CollectorContext } from './context.js';
import { declarativeCollector, tagsFrom } from './declarative.js';

/** The Region CloudFront's API (and its ACM certificates) live in, per partition. */
const API_REGION: Record<string, string> = { aws: 'us-east-1', 'aws-cn': 'cn-northwest-1', 'aws-us-gov': 'us-gov-west-1' };

const apiRegion = (ctx: CollectorContext): string => API_REGION[ctx.partition] ?? 'us-east-1';

function origin(o: Origin): OriginInput {
  const custom = o.CustomOriginConfig;
  return {
    id: o.Id ?? '',
    domainName: o.DomainName ?? null,
    kind: o.S3OriginConfig ? 's3' : o.VpcOriginConfig ? 'vpc' : 'custom',
    protocolPolicy: custom?.OriginProtocolPolicy ?? null,
    sslProtocols: custom ? (custom.OriginSslProtocols?.Items ?? []) : null,
    originAccessControlId: o.OriginAccessControlId || null,
    originAccessIdentity: o.S3OriginConfig?.OriginAccessIdentity || null,
  };
}

function viewerCertificateSource(d: DistributionSummary): ReturnType<typeof certificateSource> {
  const cert = d.ViewerCertificate;
  return certificateSource({ defaultCertificate: cert?.CloudFrontDefaultCertificate ?? null, acmArn: cert?.ACMCertificateArn ?? null, iamId: cert?.IAMCertificateId ?? null });
}

/** The listed distribution, in the model's terms. */
export function distributionProperties(d: DistributionSummary): Record<string, unknown> {
  const input: DistributionInput = {
    origins: (d.Origins?.Items ?? []).map(origin),
    originGroups: (d.OriginGroups?.Items ?? []).map((g) => ({ id: g.Id ?? '', members: (g.Members?.Items ?? []).map((m) => m.OriginId ?? '') })),
    behaviors: [
      { pathPattern: '*', targetOriginId: d.DefaultCacheBehavior?.TargetOriginId ?? '', viewerProtocolPolicy: d.DefaultCacheBehavior?.ViewerProtocolPolicy ?? null },
      ...(d.CacheBehaviors?.Items ?? []).map((b) => ({ pathPattern: b.PathPattern ?? '', targetOriginId: b.TargetOriginId ?? '', viewerProtocolPolicy: b.ViewerProtocolPolicy ?? null })),
    ],
  };
  const cert = d.ViewerCertificate;
  return {
    domainName: d.DomainName ?? null,
    enabled: d.Enabled ?? null,
    aliases: d.Aliases?.Items ?? [],
    cacheBehaviors: input.behaviors,
    origins: originsWithViewers(input),
    certificateSource: viewerCertificateSource(d),
    certificateArn: cert?.ACMCertificateArn ?? null,
    iamCertificateId: cert?.IAMCertificateId ?? null,
    sslSupportMethod: cert?.SSLSupportMethod ?? null,
    minimumProtocolVersion: cert?.MinimumProtocolVersion ?? null,
  };
}

/**
 * CloudFront distributions: a global service, listed once per account from
 * us-east-1 (its partition's equivalent elsewhere). ListDistributions already
 * carries the origins, behaviors and viewer certificate, so no per-distribution
 * GetDistributionConfig is needed; tags come from ListTagsForResource.
 */
export const cloudfrontCollector: Collector = declarativeCollector({
  service: 'cloudfront',
  client: 'cloudfront',
  resourceType: 'AWS::CloudFront::Distribution',
  global: { clientRegion: apiRegion },
  list: {
    operation: 'cloudfront:ListDistributions',
    page: (cf, t) => cf.send(new ListDistributionsCommand({ MaxItems: 100, ...(t ? { Marker: t } : {}) })),
    // An empty account's list has no Items; only a missing DistributionList is an odd answer.
    items: (o) => (o.DistributionList ? (o.DistributionList.Items ?? []) : undefined),
    next: (o) => (o.DistributionList?.IsTruncated ? o.DistributionList.NextMarker : undefined),
  },
  id: (d: DistributionSummary) => (d.ARN ? d.Id : undefined),
  idField: 'ARN or Id',
  arn: (_ctx, d) => d.ARN!,
  listed: (d) => distributionProperties(d),
  // The reference marks these members of a summary as always returned: without them the settings cannot be read.
  itemCarries: { fields: ['Origins', 'DefaultCacheBehavior', 'CacheBehaviors', 'ViewerCertificate', 'Aliases'], keep: ['domainName'] },
  unreported: (d) => ({ certificateSource: viewerCertificateSource(d) }),
  reads: [
    tagsFrom({
      operation: 'cloudfront:ListTagsForResource',
      send: (cf, _d, dist) => cf.send(new ListTagsForResourceCommand({ Resource: dist.arn })),
      map: (o) => tagMap(o.Tags?.Items),
    }),
  ],
});
