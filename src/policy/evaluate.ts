import { evaluateConditions, prepareContext, splitArn, substituteVariables, type PreparedContext, type RequestContext } from './conditions.js';
import { parsePolicy, unreadableErrors, type Effect, type Policy, type PolicyError, type Statement } from './parse.js';
import { describePrincipal, exemptByNotPrincipal, matchPrincipal, type PrincipalMatch, type RequestPrincipal } from './principal.js';
import { BoundedCache } from '../util/bounded-cache.js';
import { compileGlob, matchGlob, matchGlobIn, type CompiledGlob } from '../util/glob.js';

/**
 * Request evaluation following "Policy evaluation logic" and "Cross-account
 * policy evaluation logic" in the IAM User Guide, for identity policies and one
 * resource policy (no SCPs, RCPs, boundaries or session policies).
 */

/** The request being decided. */
export interface EvaluationRequest {
  /** IAM user/role/root ARN, STS session ARN, 12-digit account id, service principal, or `anonymous`. */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly context?: RequestContext;
}

/** The policies in play: raw documents (string or object) or already-parsed policies. */
export interface EvaluationPolicies {
  readonly identityPolicies?: readonly unknown[];
  readonly resourcePolicy?: unknown;
  /** Owner of the resource; defaults to the principal's account, i.e. a same-account request. */
  readonly resourceAccountId?: string;
}

/** The three outcomes AWS documents. */
export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** A statement that decided the outcome. */
export interface DecisionReason {
  readonly policy: 'identity' | 'resource';
  readonly policyIndex: number;
  readonly statementIndex: number;
  readonly sid?: string;
  readonly effect: Effect;
}

/** A parse error, tagged with the policy it came from. */
export interface EvaluationError extends PolicyError {
  readonly policy: 'identity' | 'resource';
  readonly policyIndex: number;
}

/** The decision, the statements behind it, and any policy errors (which force an implicit deny). */
export interface EvaluationResult {
  readonly decision: Decision;
  readonly reasons: readonly DecisionReason[];
  readonly errors: readonly EvaluationError[];
}

/** True for a value that `parsePolicy` already produced. */
export function isParsedPolicy(value: unknown): value is Policy {
  return typeof value === 'object' && value !== null && Array.isArray((value as { statements?: unknown }).statements);
}

// Compiled patterns are pure functions of their text, so caches are safe to share across runs; they are
// bounded by entries and key characters (BoundedCache), as their keys come from the policies read.
// One cache per case mode: the lookup key is the pattern itself, no string is built per match.
const caseSensitiveGlobs = new BoundedCache<CompiledGlob>();
const caseFoldedGlobs = new BoundedCache<CompiledGlob>();
function cachedGlob(pattern: string, ignoreCase = false): CompiledGlob {
  return (ignoreCase ? caseFoldedGlobs : caseSensitiveGlobs).get(pattern, () => compileGlob(pattern, { ignoreCase }));
}

/** A Resource pattern compiled once: a glob per ARN part when it is an ARN, and one for the whole text. */
interface ResourcePattern {
  readonly arnParts?: readonly CompiledGlob[];
  readonly whole: CompiledGlob;
}
const resourcePatterns = new BoundedCache<ResourcePattern>();
function resourcePattern(pattern: string): ResourcePattern {
  return resourcePatterns.get(pattern, () => {
    const parts = splitArn(pattern);
    return parts ? { arnParts: parts.map((part) => cachedGlob(part)), whole: cachedGlob(pattern) } : { whole: cachedGlob(pattern) };
  });
}

/** Matches the six parts of an ARN in place; undefined when the text is not an ARN (as `splitArn` decides). */
function matchArnParts(parts: readonly CompiledGlob[], arn: string): boolean | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const colons = [3, 0, 0, 0, 0];
  for (let i = 1; i < 5; i++) {
    const at = arn.indexOf(':', (colons[i - 1] ?? 0) + 1);
    if (at < 0) return undefined;
    colons[i] = at;
  }
  let start = 0;
  for (let i = 0; i < 6; i++) {
    const end = i < 5 ? (colons[i] ?? arn.length) : arn.length;
    const glob = parts[i];
    if (!glob || !matchGlobIn(glob, arn, start, end)) return false;
    start = end + 1;
  }
  return true;
}

