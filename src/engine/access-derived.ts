import { addStore } from '../access/add-store.js';
import { buildAccessIndex, type AccessIndex } from '../access/build-index.js';
import type { AccessReason, Bounds } from '../access/model.js';
import { STORE_ACTIONS } from '../access/store-actions.js';
import { isDataStore } from '../access/stores.js';
import { AccessEngine, whoCan, type Grantee, type WhoCanAnswer } from '../access/who-can.js';
import { IDENTITY_AND_GUARDRAIL_TYPES } from '../inventory/referenced-types.js';
import type { Resource } from '../inventory/resource.js';
import type { SchemaNode } from '../inventory/resource-schemas.js';
import { describePrincipal } from '../policy/principal.js';
import type { Derived } from './encryption.js';
import type { InventoryIndex } from './inventory-index.js';
import { MAX_CHAINS, type AccessList, type StoreAccess } from './access-ledger.js';

/**
 * `$access`: who can read a data store and who can decrypt it, from the access
 * engine (src/access). Computed only when a loaded rule names `$access`, and
 * then only for the store being evaluated; the engine's index (identities,
 * keys, guardrails) is built once per scan from the indexed resources.
 */

/** The resource types the engine needs besides the store itself: a rule naming `$access` makes the scan index them. */
export const ACCESS_INDEX_TYPES: readonly string[] = [...IDENTITY_AND_GUARDRAIL_TYPES, 'AWS::KMS::Key', 'AWS::KMS::Alias'];

/** One principal that can act, as rules test it and reports show it. */
export interface AccessFact {
  principal: string;
  kind: Grantee['kind'];
  /** The principal's account, null for everyone and service principals. */
  account: string | null;
  /** The principal account's organization, when the inventory knows it. */
  organizationId: string | null;
  /** Not of the store's account: another account, a federated identity, or everyone. */
  external: boolean;
  /** Roles assumed on the way, first to last. */
  via: string[];
  /** The principal, the roles, the action and the statements that allow it, in one line. */
  chain: string;
  action: string;
  /** An identity policy statement on Resource "*" (or NotResource) is among the allowing statements. */
  identityOnAll: boolean;
  /** For IAM users: how many active access keys they have; null when not known or not a user. */
  activeAccessKeys: number | null;
}

const FACT: SchemaNode = {
  type: 'object',
  properties: {
    principal: { type: 'string' },
    kind: { type: 'string' },
    account: { type: ['string', 'null'] },
    organizationId: { type: ['string', 'null'] },
    external: { type: 'boolean' },
    via: { type: 'array', items: { type: 'string' } },
    chain: { type: 'string' },
    action: { type: 'string' },
    identityOnAll: { type: 'boolean' },
    activeAccessKeys: { type: ['number', 'null'] },
  },
};
const FACTS: SchemaNode = { type: 'array', items: FACT };

/** The fields of `$access`, for checking rule paths at load. */
export const ACCESS_SCHEMA: SchemaNode = {
  type: 'object',
  additionalProperties: false,
  properties: {
    readers: FACTS,
    decrypters: FACTS,
    keyOnly: FACTS,
    keyArn: { type: ['string', 'null'] },
    complete: { type: 'boolean' },
    iamInScope: { type: 'boolean' },
  },
};

/** The engine for one inventory index, or the answer every store gets without one; rebuilt when the index grows. */
interface EngineSlot {
  size: number;
  engine: AccessEngine | undefined;
  withoutEngine?: Derived;
  users: Map<string, Resource>;
}
const engines = new WeakMap<InventoryIndex, EngineSlot>();

const PRINCIPAL_TYPES = new Set(['AWS::IAM::User', 'AWS::IAM::Role']);

/**
 * What `$access` says of every store when the inventory holds no identities:
 * IAM out of the collection's scope (`--services s3`) leaves the access rules
 * out (`iamInScope` false), as a service not collected does; IAM in scope but
 * unreadable (a recorded IAM error) makes every answer UNKNOWN.
 */
function withoutIdentities(index: InventoryIndex): Derived {
  const iamFailed = index.header?.errors?.some((e) => e.service === 'iam') === true;
  const why = iamFailed ? 'IAM could not be read (see the collection errors)' : 'the inventory holds no IAM users or roles (IAM was not collected)';
  const missing = Object.fromEntries(Object.keys(ACCESS_SCHEMA.properties!).filter((f) => f !== 'iamInScope').map((f) => [f, why]));
  return { values: { iamInScope: iamFailed }, missing };
}

function engineFor(index: InventoryIndex): EngineSlot {
  const known = engines.get(index);
  if (known && known.size === index.size) return known;
  const resources = index.resources(new Set(ACCESS_INDEX_TYPES));
  const users = new Map(resources.filter((r) => r.resourceType === 'AWS::IAM::User').map((r) => [r.arn, r]));
  // Without identities nothing can be said of who can act: every answer would be a guess from resource policies alone.
  const slot: EngineSlot = resources.some((r) => PRINCIPAL_TYPES.has(r.resourceType))
    ? { size: index.size, engine: new AccessEngine(buildAccessIndex(resources, index.header)), users }
    : { size: index.size, engine: undefined, withoutEngine: withoutIdentities(index), users };
  engines.set(index, slot);
  return slot;
}

function activeKeys(user: Resource | undefined): number | null {
  const keys = user?.properties.accessKeys;
  if (!Array.isArray(keys)) return null;
  return keys.filter((k) => (k as { status?: unknown } | null)?.status === 'Active').length;
}

