import type { KeyValue } from './elbv2.js';
import { ACCOUNT, type AccountState } from './state.js';
import { json, page, protocolError, withEpochSeconds, type Reply } from './wire.js';

/** QuickSight in the fake's region, its items SDK-shaped (recorded); absent: an account that never subscribed. */
export interface QuickSightState {
  /** DescribeAccountSettings' AccountSettings; absent: not subscribed (ResourceNotFoundException). */
  settings?: Record<string, unknown>;
  /** DescribeKeyRegistration's KeyRegistration; absent: no key registered, and the member is left out. */
  keys?: Record<string, unknown>[];
  dataSources: (Record<string, unknown> & { Arn: string })[];
  vpcConnections: (Record<string, unknown> & { Arn: string })[];
  /** Tags by resource ARN; a listed item without an entry has none. */
  tags: Record<string, KeyValue[]>;
}

// CreatedTime and LastUpdatedTime go as epoch seconds.
const TIME = /Time$/;

/** The REST-JSON operation a request names, for the request log and the faults. */
export function quicksightOperation(method: string, path: string): string {
  if (method !== 'GET') return `${method} ${path}`;
  const [, root, , what, ...rest] = path.split('/');
  if (root === 'resources' && what === 'tags' && rest.length === 0) return 'ListTagsForResource';
  if (root !== 'accounts' || rest.length > 0) return `${method} ${path}`;
  const byPath: Record<string, string> = {
    settings: 'DescribeAccountSettings',
    'key-registration': 'DescribeKeyRegistration',
    'data-sources': 'ListDataSources',
    'vpc-connections': 'ListVPCConnections',
  };
  return byPath[what ?? ''] ?? `${method} ${path}`;
}

/** A body as QuickSight sends it: the answer and its request id (the status is the HTTP one). */
const answer = (body: Record<string, unknown>): Reply => json({ ...body, RequestId: 'fake' });

/**
 * QuickSight (REST-JSON): the account settings and key registration, data
 * sources and VPC connections paged by `next-token`, and tags by ARN. A call
 * for another account's id is refused, as AWS refuses it.
 */
export function quicksight(state: AccountState, operation: string, path: string, query: URLSearchParams, size: number | undefined): Reply | undefined {
  const qs = state.quickSight;
  const [, root = '', target = ''] = path.split('/').map(decodeURIComponent);
  if (root === 'accounts' && target !== ACCOUNT) return protocolError('rest-json', 'AccessDeniedException', `not authorized for account ${target}`, 401);
  const notSubscribed = () => protocolError('rest-json', 'ResourceNotFoundException', `Account ${ACCOUNT} is not signed up with QuickSight`, 404);
  const listed = (member: string, items: readonly unknown[]) => {
    const p = page(items, query.get('next-token'), size);
    return answer({ [member]: p.items.map((i) => withEpochSeconds(i, TIME)), ...(p.next ? { NextToken: p.next } : {}) });
  };
  switch (operation) {
    case 'DescribeAccountSettings':
      return qs?.settings ? answer({ AccountSettings: qs.settings }) : notSubscribed();
    case 'DescribeKeyRegistration':
      return answer({ AwsAccountId: ACCOUNT, ...(qs?.keys ? { KeyRegistration: qs.keys } : {}) });
    case 'ListDataSources':
      return qs ? listed('DataSources', qs.dataSources) : notSubscribed();
    case 'ListVPCConnections':
      return qs ? listed('VPCConnectionSummaries', qs.vpcConnections) : notSubscribed();
    case 'ListTagsForResource': {
      if (!qs || ![...qs.dataSources, ...qs.vpcConnections].some((i) => i.Arn === target)) return protocolError('rest-json', 'ResourceNotFoundException', `${target} not found`, 404);
      return answer({ Tags: Object.hasOwn(qs.tags, target) ? qs.tags[target] : [] });
    }
    default:
      return undefined;
  }
}
