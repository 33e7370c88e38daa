import type { Resource, SnapshotHeader } from '../inventory/resource.js';
import { isRecord } from '../inventory/config-map/cursor.js';
import { loadPolicy, type LoadedPolicy, type PolicyProblem } from './read-policy.js';
import type { PolicyKind } from './model.js';
import { storeSpec } from './stores.js';

/** An IAM user or role of the inventory, with every policy that applies to it. */
export interface IamPrincipal {
  readonly kind: 'user' | 'role';
  readonly arn: string;
  readonly accountId: string;
  /** Inline, managed and (for users) group policies. */
  readonly identity: readonly LoadedPolicy[];
  /** The permissions boundary: a policy, `null` for none, `undefined` when it could not be read. */
  readonly boundary: LoadedPolicy | null | undefined;
  /** Role trust policy. */
  readonly trust?: LoadedPolicy;
  readonly serviceLinked: boolean;
  /** Policies that could not be read: identity ones make answers a lower bound, a boundary an upper bound. */
  readonly grantProblems: readonly string[];
  readonly limitProblems: readonly string[];
}

/** A KMS grant as collected (iam-model.md). */
export interface KmsGrant {
  readonly grantId: string;
  readonly granteePrincipal: string;
  readonly operations: readonly string[];
  readonly constraints: { readonly encryptionContextSubset?: Record<string, string>; readonly encryptionContextEquals?: Record<string, string> } | null;
}

/** SCPs and RCPs that apply to one account: one list per level (root, OUs, the account), or undefined when unknown. */
export interface Guardrails {
  readonly organizationId: string;
  readonly managementAccountId: string;
  /** Undefined when the organization's SCPs are not in the inventory (SCPs not enabled, or not read). */
  readonly scps?: readonly (readonly LoadedPolicy[])[];
  readonly rcps: readonly (readonly LoadedPolicy[])[];
}

/** Everything the engine looks up, built once from an inventory. */
export interface AccessIndex {
  readonly principals: ReadonlyMap<string, IamPrincipal>;
  readonly resources: ReadonlyMap<string, Resource>;
  /** KMS keys by ARN, by `account|region|keyId` and by `account|region|alias/name`. */
  readonly keys: ReadonlyMap<string, Resource>;
  /** Resource, key and trust policies by the ARN of what they are attached to; `null` when read and absent, missing when unread. */
  readonly resourcePolicies: ReadonlyMap<string, LoadedPolicy | null>;
  /** Grants per key ARN; missing when they could not be read. */
  readonly grants: ReadonlyMap<string, readonly KmsGrant[]>;
  /** Guardrails per account; `undefined` value when the account's place in the organization could not be read. */
  readonly guardrails: ReadonlyMap<string, Guardrails | undefined>;
  /** The accounts the inventory covers. */
  readonly accounts: ReadonlySet<string>;
  /** Problems reading a policy document, by the ARN it belongs to. */
  readonly policyProblems: ReadonlyMap<string, readonly PolicyProblem[]>;
}

interface Named {
  policyName: string;
  policyDocument: unknown;
}
interface Attached {
  policyArn: string;
  policyName?: string;
}

function list<T>(v: unknown, ok: (x: unknown) => x is T): T[] | undefined {
  return Array.isArray(v) ? v.filter(ok) : undefined;
}
const isInline = (x: unknown): x is Named => isRecord(x) && typeof x.policyName === 'string' && 'policyDocument' in x;
const isAttached = (x: unknown): x is Attached => isRecord(x) && typeof x.policyArn === 'string';

class Builder {
  readonly problems = new Map<string, PolicyProblem[]>();
  readonly managed = new Map<string, Resource>();

  note(p: PolicyProblem): void {
    const at = this.problems.get(p.arn) ?? [];
    at.push(p);
    this.problems.set(p.arn, at);
  }

  load(raw: unknown, where: { kind: PolicyKind; arn: string; name?: string }): LoadedPolicy | undefined {
    const { policy, problem } = loadPolicy(raw, where);
    if (problem) this.note(problem);
    return policy;
  }