function describeReason(r: AccessReason): string {
  const where = r.policyName ?? r.policyArn;
  const at = r.grantId !== undefined ? ` grant ${r.grantId}` : r.statementIndex !== undefined ? ` statement ${r.statementIndex}${r.sid ? ` (${r.sid})` : ''}` : '';
  return `${r.kind} ${where}${at}`;
}

/** Whether an identity statement among the reasons allows on every resource. */
function identityOnAll(index: AccessIndex, principal: string, reasons: readonly AccessReason[]): boolean {
  const holder = index.principals.get(principal);
  if (!holder) return false;
  return reasons.some((r) => {
    if (r.kind !== 'identity') return false;
    const policy = holder.identity.find((p) => p.arn === r.policyArn && p.name === r.policyName);
    const st = policy?.policy.statements.find((s) => s.index === r.statementIndex);
    return st !== undefined && (st.resource?.includes('*') === true || st.notResource !== undefined);
  });
}

function factOf(slot: EngineSlot, engine: AccessEngine, store: Resource, g: Grantee, reasons: readonly AccessReason[]): AccessFact {
  const who = describePrincipal(g.principal);
  const account = who.kind === 'iam' ? who.accountId : null;
  const external = g.kind === 'public' || g.kind === 'federated' || (account !== null && account !== store.accountId);
  const chain = [g.principal, ...g.via].join(' → ');
  return {
    principal: g.principal,
    kind: g.kind,
    account,
    organizationId: account === null ? null : (engine.index.guardrails.get(account)?.organizationId ?? null),
    external,
    via: [...g.via],
    chain: `${chain}: ${g.action} by ${[...new Set(reasons.map(describeReason))].join('; ')}`,
    action: g.action,
    identityOnAll: g.via.length === 0 && identityOnAll(engine.index, g.principal, g.reasons),
    activeAccessKeys: g.kind === 'user' ? activeKeys(slot.users.get(g.principal)) : null,
  };
}

function facts(slot: EngineSlot, engine: AccessEngine, store: Resource, answer: WhoCanAnswer): AccessFact[] {
  return answer.grantees.map((g) => factOf(slot, engine, store, g, [...g.reasons, ...(g.keyReasons ?? [])]));
}

/** Data-plane readers without the key path: who the store's own policies let read. */
function dataReaders(engine: AccessEngine, store: Resource): { principals: Set<string>; bounds: Bounds[] } {
  const principals = new Set<string>();
  const bounds: Bounds[] = [];
  for (const action of STORE_ACTIONS[store.resourceType]?.read ?? []) {
    const a = whoCan(engine, store, { action });
    bounds.push(a.bounds);
    for (const g of a.grantees) principals.add(g.principal);
  }
  return { principals, bounds };
}

function listOf(facts: readonly AccessFact[]): AccessList {
  return { count: facts.length, external: facts.filter((f) => f.external).length, chains: facts.slice(0, MAX_CHAINS).map((f) => f.chain) };
}

function ledgerEntry(r: Resource, readers: readonly AccessFact[], decrypters: readonly AccessFact[], lower: readonly string[]): StoreAccess {
  return {
    arn: r.arn,
    resourceType: r.resourceType,
    name: r.name ?? r.resourceId,
    readers: listOf(readers),
    decrypters: listOf(decrypters),
    ...(lower.length > 0 ? { incomplete: [...new Set(lower)].slice(0, 3).join('; ') } : {}),
  };
}

/** Derives `$access` for a data store the engine answers for; UNKNOWN fields say why when IAM data is missing. */
export function deriveAccess(r: Resource, index: InventoryIndex): Derived | undefined {
  if (!isDataStore(r.resourceType)) return undefined;
  const slot = engineFor(index);
  const { engine } = slot;
  if (!engine) return slot.withoutEngine;
  const remove = addStore(engine.index, r);
  try {
    const read = whoCan(engine, r, { actionClass: 'read' });
    const isKey = r.resourceType === 'AWS::KMS::Key';
    const decrypt = isKey ? read : whoCan(engine, r, { actionClass: 'decrypt' });
    const values: Record<string, unknown> = { iamInScope: true };
    const missing: Record<string, string> = {};
    values.readers = facts(slot, engine, r, read);
    values.decrypters = facts(slot, engine, r, decrypt);
    const keyResource = isKey || decrypt.key === undefined ? undefined : engine.index.keys.get(decrypt.key);
    const customerKey = keyResource !== undefined && keyResource.properties.keyManager !== 'AWS' ? keyResource.arn : null;
    values.keyArn = customerKey;
    const bounds = [read.bounds, decrypt.bounds];
    if (customerKey !== null) {
      const data = dataReaders(engine, r);
      bounds.push(...data.bounds);
      values.keyOnly = (values.decrypters as AccessFact[]).filter((f) => !data.principals.has(f.principal));
    } else values.keyOnly = [];
    const lower = bounds.flatMap((b) => (b.lower ? b.reasons : []));
    index.accessLedger?.record(ledgerEntry(r, values.readers as AccessFact[], values.decrypters as AccessFact[], lower));
    // A lower bound may miss a principal: it cannot show that nobody unwanted has access.
    if (lower.length === 0) values.complete = true;
    else missing.complete = `more principals may have access than the inventory shows: ${[...new Set(lower)].slice(0, 3).join('; ')}`;
    return { values, missing };
  } finally {
    remove();
  }
}
