import type { Resource } from '../inventory/resource.js';
import type { AccessIndex } from './build-index.js';
import type { PolicyKind } from './model.js';
import { loadPolicy, type LoadedPolicy, type PolicyProblem } from './read-policy.js';
import { storeSpec } from './stores.js';

/**
 * Puts one data store (and its resource policy) into an index that was built
 * without it, for the time of the questions asked about it, and gives the
 * function that takes it out again. A scan asks about each store in turn: the
 * index holds identities and keys, never the whole estate of stores.
 */
export function addStore(index: AccessIndex, store: Resource): () => void {
  if (index.resources.has(store.arn)) return () => undefined;
  // buildAccessIndex makes these maps; the index hands them out read-only to every other reader.
  const resources = index.resources as Map<string, Resource>;
  const policies = index.resourcePolicies as Map<string, LoadedPolicy | null>;
  resources.set(store.arn, store);
  const prop = storeSpec(store.resourceType)?.policyProperty;
  const problems = index.policyProblems as Map<string, readonly PolicyProblem[]>;
  const hadPolicy = policies.has(store.arn);
  const hadProblems = problems.has(store.arn);
  if (prop !== undefined && prop in store.properties && !hadPolicy) {
    const raw = store.properties[prop];
    const kind: PolicyKind = store.resourceType === 'AWS::KMS::Key' ? 'key-policy' : 'resource';
    const loaded = raw === null ? { policy: null } : loadPolicy(raw, { kind, arn: store.arn });
    // A document that cannot be read stays out: the engine then counts the store's policy as unknown (a lower bound).
    if (loaded.policy !== undefined) policies.set(store.arn, loaded.policy);
    if ('problem' in loaded && loaded.problem && !hadProblems) problems.set(store.arn, [loaded.problem]);
  }
  return () => {
    resources.delete(store.arn);
    if (!hadPolicy) policies.delete(store.arn);
    if (!hadProblems) problems.delete(store.arn);
  };
}
