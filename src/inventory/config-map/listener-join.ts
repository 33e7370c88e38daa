import type { CollectionError, Resource, ScopedCollectionError } from '../resource.js';
import { LISTENER_TYPE } from './elbv2.js';

const LOAD_BALANCER_TYPE = 'AWS::ElasticLoadBalancingV2::LoadBalancer';

/** A listener item read, with the account and Region it was recorded in (`account|region`). */
export interface ReadListener {
  scope: string;
  loadBalancerArn: string;
  listener: Record<string, unknown>;
}

/** A listener item that could not be read, and the load balancer it named when that much could be read. */
export interface UnreadListener {
  scope: string;
  loadBalancerArn: string | undefined;
}

/** What the import saw of listener items. */
export interface ListenerItems {
  read: readonly ReadListener[];
  unread: readonly UnreadListener[];
  /** Scopes with a recorded listener item (current or deleted): there Config records the type. */
  recorded: ReadonlySet<string>;
  /**
   * The document lists every recorded resource (a snapshot file, an advanced query), so a load balancer
   * without a listener item in a scope where listeners are recorded has none. API items are read key by
   * key, and there a missing listener item says nothing.
   */
  wholeInventory: boolean;
}

const gap = (message: string, code = 'NotRecordedByConfig'): CollectionError => ({ property: 'listeners', operation: `config:${LISTENER_TYPE}`, code, message });

/** Orders listeners as a stable list whatever order the items came in: by port, then ARN. */
function byPort(a: Record<string, unknown>, b: Record<string, unknown>): number {
  return Number(a.port ?? -1) - Number(b.port ?? -1) || String(a.listenerArn).localeCompare(String(b.listenerArn));
}

/**
 * Joins Config's listener items to their load balancers by load balancer ARN, once every item is read (a
 * listener may come before or after its load balancer). A load balancer gets its listeners, none where the
 * document is a whole inventory recording listeners, and otherwise an error that leaves them unknown.
 * Returns the gap of listeners whose load balancer has no item in the data: they are left out.
 */
export function joinListeners(resources: readonly Resource[], items: ListenerItems): ScopedCollectionError[] {
  const byBalancer = new Map<string, Record<string, unknown>[]>();
  for (const l of items.read) {
    const list = byBalancer.get(l.loadBalancerArn);
    if (list) list.push(l.listener);
    else byBalancer.set(l.loadBalancerArn, [l.listener]);
  }
  const unreadBalancers = new Set(items.unread.flatMap((u) => (u.loadBalancerArn ? [u.loadBalancerArn] : [])));
  const unreadScopes = new Set(items.unread.filter((u) => !u.loadBalancerArn).map((u) => u.scope));
  const joined = new Set<string>();
  for (const lb of resources) {
    if (lb.resourceType !== LOAD_BALANCER_TYPE) continue;
    const scope = `${lb.accountId}|${lb.region}`;
    const listeners = byBalancer.get(lb.arn);
    if (listeners) joined.add(lb.arn);
    let error: CollectionError | undefined;
    if (unreadBalancers.has(lb.arn) || unreadScopes.has(scope)) {
      // One listener left out would make the others pass for the whole list.
      error = gap("A listener item that may be this load balancer's could not be read (see the rejected items), so its listener list is incomplete.", 'ListenerItemRejected');
    } else if (listeners) lb.properties.listeners = [...listeners].sort(byPort);
    else if (items.wholeInventory && items.recorded.has(scope)) lb.properties.listeners = [];
    else if (items.wholeInventory) error = gap(`No ${LISTENER_TYPE} items for this account and Region in the AWS Config data: AWS Config may not record listeners.`);
    else error = gap(`The AWS Config items read are not the whole inventory (API items read key by key, or a query with a failed page), and none of this load balancer's ${LISTENER_TYPE} items is among them.`);
    if (error) lb.errors = [...(lb.errors ?? []), error];
  }
  const orphans = items.read.filter((l) => !joined.has(l.loadBalancerArn)).length;
  if (orphans === 0) return [];
  return [
    {
      service: 'elbv2',
      operation: `config:${LISTENER_TYPE}`,
      code: 'LoadBalancerNotInData',
      message: `${orphans} listener item${orphans === 1 ? ' names a load balancer' : 's name load balancers'} with no item in the AWS Config data; left out.`,
    },
  ];
}
