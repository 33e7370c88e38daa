import { InputError } from '../errors.js';
import type { Resource, ScopedCollectionError, SnapshotHeader } from './resource.js';

/**
 * The part of an inventory a scan evaluates (`--services`, `--regions` with a
 * snapshot). Resources outside it are still read, so that rules can follow
 * references into them (a bucket's KMS key in another region stays known).
 */
export interface InventoryScope {
  /** Service names as `--services` spells them. */
  services?: readonly string[];
  /** Region codes; account-wide settings (`global`) are always in scope. */
  regions?: readonly string[];
}

/** Resource-type services whose `--services` name differs from the type's middle part lowercased. */
const SERVICE_OF_NAMESPACE: Readonly<Record<string, string>> = {
  kinesisfirehose: 'firehose',
  elasticsearch: 'opensearch',
  // The account's place in the organization and its guardrails are read by the IAM collector.
  organizations: 'iam',
  elasticloadbalancingv2: 'elbv2',
  elasticloadbalancing: 'elb',
  cloudhsm: 'cloudhsmv2',
};

/** The `--services` name of a resource type: `AWS::KinesisFirehose::DeliveryStream` → `firehose`. */
export function serviceOfType(resourceType: string): string {
  const namespace = (resourceType.split('::')[1] ?? '').toLowerCase();
  return Object.hasOwn(SERVICE_OF_NAMESPACE, namespace) ? SERVICE_OF_NAMESPACE[namespace]! : namespace;
}

/**
 * Whether a resource is in scope. A region the snapshot was not collected
 * from is an input error naming the file: filtering on it would scan nothing
 * and look clean.
 */
export function scopeFilter(scope: InventoryScope, header: SnapshotHeader, file: string): (r: Resource) => boolean {
  const missing = (scope.regions ?? []).filter((r) => !header.regions.includes(r));
  if (missing.length > 0) {
    throw new InputError(`${file}: --regions ${missing.join(',')}: the snapshot holds no such region (it has: ${header.regions.join(', ') || 'none'})`);
  }
  const services = scope.services ? new Set(scope.services) : undefined;
  const regions = scope.regions ? new Set(scope.regions) : undefined;
  return (r) => (!services || services.has(serviceOfType(r.resourceType))) && (!regions || r.region === 'global' || regions.has(r.region));
}

/** Whether a header's collection error concerns the scope: errors of other services or regions would fail `--strict` for data the scan does not look at. */
export function errorInScope(scope: InventoryScope, error: ScopedCollectionError): boolean {
  const service = error.service ?? error.operation.split(':', 1)[0];
  return (
    (!scope.services || service === undefined || scope.services.includes(service)) &&
    (!scope.regions || error.region === undefined || error.region === 'global' || scope.regions.includes(error.region))
  );
}
