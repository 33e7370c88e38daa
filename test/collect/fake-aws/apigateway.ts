import type { AccountState } from './state.js';
import { json, page, protocolError, withEpochSeconds, type Reply } from './wire.js';

/** A REST API (SDK-shaped, recorded) with its stages. */
export interface RestApiState {
  api: Record<string, unknown> & { id: string };
  stages: Record<string, unknown>[];
}

/** API Gateway's REST APIs and custom domain names; absent: none. */
export interface ApiGatewayState {
  restApis: RestApiState[];
  domainNames: (Record<string, unknown> & { domainName: string })[];
}

// API Gateway's timestamps (createdDate, lastUpdatedDate, certificateUploadDate) go as epoch seconds.
const DATE = /Date$/;

/** The REST-JSON operation a request names, for the request log and the faults. */
export function apigatewayOperation(method: string, path: string): string {
  if (method !== 'GET') return `${method} ${path}`;
  if (/^\/restapis\/?$/.test(path)) return 'GetRestApis';
  if (/^\/restapis\/[^/]+\/stages\/?$/.test(path)) return 'GetStages';
  if (/^\/domainnames\/?$/.test(path)) return 'GetDomainNames';
  return `${method} ${path}`;
}

/**
 * One page of a collection as API Gateway sends it: the list under `item`
 * (the SDK's `items`), the next page's token as `position`.
 */
function collection(items: readonly unknown[], query: URLSearchParams, size: number | undefined): Reply {
  const p = page(items, query.get('position'), size);
  return json({ item: p.items.map((i) => withEpochSeconds(i, DATE)), ...(p.next ? { position: p.next } : {}) });
}

/** API Gateway (REST-JSON): REST APIs and their stages, and custom domain names, the lists paged by `position`. */
export function apigateway(state: AccountState, operation: string, path: string, query: URLSearchParams, size: number | undefined): Reply | undefined {
  const gw = state.apiGateway ?? { restApis: [], domainNames: [] };
  switch (operation) {
    case 'GetRestApis':
      return collection(gw.restApis.map((r) => r.api), query, size);
    case 'GetStages': {
      const id = decodeURIComponent(path.split('/')[2] ?? '');
      const api = gw.restApis.find((r) => r.api.id === id);
      if (!api) return protocolError('rest-json', 'NotFoundException', 'Invalid API identifier specified', 404);
      // GetStages is not paged: every stage comes in one answer.
      return json({ item: api.stages.map((s) => withEpochSeconds(s, DATE)) });
    }
    case 'GetDomainNames':
      return collection(gw.domainNames, query, size);
    default:
      return undefined;
  }
}
