import { prepareContext, type PreparedContext, type RequestContext } from '../policy/conditions.js';
import { matchingStatements, type StatementMatch } from '../policy/evaluate.js';
import { describePrincipal, type RequestPrincipal } from '../policy/principal.js';
import type { Resource } from '../inventory/resource.js';
import type { AccessIndex, Guardrails, IamPrincipal, KmsGrant } from './build-index.js';
import type { AccessDecision, AccessReason, AccessRequest, Bounds } from './model.js';
import type { LoadedPolicy } from './read-policy.js';
import { RCP_SERVICES } from './store-actions.js';
import { storeSpec } from './stores.js';

/**
 * Decides one request across every policy type, following the IAM User
 * Guide's "Policy evaluation logic" and "Cross-account policy evaluation
 * logic", the Organizations pages on SCPs and RCPs, and the KMS pages "Key
 * policies in AWS KMS" and "Grants in AWS KMS":
 * an explicit Deny in any policy wins; then every guardrail level must allow;
 * then, within one account, the identity side (limited by a permissions
 * boundary) or a resource policy naming the principal allows; across
 * accounts both sides must allow. A KMS key policy must allow: the caller
 * directly, or the account, in which case IAM policies must allow too; a
 * grant allows its grantee its operations.
 */

class Doubts {
  readonly lower = new Set<string>();
  readonly upper = new Set<string>();
  bounds(): Bounds {
    return { lower: this.lower.size > 0, upper: this.upper.size > 0, reasons: [...this.lower, ...this.upper] };
  }
}

function reasonOf(p: LoadedPolicy, m: StatementMatch): AccessReason {
  const st = m.statement;
  return {
    kind: p.kind,
    policyArn: p.arn,
    ...(p.name === undefined ? {} : { policyName: p.name }),
    statementIndex: st.index,
    ...(st.sid === undefined ? {} : { sid: st.sid }),
    effect: st.effect,
  };
}

interface Split {
  readonly allows: AccessReason[];
  readonly direct: AccessReason[];
  readonly account: AccessReason[];
  /** Direct allows whose Principal is `*`: they name every caller, a role's session included. */
  readonly everyone: AccessReason[];
}

const namesEveryone = (st: StatementMatch['statement']): boolean => (st.principal ?? []).some((e) => e.type === '*' || (e.type === 'AWS' && e.value === '*'));

const WILDCARD = /[*?]/;

/** The services a statement's actions can name; `*` when any (NotAction, or a wildcard in the service part). */
function servicesOf(st: StatementMatch['statement']): string[] {
  if (!st.action) return ['*'];
  return st.action.map((a) => {
    const service = a.split(':')[0]?.toLowerCase() ?? '*';
    return WILDCARD.test(service) ? '*' : service;
  });
}

// A principal's identity policies by the services their statements can name, built once per principal: a
// request is matched only against policies that can name its service (for the scale of issue 15 §2).
const byService = new WeakMap<IamPrincipal, Map<string, LoadedPolicy[]>>();
function identityFor(principal: IamPrincipal, service: string): readonly LoadedPolicy[] {
  let m = byService.get(principal);
  if (!m) {
    m = new Map();
    const any: LoadedPolicy[] = [];
    for (const p of principal.identity) {
      const services = new Set(p.policy.statements.flatMap(servicesOf));
      // A statement that could not be read may name any service: its policy is scanned for every request, to carry the doubt.
      if (services.has('*') || (p.policy.unreadable?.length ?? 0) > 0) any.push(p);
      for (const s of services) if (s !== '*') m.set(s, [...(m.get(s) ?? []), p]);
    }
    // Keep the policies in their order: those for any service join each service's list.
    for (const [s, list] of m) m.set(s, principal.identity.filter((p) => list.includes(p) || any.includes(p)));
    m.set('*', any);
    byService.set(principal, m);
  }
  return m.get(service) ?? m.get('*') ?? [];
}