  /** Inline and attached policies of a user, group or role; what cannot be read is named in `missing`. */
  policiesOf(r: Resource, missing: string[]): LoadedPolicy[] {
    const p = r.properties;
    const out: LoadedPolicy[] = [];
    const inline = list(p.inlinePolicies, isInline);
    if (!inline) missing.push(`inline policies of ${r.arn} were not collected`);
    for (const i of inline ?? []) {
      const loaded = this.load(i.policyDocument, { kind: 'identity', arn: r.arn, name: i.policyName });
      if (loaded) out.push(loaded);
      else missing.push(`inline policy ${i.policyName} of ${r.arn} cannot be read`);
    }
    const attached = list(p.attachedManagedPolicies, isAttached);
    if (!attached) missing.push(`managed policies attached to ${r.arn} were not collected`);
    for (const a of attached ?? []) {
      const doc = this.managedDocument(a.policyArn, r.accountId);
      const loaded = doc === undefined ? undefined : this.load(doc, { kind: 'identity', arn: a.policyArn, name: a.policyName ?? a.policyArn });
      if (loaded) out.push(loaded);
      else missing.push(`managed policy ${a.policyArn} attached to ${r.arn} is not in the inventory or cannot be read`);
    }
    return out;
  }

  managedDocument(arn: string, accountId: string): unknown {
    const m = this.managed.get(`${accountId}|${arn}`) ?? this.managed.get(`|${arn}`);
    return m && 'document' in m.properties ? m.properties.document : undefined;
  }
}

function keyEntries(r: Resource): string[] {
  const scope = `${r.accountId}|${r.region}|`;
  const keyId = typeof r.properties.keyId === 'string' ? r.properties.keyId : r.resourceId;
  const aliases = list(r.properties.aliases, (x): x is string => typeof x === 'string') ?? [];
  return [r.arn, `${scope}${keyId}`, ...aliases.flatMap((a) => [`${scope}${a}`, `arn:aws:kms:${r.region}:${r.accountId}:${a}`])];
}

function readGrants(v: unknown): KmsGrant[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.filter(
    (g): g is KmsGrant => isRecord(g) && typeof g.grantId === 'string' && typeof g.granteePrincipal === 'string' && Array.isArray(g.operations),
  );
}

function guardrailsFor(account: Resource, policies: readonly Resource[], b: Builder): Guardrails | undefined {
  const p = account.properties;
  const path = list(p.parentPath, (x): x is string => typeof x === 'string');
  if (!path || typeof p.organizationId !== 'string' || typeof p.managementAccountId !== 'string') return undefined;
  const levels = [...path, account.resourceId];
  const byType = (type: string) =>
    levels.map((target) =>
      policies
        .filter((o) => o.properties.type === type && Array.isArray(o.properties.targets) && (o.properties.targets as unknown[]).some((t) => isRecord(t) && t.targetId === target))
        .flatMap((o) => {
          const loaded = b.load(o.properties.document, { kind: type === 'SERVICE_CONTROL_POLICY' ? 'scp' : 'rcp', arn: o.arn, name: String(o.properties.name ?? o.resourceId) });
          return loaded ? [loaded] : [];
        }),
    );
  const hasScps = policies.some((o) => o.properties.type === 'SERVICE_CONTROL_POLICY');
  const scps = hasScps ? byType('SERVICE_CONTROL_POLICY') : undefined;
  return {
    organizationId: p.organizationId,
    managementAccountId: p.managementAccountId,
    ...(scps ? { scps } : {}),
    rcps: byType('RESOURCE_CONTROL_POLICY'),
  };
}

/** Whether the header records that an account's place in its organization could not be read. */
function organizationUnread(header: Pick<SnapshotHeader, 'errors'> | undefined, accountId: string): boolean {
  return (header?.errors ?? []).some(
    (e) =>
      // A live read names the Organizations call; a Config import names the types Config does not record.
      (e.service === 'organizations' || e.operation.startsWith('organizations:') || e.operation.includes('AWS::Organizations::')) &&
      (e.accountId === undefined || e.accountId === accountId),
  );
}

