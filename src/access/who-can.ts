import type { Resource } from '../inventory/resource.js';
import { describePrincipal } from '../policy/principal.js';
import type { AccessIndex } from './build-index.js';
import { CandidateIndex } from './candidates.js';
import { decide } from './decide.js';
import { DecisionCache } from './decision-cache.js';
import { ResourceSignatures } from './resource-signature.js';
import { BoundedCache } from '../util/bounded-cache.js';
import { EXACT, joinBounds, type AccessDecision, type AccessReason, type AccessRequest, type Bounds } from './model.js';
import { STORE_ACTIONS, type ActionClass } from './store-actions.js';
import { requestArn, storeSpec } from './stores.js';

/** What kind of principal an answer names. */
export type PrincipalKind = 'user' | 'role' | 'account' | 'federated' | 'public' | 'service';

/** One principal that can act, how, and through which roles. */
export interface Grantee {
  readonly principal: string;
  readonly kind: PrincipalKind;
  /** The action that was allowed (the first of the class that is). */
  readonly action: string;
  readonly reasons: readonly AccessReason[];
  /** For encrypted stores: the reasons the same principal may decrypt with the store's key. */
  readonly keyReasons?: readonly AccessReason[];
  /** Roles assumed on the way, first to last; empty for direct access. */
  readonly via: readonly string[];
}

/** The answer to "who can <class> this resource". */
export interface WhoCanAnswer {
  readonly resource: string;
  readonly resourceType: string;
  readonly actions: readonly string[];
  readonly key?: string;
  readonly grantees: readonly Grantee[];
  readonly bounds: Bounds;
}

/** Options of a who-can question. */
export interface WhoCanOptions {
  /** One action instead of a class. */
  readonly action?: string;
  readonly actionClass?: ActionClass;
  /** How many sts:AssumeRole hops to follow; default 3. */
  readonly depth?: number;
}

/** The part of an answer that stores asking the same question share. */
interface SharedAnswer {
  readonly grantees: readonly Grantee[];
  readonly bounds: Bounds;
}

/** Engine state reused across questions on the same inventory. */
export class AccessEngine {
  private candidateIndex: CandidateIndex | undefined;
  private resourceSignatures: ResourceSignatures | undefined;
  /** Answers by \`sharedKey\`; bounded, since an estate where each store is named on its own shares nothing. */
  readonly answers = new BoundedCache<SharedAnswer>(5_000, 2 ** 22);
  private readonly assumers = new Map<string, { principal: string; reasons: readonly AccessReason[] }[]>();
  private readonly keyPrincipals = new Map<string, Set<string>>();
  /** Decisions on KMS keys, which every store encrypted under the key asks again. */
  readonly keyDecisions: DecisionCache;
  constructor(readonly index: AccessIndex) {
    this.keyDecisions = new DecisionCache(index);
  }

  /** `principalsFor` on a KMS key, remembered: every store under the key asks it. */
  principalsForKey(arn: string): Set<string> {
    let out = this.keyPrincipals.get(arn);
    if (!out) this.keyPrincipals.set(arn, (out = this.principalsFor('kms', arn, arn)));
    return out;
  }

  get candidates(): CandidateIndex {
    return (this.candidateIndex ??= new CandidateIndex(this.index));
  }

  get signatures(): ResourceSignatures {
    return (this.resourceSignatures ??= new ResourceSignatures(this.index));
  }

  /** Principals to decide for a request on an ARN: identity candidates, plus those its resource policy names. */
  principalsFor(service: string, arn: string, policyArn: string | undefined): Set<string> {
    const out = new Set<string>();
    this.candidates.candidates(service, arn, out);
    const policy = policyArn === undefined ? undefined : this.index.resourcePolicies.get(policyArn);
    for (const st of policy?.policy.statements ?? []) {
      if (st.effect !== 'Allow') continue;
      for (const e of st.principal ?? []) {
        if (e.type === '*' || (e.type === 'AWS' && e.value === '*')) out.add('*');
        else if (/^\d{12}$/.test(e.value)) out.add(`arn:aws:iam::${e.value}:root`);
        else out.add(e.value);
      }
      // NotPrincipal Allow grants everyone not listed.
      if (st.notPrincipal) out.add('*');
    }
    // A KMS grant allows its grantee where no policy names it.
    for (const g of policyArn === undefined ? [] : (this.index.grants.get(policyArn) ?? [])) out.add(g.granteePrincipal);
    // An account root named in a policy stands for every principal of that account: those the inventory holds are decided one by one.
    for (const p of [...out]) {
      const m = /^arn:aws:iam::(\d{12}):root$/.exec(p);
      if (m && this.index.accounts.has(m[1] ?? '')) out.delete(p);
    }
    return out;
  }