/** Matches statements of a set of policies; denies are added to `denies`. */
function scan(
  policies: readonly LoadedPolicy[],
  side: 'identity' | 'resource',
  req: AccessRequest,
  ctx: PreparedContext,
  who: RequestPrincipal,
  denies: AccessReason[],
  index: AccessIndex,
  doubts: Doubts,
): Split {
  const out: Split = { allows: [], direct: [], account: [], everyone: [] };
  for (const p of policies) {
    for (const problem of index.policyProblems.size === 0 ? [] : (index.policyProblems.get(p.arn) ?? [])) {
      if (problem.name === p.name) {
        doubts.lower.add(problem.message + ` (${p.arn})`);
        doubts.upper.add(problem.message + ` (${p.arn})`);
      }
    }
    for (const m of matchingStatements(p.policy, side, { principal: req.principal, action: req.action, resource: req.resource }, ctx, who)) {
      const r = reasonOf(p, m);
      if (m.statement.effect === 'Deny') denies.push(r);
      else {
        out.allows.push(r);
        (m.principal === 'direct' ? out.direct : out.account).push(r);
        if (m.principal === 'direct' && namesEveryone(m.statement)) out.everyone.push(r);
      }
    }
  }
  return out;
}

/** Every level of a guardrail chain must allow; returns the allowing reasons, or undefined when a level does not. */
function guardrailLevels(
  levels: readonly (readonly LoadedPolicy[])[],
  side: 'identity' | 'resource',
  req: AccessRequest,
  ctx: PreparedContext,
  who: RequestPrincipal,
  denies: AccessReason[],
  index: AccessIndex,
  doubts: Doubts,
  implicitFullAccess: boolean,
): AccessReason[] | undefined {
  const reasons: AccessReason[] = [];
  let allLevels = true;
  for (const level of levels) {
    const s = scan(level, side, req, ctx, who, denies, index, doubts);
    // RCPFullAWSAccess is attached to every level and cannot be detached, and RCPs may only deny: every level allows.
    if (s.allows.length === 0 && !implicitFullAccess) allLevels = false;
    else if (s.allows[0]) reasons.push(s.allows[0]);
  }
  return allLevels ? reasons : undefined;
}

function ownerOf(index: AccessIndex, arn: string): { target?: Resource; role?: IamPrincipal; accountId?: string } {
  const role = index.principals.get(arn);
  if (role?.kind === 'role') return { role, accountId: role.accountId };
  const direct = index.resources.get(arn);
  if (direct) return { target: direct, accountId: direct.accountId };
  // An S3 object belongs to its bucket.
  const m = /^(arn:[^:]+:s3:::[^/]+)\//.exec(arn);
  const bucket = m?.[1] === undefined ? undefined : index.resources.get(m[1]);
  if (bucket) return { target: bucket, accountId: bucket.accountId };
  const account = /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1];
  return account === undefined ? {} : { accountId: account };
}

function grantMatches(g: KmsGrant, principalArn: string, action: string, context: RequestContext): boolean {
  if (g.granteePrincipal !== principalArn) return false;
  const op = action.replace(/^kms:/i, '').toLowerCase();
  if (!g.operations.some((o) => o.toLowerCase() === op)) return false;
  const ec: Record<string, string> = {};
  for (const [k, v] of Object.entries(context)) {
    if (k.toLowerCase().startsWith('kms:encryptioncontext:') && typeof v === 'string') ec[k.slice('kms:EncryptionContext:'.length)] = v;
  }
  const subset = g.constraints?.encryptionContextSubset;
  if (subset && !Object.entries(subset).every(([k, v]) => ec[k] === v)) return false;
  const equals = g.constraints?.encryptionContextEquals;
  if (equals) {
    const want = Object.entries(equals);
    if (want.length !== Object.keys(ec).length || !want.every(([k, v]) => ec[k] === v)) return false;
  }
  return true;
}

function defaultContext(
  req: AccessRequest,
  who: RequestPrincipal,
  principal: IamPrincipal | undefined,
  principalOrg: Guardrails | undefined,
  resourceAccount: string | undefined,
  resourceOrg: Guardrails | undefined,
): RequestContext {
  const ctx: Record<string, string | readonly string[]> = { 'aws:SecureTransport': 'true' };
  if (who.kind === 'iam') {
    ctx['aws:PrincipalArn'] = who.arn;
    ctx['aws:PrincipalAccount'] = who.accountId;
    ctx['aws:PrincipalIsAWSService'] = 'false';
    ctx['aws:PrincipalType'] = who.isRoot ? 'Account' : principal?.kind === 'user' ? 'User' : 'AssumedRole';
    if (principalOrg) ctx['aws:PrincipalOrgID'] = principalOrg.organizationId;
  } else if (who.kind === 'service') {
    ctx['aws:PrincipalIsAWSService'] = 'true';
    ctx['aws:PrincipalServiceName'] = who.name;
  }
  if (resourceAccount !== undefined) ctx['aws:ResourceAccount'] = resourceAccount;
  if (resourceOrg) ctx['aws:ResourceOrgID'] = resourceOrg.organizationId;
  return { ...ctx, ...(req.context ?? {}) };
}

