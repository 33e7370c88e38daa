import { ACCOUNT, type AccountState } from './state.js';
import { el, page, s3Error, xml, type Reply } from './wire.js';

const NS = 'http://awss3control.amazonaws.com/doc/2018-08-20/';
const ROOT = '/v20180820/accesspoint';
const SUBRESOURCES: Record<string, string> = { policy: 'GetAccessPointPolicy', policyStatus: 'GetAccessPointPolicyStatus' };

/** One access point: GetAccessPoint's answer (SDK-shaped, recorded), its policy and S3's verdict on it. */
export interface AccessPointState {
  point: Record<string, unknown> & { Name: string; AccessPointArn: string };
  /** The policy text; absent: none (NoSuchAccessPointPolicy). */
  policy?: string;
  /** GetAccessPointPolicyStatus' IsPublic for the policy. */
  isPublic?: boolean;
}

/** Whether a request is for the access points (S3 Control's other paths are the account's Block Public Access). */
export const isAccessPointPath = (path: string): boolean => path === ROOT || path.startsWith(`${ROOT}/`);

/** The S3 Control operation on access points a request names. */
export function accessPointOperation(method: string, path: string): string {
  const [name, sub, ...rest] = path.slice(ROOT.length + 1).split('/');
  if (method !== 'GET' || rest.length > 0) return `${method} ${path}`;
  if (!name) return 'ListAccessPoints';
  if (sub === undefined) return 'GetAccessPoint';
  return SUBRESOURCES[sub] ?? `${method} ${path}`;
}

/** A structure's fields as REST-XML elements; nested structures become nested elements. */
function fields(o: Record<string, unknown>): string {
  return Object.entries(o)
    .map(([k, v]) => (v !== null && typeof v === 'object' ? `<${k}>${fields(v as Record<string, unknown>)}</${k}>` : el(k, v as string | number | boolean | undefined)))
    .join('');
}

/** GetAccessPoint's answer: its fields, with the Endpoints map as REST-XML writes maps (`entry`, `key`, `value`). */
function describedXml(point: AccessPointState['point']): string {
  const { Endpoints, ...rest } = point;
  const entries = Object.entries((Endpoints ?? {}) as Record<string, string>).map(([k, v]) => `<entry>${el('key', k)}${el('value', v)}</entry>`);
  return fields(rest) + (entries.length ? `<Endpoints>${entries.join('')}</Endpoints>` : '');
}

/** The fields ListAccessPoints gives of each access point. */
function listedXml({ point: p }: AccessPointState): string {
  const listed = { Name: p.Name, NetworkOrigin: p.NetworkOrigin, VpcConfiguration: p.VpcConfiguration, Bucket: p.Bucket, AccessPointArn: p.AccessPointArn, Alias: p.Alias, BucketAccountId: p.BucketAccountId };
  return `<AccessPoint>${fields(listed)}</AccessPoint>`;
}

/**
 * S3 Control's access points (REST-XML): the list paged by `nextToken`, each
 * one's settings, policy and policy status. The account is named by the
 * `x-amz-account-id` header; a request for any other account is refused.
 */
export function s3AccessPoints(state: AccountState, operation: string, path: string, query: URLSearchParams, accountId: string | undefined, size: number | undefined): Reply | undefined {
  if (accountId !== ACCOUNT) return s3Error('AccessDenied', 403);
  const points = state.accessPoints ?? [];
  const name = decodeURIComponent(path.slice(ROOT.length + 1).split('/')[0] ?? '');
  const found = points.find((a) => a.point.Name === name);
  const missing = () => s3Error('NoSuchAccessPoint', 404);
  switch (operation) {
    case 'ListAccessPoints': {
      const p = page(points, query.get('nextToken'), size);
      return xml(`<ListAccessPointsResult xmlns="${NS}"><AccessPointList>${p.items.map(listedXml).join('')}</AccessPointList>${el('NextToken', p.next)}</ListAccessPointsResult>`);
    }
    case 'GetAccessPoint':
      return found ? xml(`<GetAccessPointResult xmlns="${NS}">${describedXml(found.point)}</GetAccessPointResult>`) : missing();
    case 'GetAccessPointPolicy':
      if (!found) return missing();
      return found.policy === undefined ? s3Error('NoSuchAccessPointPolicy', 404) : xml(`<GetAccessPointPolicyResult xmlns="${NS}">${el('Policy', found.policy)}</GetAccessPointPolicyResult>`);
    case 'GetAccessPointPolicyStatus':
      if (!found) return missing();
      if (found.policy === undefined) return s3Error('NoSuchAccessPointPolicy', 404);
      return xml(`<GetAccessPointPolicyStatusResult xmlns="${NS}"><PolicyStatus>${el('IsPublic', found.isPublic ?? false)}</PolicyStatus></GetAccessPointPolicyStatusResult>`);
    default:
      return undefined;
  }
}
