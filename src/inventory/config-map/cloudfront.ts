import { certificateSource, originsWithViewers, type BehaviorInput, type DistributionInput, type OriginInput } from '../cloudfront-distribution.js';
import type { Cursor } from './cursor.js';
import { put, type ItemReader, type MappedResource } from './item.js';

/** The `items` of a CloudFront list (`{quantity, items}`); Config leaves `items` out of an empty one. */
const items = (c: Cursor): Cursor[] => c.at('items').list() ?? [];

function origin(o: Cursor): OriginInput {
  const custom = o.at('customOriginConfig');
  const s3 = o.at('s3OriginConfig');
  const isCustom = custom.object() != null;
  return {
    id: o.at('id').str() ?? '',
    domainName: o.at('domainName').str() ?? null,
    kind: s3.object() != null ? 's3' : o.at('vpcOriginConfig').object() != null ? 'vpc' : 'custom',
    protocolPolicy: isCustom ? (custom.at('originProtocolPolicy').str() ?? null) : null,
    sslProtocols: isCustom ? (custom.at('originSslProtocols.items').strings() ?? []) : null,
    originAccessControlId: o.at('originAccessControlId').str() || null,
    originAccessIdentity: s3.at('originAccessIdentity').str() || null,
  };
}

function behavior(b: Cursor, pathPattern: string): BehaviorInput {
  return { pathPattern, targetOriginId: b.at('targetOriginId').str() ?? '', viewerProtocolPolicy: b.at('viewerProtocolPolicy').str() ?? null };
}

/**
 * Config records the distribution's DistributionConfig, camel-cased: the same
 * settings ListDistributions gives, so every property is mapped. Distributions
 * are global: region `global`, as the collector places them.
 */
export function mapDistribution(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const config = r.conf('distributionConfig');
  const id = r.conf('id').str() ?? r.item.resourceId;
  const arn = r.item.arn ?? r.conf('arn').str() ?? undefined;
  put(p, 'domainName', r.conf('domainName').str() ?? null);
  put(p, 'enabled', config.at('enabled').bool() ?? null);
  put(p, 'aliases', config.at('aliases.items').strings() ?? []);
  const defaultBehavior = config.at('defaultCacheBehavior');
  if (config.object() && defaultBehavior.object()) {
    const input: DistributionInput = {
      origins: items(config.at('origins')).map(origin),
      originGroups: items(config.at('originGroups')).map((g) => ({ id: g.at('id').str() ?? '', members: items(g.at('members')).map((m) => m.at('originId').str() ?? '') })),
      behaviors: [behavior(defaultBehavior, '*'), ...items(config.at('cacheBehaviors')).map((b) => behavior(b, b.at('pathPattern').str() ?? ''))],
    };
    p.cacheBehaviors = input.behaviors;
    p.origins = originsWithViewers(input);
  }
  const cert = config.at('viewerCertificate');
  const acmArn = cert.at('acmCertificateArn').str() ?? null;
  const iamId = cert.at('iamCertificateId').str() ?? null;
  put(p, 'certificateSource', certificateSource({ defaultCertificate: cert.at('cloudFrontDefaultCertificate').bool() ?? null, acmArn, iamId }));
  if (cert.object()) {
    p.certificateArn = acmArn;
    p.iamCertificateId = iamId;
    p.sslSupportMethod = cert.at('sslSupportMethod').str() ?? null;
    p.minimumProtocolVersion = cert.at('minimumProtocolVersion').str() ?? null;
  }
  return { properties: p, name: id, resourceId: id, ...(arn ? { arn } : {}), region: 'global' };
}
