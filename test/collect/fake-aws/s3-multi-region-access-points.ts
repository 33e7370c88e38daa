import type { AccountState, PublicAccessBlock } from './state.js';
import { el, page, s3Error, xml, type Reply } from './wire.js';

const INSTANCES = '/v20180820/mrap/instances';
const ONE = /^\/v20180820\/mrap\/instances\/([^/]+)\/(policy|policystatus)$/;

/** A Multi-Region Access Point as the fake holds it: what ListMultiRegionAccessPoints and the policy reads report. */
export interface MultiRegionAccessPointState {
  name: string;
  alias: string;
  created: Date;
  status: string;
  publicAccessBlock: PublicAccessBlock;
  regions: { bucket: string; region: string; bucketAccountId: string }[];
  /** The established policy; absent: none (S3 answers NoSuchMultiRegionAccessPointPolicy, as for access points). */
  policy?: string;
  /** S3's verdict on the policy, as GetMultiRegionAccessPointPolicyStatus gives it. */
  policyIsPublic?: boolean;
}

/** The operation a request under /v20180820/mrap is, or undefined for another S3 Control path. */
export function multiRegionAccessPointOperation(method: string, path: string): string | undefined {
  if (method !== 'GET') return undefined;
  if (path === INSTANCES) return 'ListMultiRegionAccessPoints';
  const sub = ONE.exec(path)?.[2];
  return sub === 'policy' ? 'GetMultiRegionAccessPointPolicy' : sub === 'policystatus' ? 'GetMultiRegionAccessPointPolicyStatus' : undefined;
}

function report(p: MultiRegionAccessPointState): string {
  const b = p.publicAccessBlock;
  const block = `<PublicAccessBlock>${el('BlockPublicAcls', b.blockPublicAcls)}${el('IgnorePublicAcls', b.ignorePublicAcls)}${el('BlockPublicPolicy', b.blockPublicPolicy)}${el('RestrictPublicBuckets', b.restrictPublicBuckets)}</PublicAccessBlock>`;
  const regions = p.regions.map((r) => `<Region>${el('Bucket', r.bucket)}${el('Region', r.region)}${el('BucketAccountId', r.bucketAccountId)}</Region>`).join('');
  return `<AccessPoint>${el('Name', p.name)}${el('Alias', p.alias)}${el('CreatedAt', p.created.toISOString())}${block}${el('Status', p.status)}<Regions>${regions}</Regions></AccessPoint>`;
}

/** S3 Control's Multi-Region Access Point reads: the list (paged by the test's page size) and each one's policy and policy status. */
export function multiRegionAccessPoints(state: AccountState, operation: string, path: string, query: URLSearchParams, pageSize: number | undefined): Reply | undefined {
  const all = state.multiRegionAccessPoints ?? [];
  if (operation === 'ListMultiRegionAccessPoints') {
    const { items, next } = page(all, query.get('nextToken'), pageSize);
    return xml(`<ListMultiRegionAccessPointsResult><AccessPoints>${items.map(report).join('')}</AccessPoints>${el('NextToken', next)}</ListMultiRegionAccessPointsResult>`);
  }
  const point = all.find((p) => p.name === ONE.exec(path)?.[1]);
  if (!point) return s3Error('NoSuchMultiRegionAccessPoint', 404);
  if (!point.policy) return s3Error('NoSuchMultiRegionAccessPointPolicy', 404);
  if (operation === 'GetMultiRegionAccessPointPolicy') {
    return xml(`<GetMultiRegionAccessPointPolicyResult><Policy><Established>${el('Policy', point.policy)}</Established></Policy></GetMultiRegionAccessPointPolicyResult>`);
  }
  return xml(`<GetMultiRegionAccessPointPolicyStatusResult><Established>${el('IsPublic', point.policyIsPublic ?? false)}</Established></GetMultiRegionAccessPointPolicyStatusResult>`);
}