/**
 * Most Resource patterns name one resource, or everything under it
 * (`arn:aws:s3:::b`, `arn:aws:s3:::b/*`), and most occur in one policy only:
 * answered by comparison, they need no compiled glob. Without `?` or `$` and
 * with at most a final `*`, matching ARN part by part is matching the whole
 * text: a final star lies in the last part, the one a wildcard may cross
 * colons in, or the pattern is not a full ARN and is matched whole anyway.
 * Undefined for any other pattern.
 */
function plainPatternMatch(pattern: string, resource: string): boolean | undefined {
  const last = pattern.length - 1;
  for (let i = 0; i <= last; i++) {
    const c = pattern.charCodeAt(i);
    // `?`, `$` (a policy variable) and a `*` before the end take the general path.
    if (c === 63 || c === 36 || (c === 42 && i !== last)) return undefined;
  }
  if (pattern.charCodeAt(last) !== 42) return pattern === resource;
  return resource.length >= last && resource.startsWith(pattern.slice(0, last));
}

function actionMatches(pattern: string, action: string): boolean {
  return matchGlob(cachedGlob(pattern, true), action);
}

/** Action names ignore case ("IAM JSON policy elements: Action"). */
export function matchesAnyAction(patterns: readonly string[], action: string): boolean {
  return patterns.some((p) => actionMatches(p, action));
}

/**
 * ARNs are case-sensitive and a wildcard stays inside its ARN part, except in
 * the final resource part; policy variables may appear in resources.
 */
export function resourceMatches(pattern: string, resource: string, ctx: PreparedContext, variables = true): boolean {
  if (pattern === '*') return true;
  const plain = plainPatternMatch(pattern, resource);
  if (plain !== undefined) return plain;
  if (variables && pattern.includes('${')) {
    const pv = substituteVariables(pattern, ctx);
    if (!pv) return false;
    // Substituted values are literal text and may hold colons: the whole text is compared, compiled for this request only.
    if (pv.parts.length !== 1 || pv.parts[0]?.kind !== 'pattern') return matchGlob(compileGlob(pv.parts), resource);
  }
  const rp = resourcePattern(pattern);
  const byParts = rp.arnParts ? matchArnParts(rp.arnParts, resource) : undefined;
  return byParts ?? matchGlob(rp.whole, resource);
}

function statementApplies(
  st: Statement,
  req: EvaluationRequest,
  ctx: PreparedContext,
  variables: boolean,
  kind: 'identity' | 'resource',
): boolean {
  const actionOk = st.action
    ? matchesAnyAction(st.action, req.action)
    : st.notAction
      ? !matchesAnyAction(st.notAction, req.action)
      : false;
  if (!actionOk) return false;
  const resOk = st.resource
    ? st.resource.some((p) => resourceMatches(p, req.resource, ctx, variables))
    : st.notResource
      ? !st.notResource.some((p) => resourceMatches(p, req.resource, ctx, variables))
      : // A resource policy without Resource applies to the resource it is attached to (role trust
        // policies, services that imply it); an identity policy must name its resources.
        kind === 'resource';
  if (!resOk) return false;
  return evaluateConditions(st.conditions, ctx, { variables });
}

function principalMatch(st: Statement, who: RequestPrincipal): PrincipalMatch {
  if (st.principal) return matchPrincipal(st.principal, who);
  if (st.notPrincipal) return exemptByNotPrincipal(st.notPrincipal, who) ? 'none' : 'direct';
  // Resource policies must name a principal; a statement without one grants nobody.
  return 'none';
}

/** A statement that applies to a request, and how its principal names the requester (`direct` for identity policies). */
export interface StatementMatch {
  readonly statement: Statement;
  readonly principal: 'direct' | 'account';
}

/**
 * The statements of one policy that apply to a request: action, resource,
 * conditions and, for resource-based policies, the principal. Identity-like
 * policies (identity, boundary, SCP) name no principal; resource-like ones
 * (resource, key, trust policies, RCPs) must, except `principalFree` ones
 * (RCPs) whose statements apply to every principal they do not exclude.
 */
