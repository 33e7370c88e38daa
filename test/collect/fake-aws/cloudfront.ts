import { ACCOUNT, type AccountState, type DistributionState } from './state.js';
import { el, page, xml, type Reply } from './wire.js';

const NS = 'http://cloudfront.amazonaws.com/doc/2020-05-31/';
const arn = (id: string) => `arn:aws:cloudfront::${ACCOUNT}:distribution/${id}`;

/** The operation a CloudFront REST-XML request calls, named as the collectors name it. */
export function cloudfrontOperation(method: string, pathname: string): string {
  if (method === 'GET' && pathname === '/2020-05-31/distribution') return 'ListDistributions';
  if (method === 'GET' && pathname === '/2020-05-31/tagging') return 'ListTagsForResource';
  return `${method} ${pathname}`;
}

function certificateXml(d: DistributionState): string {
  return d.acmCertificateArn
    ? `<ViewerCertificate>${el('ACMCertificateArn', d.acmCertificateArn)}<SSLSupportMethod>sni-only</SSLSupportMethod>${el('MinimumProtocolVersion', d.minimumProtocolVersion)}<CertificateSource>acm</CertificateSource></ViewerCertificate>`
    : `<ViewerCertificate><CloudFrontDefaultCertificate>true</CloudFrontDefaultCertificate>${el('MinimumProtocolVersion', d.minimumProtocolVersion)}<CertificateSource>cloudfront</CertificateSource></ViewerCertificate>`;
}

function summaryXml(d: DistributionState): string {
  const origin =
    `<Origin><Id>origin-1</Id>${el('DomainName', d.originDomain)}<OriginPath></OriginPath><CustomHeaders><Quantity>0</Quantity></CustomHeaders>` +
    `<CustomOriginConfig><HTTPPort>80</HTTPPort><HTTPSPort>443</HTTPSPort>${el('OriginProtocolPolicy', d.originProtocolPolicy)}` +
    `<OriginSslProtocols><Quantity>1</Quantity><Items><SslProtocol>TLSv1.2</SslProtocol></Items></OriginSslProtocols></CustomOriginConfig></Origin>`;
  return (
    `<DistributionSummary>${el('Id', d.id)}${el('ARN', arn(d.id))}<Status>Deployed</Status><LastModifiedTime>2024-01-01T00:00:00Z</LastModifiedTime>` +
    `${el('DomainName', `${d.id.toLowerCase()}.cloudfront.net`)}<Aliases><Quantity>0</Quantity></Aliases>` +
    `<Origins><Quantity>1</Quantity><Items>${origin}</Items></Origins><OriginGroups><Quantity>0</Quantity></OriginGroups>` +
    `<DefaultCacheBehavior><TargetOriginId>origin-1</TargetOriginId>${el('ViewerProtocolPolicy', d.viewerProtocolPolicy)}</DefaultCacheBehavior>` +
    `<CacheBehaviors><Quantity>0</Quantity></CacheBehaviors><CustomErrorResponses><Quantity>0</Quantity></CustomErrorResponses>` +
    `<Comment></Comment><PriceClass>PriceClass_All</PriceClass><Enabled>true</Enabled>${certificateXml(d)}` +
    `<Restrictions><GeoRestriction><RestrictionType>none</RestrictionType><Quantity>0</Quantity></GeoRestriction></Restrictions>` +
    `<WebACLId></WebACLId><HttpVersion>http2</HttpVersion><IsIPV6Enabled>true</IsIPV6Enabled><Staging>false</Staging></DistributionSummary>`
  );
}

/** CloudFront (REST-XML, global): the distributions' summaries, in pages, and their tags. */
export function cloudfront(state: AccountState, operation: string, params: URLSearchParams, pageSize: number | undefined): Reply | undefined {
  switch (operation) {
    case 'ListDistributions': {
      const { items, next } = page([...state.distributions.values()], params.get('Marker'), pageSize);
      const list = items.length ? `<Items>${items.map(summaryXml).join('')}</Items>` : '';
      return xml(
        `<DistributionList xmlns="${NS}">${el('Marker', params.get('Marker') ?? '')}${el('NextMarker', next)}<MaxItems>100</MaxItems>` +
          `${el('IsTruncated', next !== undefined)}${el('Quantity', items.length)}${list}</DistributionList>`,
      );
    }
    case 'ListTagsForResource': {
      const d = [...state.distributions.values()].find((x) => arn(x.id) === params.get('Resource'));
      if (!d) return undefined;
      const tags = Object.entries(d.tags).map(([k, v]) => `<Tag>${el('Key', k)}${el('Value', v)}</Tag>`).join('');
      return xml(`<Tags xmlns="${NS}"><Items>${tags}</Items></Tags>`);
    }
    default:
      return undefined;
  }
}