/** Decides one request from the policies an index holds. */
export function decide(index: AccessIndex, req: AccessRequest): AccessDecision {
  const doubts = new Doubts();
  const who = describePrincipal(req.principal);
  const principal = index.principals.get(req.principal);
  const principalAccount = who.kind === 'iam' ? who.accountId : undefined;
  const owner = ownerOf(index, req.resource);
  const resourceAccount = owner.accountId ?? principalAccount;
  const principalOrg = principalAccount === undefined ? undefined : index.guardrails.get(principalAccount);
  const resourceOrg = resourceAccount === undefined ? undefined : index.guardrails.get(resourceAccount);
  const context = defaultContext(req, who, principal, principalOrg, resourceAccount, resourceOrg);
  const ctx = prepareContext(context);
  const denies: AccessReason[] = [];
  const allowReasons: AccessReason[] = [];
  const service = req.action.split(':')[0]?.toLowerCase() ?? '';

  // Service control policies: the caller's account, unless it is the management account or the caller a service-linked role.
  let scpMissing = false;
  if (who.kind === 'iam' && principalAccount !== undefined) {
    if (!index.accounts.has(principalAccount)) doubts.upper.add(`guardrails of account ${principalAccount} are outside the inventory`);
    else if (index.guardrails.has(principalAccount) && principalOrg === undefined) doubts.upper.add(`the place of account ${principalAccount} in its organization could not be read: SCPs unknown`);
    else if (principalOrg?.scps && principalOrg.managementAccountId !== principalAccount && principal?.serviceLinked !== true) {
      const r = guardrailLevels(principalOrg.scps, 'identity', req, ctx, who, denies, index, doubts, false);
      if (r) allowReasons.push(...r);
      else scpMissing = true;
    }
  }

  // Resource control policies: the resource's account, for the services AWS lists, not for AWS managed keys or service principals.
  let rcpMissing = false;
  const awsManagedKey = owner.target?.resourceType === 'AWS::KMS::Key' && owner.target.properties.keyManager === 'AWS';
  if (who.kind !== 'service' && resourceAccount !== undefined && RCP_SERVICES.has(service) && !awsManagedKey) {
    if (index.guardrails.has(resourceAccount) && resourceOrg === undefined) doubts.upper.add(`the place of account ${resourceAccount} in its organization could not be read: RCPs unknown`);
    else if (resourceOrg && resourceOrg.managementAccountId !== resourceAccount) {
      const r = guardrailLevels(resourceOrg.rcps, 'resource', req, ctx, who, denies, index, doubts, true);
      if (r) allowReasons.push(...r);
      else rcpMissing = true;
    }
  }

  // Identity side: the user's or role's policies, limited by its boundary. An account outside the inventory is
  // counted as allowing: whoever it lets act is its own affair, the answer names the account.
  let identityAllows: AccessReason[] = [];
  let boundaryAllows: AccessReason[] | undefined;
  let identityKnown = false;
  if (principal) {
    identityKnown = true;
    for (const p of principal.grantProblems) doubts.lower.add(p);
    for (const p of principal.limitProblems) doubts.upper.add(p);
    identityAllows = scan(identityFor(principal, service), 'identity', req, ctx, who, denies, index, doubts).allows;
    if (principal.boundary) boundaryAllows = scan([principal.boundary], 'identity', req, ctx, who, denies, index, doubts).allows;
  } else if (who.kind === 'iam' && principalAccount !== undefined && !index.accounts.has(principalAccount)) {
    identityAllows = [];
  } else if (who.kind === 'iam' && principalAccount !== undefined) {
    doubts.lower.add(`${req.principal} is not in the inventory: its identity policies are unknown`);
  }
  const external = who.kind === 'iam' && principalAccount !== undefined && !index.accounts.has(principalAccount);
  const boundaryBlocks = boundaryAllows !== undefined && boundaryAllows.length === 0;
  const identityAllowed = external || (identityKnown && identityAllows.length > 0 && !boundaryBlocks);

  // Resource side: the resource, key or trust policy.
  const targetArn = owner.role?.arn ?? owner.target?.arn;
  const resourcePolicy = targetArn === undefined ? undefined : index.resourcePolicies.get(targetArn);
  let resource: Split = { allows: [], direct: [], account: [], everyone: [] };
  if (resourcePolicy) resource = scan([resourcePolicy], 'resource', req, ctx, who, denies, index, doubts);
  else if (resourcePolicy === undefined) {
    const hasPolicyKind = owner.role !== undefined || (owner.target && storeSpec(owner.target.resourceType)?.policyProperty !== undefined);
    if (targetArn === undefined) doubts.lower.add(`${req.resource} is not in the inventory: its resource policy is unknown`);
    else if (hasPolicyKind) doubts.lower.add(`the resource policy of ${targetArn} was not collected`);
    else if (owner.target && owner.target.resourceType !== 'AWS::S3::Bucket') doubts.lower.add(`resource policies of ${owner.target.resourceType} are not collected`);
  }
  const isKey = owner.target?.resourceType === 'AWS::KMS::Key';
  const grantReasons: AccessReason[] = [];
  if (isKey && owner.target && who.kind === 'iam') {
    const grants = index.grants.get(owner.target.arn);
    if (!grants) {
      if (owner.target.properties.keyManager !== 'AWS') doubts.lower.add(`the grants of ${owner.target.arn} were not collected`);
    } else {
      for (const g of grants) {
        if (grantMatches(g, who.arn, req.action, context)) grantReasons.push({ kind: 'kms-grant', policyArn: owner.target.arn, grantId: g.grantId, effect: 'Allow' });
      }
    }
  }

  const bounds = () => doubts.bounds();
  if (denies.length > 0) return { decision: 'ExplicitDeny', reasons: denies, bounds: bounds() };
  if (scpMissing) return { decision: 'ImplicitDeny', reasons: [], missing: 'scp', bounds: bounds() };
  if (rcpMissing) return { decision: 'ImplicitDeny', reasons: [], missing: 'rcp', bounds: bounds() };

  const allow = (reasons: readonly AccessReason[]): AccessDecision => ({ decision: 'Allow', reasons: [...allowReasons, ...reasons], bounds: bounds() });
  const deny = (missing: AccessDecision['missing']): AccessDecision => ({ decision: 'ImplicitDeny', reasons: [], ...(missing ? { missing } : {}), bounds: bounds() });
  const identityReasons = [...identityAllows, ...(boundaryAllows ?? [])];

  if (who.kind !== 'iam') return resource.direct.length > 0 ? allow(resource.direct) : deny('resource');
  const sameAccount = resourceAccount === principalAccount;
  // A resource policy naming a user grants past the user's boundary; naming a role, it does not: only a grant to the
  // role session is exempt ("Permissions boundaries for IAM entities"), and `*` names the session as it names everyone.
  const pastBoundary = !boundaryBlocks || principal?.kind === 'user' ? resource.direct : resource.everyone;
  const directPastBoundary = pastBoundary.length > 0;

  if (isKey) {
    if (grantReasons.length > 0) return allow(grantReasons);
    if (sameAccount && directPastBoundary) return allow(pastBoundary);
    // The key policy names the account: IAM policies then decide, as they do for a caller from another account.
    if ((resource.account.length > 0 || (!sameAccount && resource.direct.length > 0)) && identityAllowed) {
      return allow([...resource.allows, ...identityReasons]);
    }
    if (identityAllowed) return deny('key-policy');
    return deny(boundaryBlocks ? 'permissions-boundary' : 'identity');
  }
  if (sameAccount) {
    if (identityAllowed) return allow([...identityReasons, ...resource.direct]);
    if (directPastBoundary) return allow(pastBoundary);
    return deny(boundaryBlocks ? 'permissions-boundary' : 'identity-or-resource');
  }
  if (identityAllowed && resource.allows.length > 0) return allow([...identityReasons, ...resource.allows]);
  if (!identityAllowed) return deny(boundaryBlocks ? 'permissions-boundary' : 'identity');
  return deny('resource');
}