export function matchingStatements(
  policy: Policy,
  kind: 'identity' | 'resource',
  req: EvaluationRequest,
  ctx: PreparedContext,
  who: RequestPrincipal,
): StatementMatch[] {
  const variables = policy.version === '2012-10-17';
  const out: StatementMatch[] = [];
  for (const st of policy.statements) {
    let pm: PrincipalMatch = 'direct';
    if (kind === 'resource') {
      pm = principalMatch(st, who);
      if (pm === 'none') continue;
    }
    if (!statementApplies(st, req, ctx, variables, kind)) continue;
    out.push({ statement: st, principal: pm === 'account' ? 'account' : 'direct' });
  }
  return out;
}

interface Loaded {
  readonly policy: Policy;
  readonly index: number;
}

function load(
  raw: unknown,
  kind: 'identity' | 'resource',
  index: number,
  errors: EvaluationError[],
): Loaded | undefined {
  const parsed = isParsedPolicy(raw) ? { ok: true as const, policy: raw, errors: [] } : parsePolicy(raw);
  // One request's decision needs every statement: one that cannot be read leaves it undecided.
  const problems = parsed.ok ? unreadableErrors(parsed.policy) : parsed.errors;
  if (problems.length > 0) {
    for (const e of problems) errors.push({ ...e, policy: kind, policyIndex: index });
    return undefined;
  }
  return parsed.ok ? { policy: parsed.policy, index } : undefined;
}

function reason(kind: 'identity' | 'resource', policyIndex: number, st: Statement): DecisionReason {
  return st.sid === undefined
    ? { policy: kind, policyIndex, statementIndex: st.index, effect: st.effect }
    : { policy: kind, policyIndex, statementIndex: st.index, sid: st.sid, effect: st.effect };
}

/** Decides a request the way AWS documents: explicit deny wins, then the allow rules for the account relationship. */
export function evaluateRequest(req: EvaluationRequest, policies: EvaluationPolicies): EvaluationResult {
  const errors: EvaluationError[] = [];
  const who = describePrincipal(req.principal);
  // Anonymous callers and services carry no identity policies.
  const hasIdentity = who.kind === 'iam';
  const identity = hasIdentity
    ? (policies.identityPolicies ?? []).map((p, i) => load(p, 'identity', i, errors))
    : [];
  const resource = policies.resourcePolicy === undefined ? undefined : load(policies.resourcePolicy, 'resource', 0, errors);
  if (errors.length > 0) return { decision: 'ImplicitDeny', reasons: [], errors };

  const ctx = prepareContext(req.context);
  const denies: DecisionReason[] = [];
  const identityAllows: DecisionReason[] = [];
  const directAllows: DecisionReason[] = [];
  const accountAllows: DecisionReason[] = [];

  for (const loaded of identity) {
    if (!loaded) continue;
    for (const m of matchingStatements(loaded.policy, 'identity', req, ctx, who)) {
      (m.statement.effect === 'Deny' ? denies : identityAllows).push(reason('identity', loaded.index, m.statement));
    }
  }
  if (resource) {
    for (const m of matchingStatements(resource.policy, 'resource', req, ctx, who)) {
      const r = reason('resource', 0, m.statement);
      if (m.statement.effect === 'Deny') denies.push(r);
      else (m.principal === 'direct' ? directAllows : accountAllows).push(r);
    }
  }

  if (denies.length > 0) return { decision: 'ExplicitDeny', reasons: denies, errors };
  if (who.kind !== 'iam') {
    return directAllows.length > 0
      ? { decision: 'Allow', reasons: directAllows, errors }
      : { decision: 'ImplicitDeny', reasons: [], errors };
  }
  const sameAccount = (policies.resourceAccountId ?? who.accountId) === who.accountId;
  if (sameAccount) {
    // Within one account either policy suffices; naming only the account delegates to identity policies.
    const reasons = [...identityAllows, ...directAllows];
    return reasons.length > 0 ? { decision: 'Allow', reasons, errors } : { decision: 'ImplicitDeny', reasons: [], errors };
  }
  const resourceAllows = [...directAllows, ...accountAllows];
  if (identityAllows.length > 0 && resourceAllows.length > 0) {
    return { decision: 'Allow', reasons: [...identityAllows, ...resourceAllows], errors };
  }
  return { decision: 'ImplicitDeny', reasons: [], errors };
}