/** Builds the index the engine decides with; reads every policy document once. */
export function buildAccessIndex(resources: readonly Resource[], header?: Pick<SnapshotHeader, 'errors' | 'accounts'>): AccessIndex {
  const b = new Builder();
  const byType = new Map<string, Resource[]>();
  for (const r of resources) {
    const at = byType.get(r.resourceType) ?? [];
    at.push(r);
    byType.set(r.resourceType, at);
  }
  const of = (t: string) => byType.get(t) ?? [];
  for (const m of of('AWS::IAM::Policy')) {
    b.managed.set(`${m.accountId}|${m.arn}`, m);
    // AWS managed policies are the same in every account: any copy serves.
    if (m.properties.awsManaged === true) b.managed.set(`|${m.arn}`, m);
  }
  const groups = new Map<string, Resource>();
  for (const g of of('AWS::IAM::Group')) groups.set(`${g.accountId}|${String(g.properties.groupName ?? g.name ?? '')}`, g);

  const principals = new Map<string, IamPrincipal>();
  const boundaryOf = (r: Resource, limits: string[]): LoadedPolicy | null | undefined => {
    if (!('permissionsBoundaryArn' in r.properties)) {
      limits.push(`permissions boundary of ${r.arn} was not collected`);
      return undefined;
    }
    const arn = r.properties.permissionsBoundaryArn;
    if (typeof arn !== 'string') return null;
    const doc = b.managedDocument(arn, r.accountId);
    const loaded = doc === undefined ? undefined : b.load(doc, { kind: 'permissions-boundary', arn });
    if (!loaded) limits.push(`permissions boundary ${arn} of ${r.arn} is not in the inventory or cannot be read`);
    return loaded;
  };
  for (const u of of('AWS::IAM::User')) {
    const grantProblems: string[] = [];
    const limitProblems: string[] = [];
    const identity = b.policiesOf(u, grantProblems);
    const names = list(u.properties.groups, (x): x is string => typeof x === 'string');
    if (!names) grantProblems.push(`groups of ${u.arn} were not collected`);
    for (const name of names ?? []) {
      const g = groups.get(`${u.accountId}|${name}`);
      if (g) identity.push(...b.policiesOf(g, grantProblems));
      else grantProblems.push(`group ${name} of ${u.arn} is not in the inventory`);
    }
    principals.set(u.arn, { kind: 'user', arn: u.arn, accountId: u.accountId, identity, boundary: boundaryOf(u, limitProblems), serviceLinked: false, grantProblems, limitProblems });
  }
  const resourcePolicies = new Map<string, LoadedPolicy | null>();
  for (const r of of('AWS::IAM::Role')) {
    const grantProblems: string[] = [];
    const limitProblems: string[] = [];
    const identity = b.policiesOf(r, grantProblems);
    const trust = 'assumeRolePolicyDocument' in r.properties ? b.load(r.properties.assumeRolePolicyDocument, { kind: 'trust-policy', arn: r.arn }) : undefined;
    if (trust) resourcePolicies.set(r.arn, trust);
    const serviceLinked = r.properties.serviceLinked === true || String(r.properties.path ?? '').startsWith('/aws-service-role/');
    principals.set(r.arn, {
      kind: 'role',
      arn: r.arn,
      accountId: r.accountId,
      identity,
      boundary: boundaryOf(r, limitProblems),
      ...(trust ? { trust } : {}),
      serviceLinked,
      grantProblems,
      limitProblems,
    });
  }

  const resourceMap = new Map<string, Resource>();
  const keys = new Map<string, Resource>();
  const grants = new Map<string, KmsGrant[]>();
  for (const r of resources) {
    if (r.resourceType.startsWith('AWS::IAM::') || r.resourceType.startsWith('AWS::Organizations::')) continue;
    resourceMap.set(r.arn, r);
    const prop = storeSpec(r.resourceType)?.policyProperty;
    if (prop !== undefined && prop in r.properties) {
      const raw = r.properties[prop];
      const kind: PolicyKind = r.resourceType === 'AWS::KMS::Key' ? 'key-policy' : 'resource';
      resourcePolicies.set(r.arn, raw === null ? null : (b.load(raw, { kind, arn: r.arn }) ?? null));
    }
    if (r.resourceType === 'AWS::KMS::Key') {
      for (const k of keyEntries(r)) keys.set(k, r);
      const g = readGrants(r.properties.grants);
      if (g) grants.set(r.arn, g);
    }
  }
  for (const a of of('AWS::KMS::Alias')) {
    const target = typeof a.properties.targetKeyId === 'string' ? keys.get(`${a.accountId}|${a.region}|${a.properties.targetKeyId}`) : undefined;
    if (target && typeof a.properties.aliasName === 'string') keys.set(`${a.accountId}|${a.region}|${a.properties.aliasName}`, target);
  }

  const accounts = new Set<string>([...(header?.accounts ?? []), ...resources.map((r) => r.accountId)]);
  const orgPolicies = of('AWS::Organizations::Policy');
  const guardrails = new Map<string, Guardrails | undefined>();
  const placed = new Map(of('AWS::Organizations::Account').map((a) => [a.resourceId, a]));
  for (const id of accounts) {
    const place = placed.get(id);
    if (place) guardrails.set(id, guardrailsFor(place, orgPolicies, b));
    else if (organizationUnread(header, id)) guardrails.set(id, undefined);
  }
  return { principals, resources: resourceMap, keys, resourcePolicies, grants, guardrails, accounts, policyProblems: b.problems };
}