  /** Who may call `sts:AssumeRole*` on a role, memoized per role. */
  assumersOf(roleArn: string): readonly { principal: string; reasons: readonly AccessReason[] }[] {
    const known = this.assumers.get(roleArn);
    if (known) return known;
    const found: { principal: string; reasons: readonly AccessReason[] }[] = [];
    for (const p of this.principalsFor('sts', roleArn, roleArn)) {
      if (p === roleArn) continue;
      const kind = kindOf(this.index, p);
      const action = kind === 'federated' ? (p.includes(':saml-provider/') ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRoleWithWebIdentity') : 'sts:AssumeRole';
      const d = decide(this.index, { principal: p === '*' ? 'anonymous' : p, action, resource: roleArn });
      if (d.decision === 'Allow') found.push({ principal: p, reasons: d.reasons });
    }
    this.assumers.set(roleArn, found);
    return found;
  }
}

function kindOf(index: AccessIndex, p: string): PrincipalKind {
  if (p === '*') return 'public';
  const known = index.principals.get(p);
  if (known) return known.kind;
  if (/:(oidc-provider|saml-provider)\//.test(p)) return 'federated';
  const who = describePrincipal(p);
  if (who.kind === 'service') return 'service';
  return who.kind === 'iam' && who.isRoot ? 'account' : 'role';
}

/** The KMS key resource a store's key reference names, or why there is none to check. */
function storeKey(index: AccessIndex, store: Resource): { key?: Resource; awsManaged?: string; none?: true; unknown?: string } {
  const spec = storeSpec(store.resourceType);
  const ref = spec?.key(store.properties) ?? { kind: 'none' as const };
  if (ref.kind === 'none') return { none: true };
  if (ref.kind === 'unknown') return { unknown: ref.reason };
  const scope = `${store.accountId}|${store.region}|`;
  const name = ref.ref ?? ref.awsManagedAlias;
  const key = index.keys.get(name) ?? index.keys.get(`${scope}${name}`) ?? index.keys.get(`${scope}${name.replace(/^arn:[^:]+:kms:[^:]+:\d{12}:/, '')}`);
  if (key) return { key };
  return ref.ref === null ? { awsManaged: ref.awsManagedAlias } : { unknown: `key ${ref.ref} of ${store.arn} is not in the inventory` };
}

/** The request context a service sends to KMS for a store (`kms:ViaService`, the encryption context). */
function keyContext(store: Resource, viaService: boolean): Record<string, string> {
  const spec = storeSpec(store.resourceType);
  const ctx: Record<string, string> = {};
  if (viaService && spec) ctx['kms:ViaService'] = `${spec.service}.${store.region}.amazonaws.com`;
  for (const [k, v] of Object.entries(spec?.encryptionContext(store) ?? {})) ctx[`kms:EncryptionContext:${k}`] = v;
  return ctx;
}

function decideAny(
  engine: AccessEngine,
  principal: string,
  actions: readonly string[],
  store: Resource,
  context?: Record<string, string>,
  contextKey?: string,
): { action: string; d: AccessDecision } | { d: AccessDecision } {
  let last: AccessDecision | undefined;
  const decideOne = store.resourceType === 'AWS::KMS::Key' ? (r: AccessRequest) => engine.keyDecisions.decide(r, contextKey) : (r: AccessRequest) => decide(engine.index, r);
  for (const action of actions) {
    const d = decideOne({ principal: principal === '*' ? 'anonymous' : principal, action, resource: requestArn(store, action), ...(context ? { context } : {}) });
    if (d.decision === 'Allow') return { action, d };
    last = d;
  }
  return { d: last ?? { decision: 'ImplicitDeny', reasons: [], bounds: EXACT } };
}

/**
 * Who can act on a store for one action class (or one action): direct grants,
 * then principals that reach an allowed role through sts:AssumeRole, up to the
 * depth. For encrypted stores `read` needs the data action AND kms:Decrypt
 * through the service for the same principal; `decrypt` asks the key alone.
 */
export function whoCan(engine: AccessEngine, store: Resource, options: WhoCanOptions): WhoCanAnswer {
  return whoCanOne(engine, store, options);
}

function whoCanOne(engine: AccessEngine, store: Resource, options: WhoCanOptions, only?: string): WhoCanAnswer {
  const index = engine.index;
  const cls = options.actionClass ?? 'read';
  const k = storeKey(index, store);
  const keyField = k.key ? { key: k.key.arn } : k.awsManaged ? { key: k.awsManaged } : {};

  let target = store;
  let actions: readonly string[];
  let context: Record<string, string> | undefined;
  if (options.action !== undefined) actions = [options.action];
  else if (cls === 'decrypt') {
    if (!k.key) {
      const bounds = k.unknown ? joinBounds({ lower: false, upper: true, reasons: [k.unknown] }) : joinBounds();
      return { resource: store.arn, resourceType: store.resourceType, actions: ['kms:Decrypt'], grantees: [], bounds };
    }
    target = k.key;
    actions = ['kms:Decrypt'];
    context = keyContext(store, false);
  } else actions = STORE_ACTIONS[store.resourceType]?.[cls] ?? [];

  // Every principal is asked with the same context: its cache key is computed once.
  const contextKey = target.resourceType === 'AWS::KMS::Key' ? engine.keyDecisions.contextKey(context) : undefined;
  const readKey = cls === 'read' && options.action === undefined && (k.key || k.awsManaged) ? keyContext(store, true) : undefined;
  const readKeyContext = readKey === undefined ? undefined : { context: readKey, key: engine.keyDecisions.contextKey(readKey) };
  const question: Question = { cls, k, target, actions, context, contextKey, readKeyContext, depth: options.depth ?? 3, keyPath: readKey !== undefined };
  const shared = only === undefined ? sharedKey(engine, store, question, options.action) : undefined;
  const make = () => granteesOf(engine, store, question, only);
  const { grantees, bounds } = shared === undefined ? make() : engine.answers.get(shared, make);
  return { resource: store.arn, resourceType: store.resourceType, actions, ...keyField, grantees, bounds };
}

/** Everything `granteesOf` reads about a question, worked out once per store. */
interface Question {
  readonly cls: ActionClass;
  readonly k: ReturnType<typeof storeKey>;
  readonly target: Resource;
  readonly actions: readonly string[];
  readonly context: Record<string, string> | undefined;
  readonly contextKey: string | undefined;
  readonly readKeyContext: { context: Record<string, string>; key: string } | undefined;
  readonly depth: number;
  /** Whether each data reader must also pass the key path. */
  readonly keyPath: boolean;
}

/**
 * A text naming everything the grantees and bounds of a question depend on,
 * when that is less than the store itself; undefined when the answer is the
 * store's own. Decrypt asks the key alone: every store under it with the same
 * relevant context shares the answer. The data path is shared between stores
 * of one type and account without a resource policy of their own (read and
 * absent, or a type without one), named by the same identity statements
 * (`ResourceSignatures`) and with the same candidates; the key path then adds
 * the key and its relevant context.
 */
function sharedKey(engine: AccessEngine, store: Resource, q: Question, action: string | undefined): string | undefined {
  if (q.target !== store) return q.contextKey === undefined ? undefined : `decrypt|${q.depth}|${q.target.arn}|${q.contextKey}`;
  if (q.k.unknown !== undefined || store.resourceType === 'AWS::KMS::Key') return undefined;
  const policies = engine.index.resourcePolicies;
  const ownPolicy = policies.get(store.arn) !== null && (policies.has(store.arn) || storeSpec(store.resourceType)?.policyProperty !== undefined);
  if (ownPolicy) return undefined;
  const arns = [...new Set(q.actions.map((a) => requestArn(store, a)))];
  const signatures: string[] = [];
  for (const arn of arns) {
    const sig = engine.signatures.of(arn);
    if (sig === undefined) return undefined;
    signatures.push(sig);
  }
  const first = q.actions[0];
  const candidates = first === undefined ? '' : engine.candidates.key(first.split(':')[0] ?? '', requestArn(store, first));
  const keyPart = !q.keyPath ? '' : q.k.key ? `${q.k.key.arn}|${q.readKeyContext?.key ?? ''}` : `aws|${q.k.awsManaged ?? ''}`;
  return ['data', q.cls, action ?? '', q.depth, store.resourceType, store.accountId, candidates, signatures.join('/'), keyPart].join('|');
}

/** The principals that can act for a question, direct and through roles, and the bounds of the answer. */
function granteesOf(engine: AccessEngine, store: Resource, q: Question, only?: string): SharedAnswer {
  const index = engine.index;
  const { cls, k, target, actions, context, contextKey, readKeyContext } = q;
  const boundsAll: Bounds[] = [];
  if (k.unknown) boundsAll.push({ lower: cls !== 'decrypt', upper: true, reasons: [k.unknown] });
  const service = actions[0]?.split(':')[0] ?? '';
  const arn = actions[0] === undefined ? target.arn : requestArn(target, actions[0]);
  const direct = new Map<string, Grantee>();
  const principals = only !== undefined ? [only] : target.resourceType === 'AWS::KMS::Key' && arn === target.arn ? engine.principalsForKey(arn) : engine.principalsFor(service, arn, target.arn);
  for (const p of principals) {
    const r = decideAny(engine, p, actions, target, context, contextKey);
    boundsAll.push(r.d.bounds);
    if (!('action' in r)) continue;
    let keyReasons: readonly AccessReason[] | undefined;
    if (q.keyPath) {
      const kd = keyPath(engine, p, store, k, readKeyContext);
      boundsAll.push(kd.bounds);
      if (kd.decision !== 'Allow') continue;
      keyReasons = kd.reasons;
    }
    direct.set(p, { principal: p, kind: kindOf(index, p), action: r.action, reasons: r.d.reasons, ...(keyReasons ? { keyReasons } : {}), via: [] });
  }

  // Roles make access transitive: whoever can assume an allowed role can do what it can.
  const all = new Map(direct);
  let frontier = only === undefined ? [...direct.values()].filter((g) => g.kind === 'role') : [];
  for (let depth = 0; depth < q.depth && frontier.length > 0; depth++) {
    const next: Grantee[] = [];
    for (const g of frontier) {
      const roleArn = g.principal;
      for (const a of engine.assumersOf(roleArn)) {
        if (all.has(a.principal)) continue;
        const entry: Grantee = { ...g, principal: a.principal, kind: kindOf(index, a.principal), reasons: [...a.reasons, ...g.reasons], via: [roleArn, ...g.via] };
        all.set(a.principal, entry);
        if (entry.kind === 'role') next.push(entry);
      }
    }
    frontier = next;
  }
  return {
    grantees: [...all.values()].sort((a, b) => a.via.length - b.via.length || a.principal.localeCompare(b.principal)),
    bounds: joinBounds(...boundsAll),
  };
}

/** What one principal can reach: itself and the roles it can assume, up to the depth, with the chain. */
function reachable(engine: AccessEngine, principal: string, depth: number): { principal: string; via: string[]; reasons: AccessReason[] }[] {
  const out = [{ principal, via: [] as string[], reasons: [] as AccessReason[] }];
  const seen = new Set([principal]);
  let frontier = out;
  const roles = [...engine.index.principals.values()].filter((p) => p.kind === 'role');
  for (let d = 0; d < depth && frontier.length > 0; d++) {
    const next: typeof out = [];
    for (const from of frontier) {
      for (const r of roles) {
        if (seen.has(r.arn)) continue;
        const a = engine.assumersOf(r.arn).find((x) => x.principal === from.principal);
        if (!a) continue;
        seen.add(r.arn);
        next.push({ principal: r.arn, via: [...from.via, r.arn], reasons: [...from.reasons, ...a.reasons] });
      }
    }
    out.push(...next);
    frontier = next;
  }
  return out;
}

/** One store a principal can act on. */
export interface Reach {
  readonly resource: string;
  readonly resourceType: string;
  readonly grantee: Grantee;
}

/** The data stores a principal can act on for a class, itself or through roles it can assume. */
export function canAccess(engine: AccessEngine, principal: string, stores: Iterable<Resource>, options: WhoCanOptions): { reaches: Reach[]; bounds: Bounds } {
  const selves = reachable(engine, principal, options.depth ?? 3);
  const reaches: Reach[] = [];
  const bounds: Bounds[] = [];
  for (const store of stores) {
    for (const self of selves) {
      const answer = whoCanOne(engine, store, options, self.principal);
      bounds.push(answer.bounds);
      const g = answer.grantees[0];
      if (!g) continue;
      reaches.push({ resource: store.arn, resourceType: store.resourceType, grantee: { ...g, principal, via: self.via, reasons: [...self.reasons, ...g.reasons] } });
      break;
    }
  }
  return { reaches, bounds: joinBounds(...bounds) };
}

/** kms:Decrypt through the store's service, as the service would ask for it. */
function keyPath(
  engine: AccessEngine,
  principal: string,
  store: Resource,
  k: ReturnType<typeof storeKey>,
  known?: { context: Record<string, string>; key: string },
): AccessDecision {
  if (k.key) {
    const context = known?.context ?? keyContext(store, true);
    return engine.keyDecisions.decide({ principal: principal === '*' ? 'anonymous' : principal, action: 'kms:Decrypt', resource: k.key.arn, context }, known?.key);
  }
  // An AWS managed key not in the inventory: its key policy, fixed by AWS, lets principals of the store's
  // account use it through the service ("AWS managed keys", KMS Developer Guide).
  const who = describePrincipal(principal);
  const same = who.kind === 'iam' && who.accountId === store.accountId;
  const reason: AccessReason = { kind: 'key-policy', policyArn: `${store.accountId}:${k.awsManaged ?? ''}`, effect: 'Allow' };
  return same ? { decision: 'Allow', reasons: [reason], bounds: EXACT } : { decision: 'ImplicitDeny', reasons: [], missing: 'key-policy', bounds: EXACT };
}
