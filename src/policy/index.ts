export { compileGlob, matchGlob, wildcardMatch, hasWildcard } from './wildcard.js';
export type { CompiledGlob, GlobOptions, GlobPart, StepCounter } from './wildcard.js';
export { parsePolicy, MAX_POLICY_CHARS } from './parse.js';
export type {
  ConditionClause,
  Effect,
  ParseResult,
  Policy,
  PolicyError,
  PrincipalEntry,
  PrincipalType,
  Statement,
} from './parse.js';
export {
  IAM_CONDITION_OPERATORS,
  evaluateClause,
  evaluateConditions,
  parseOperatorName,
  prepareContext,
  substituteVariables,
} from './conditions.js';
export type { ContextValue, OperatorFamily, OperatorName, OperatorSpec, RequestContext } from './conditions.js';
export { cidrContains, parseCidr, parseIp } from './ip.js';
export type { Cidr, IpAddr } from './ip.js';
export { describePrincipal } from './principal.js';
export type { RequestPrincipal } from './principal.js';
export { evaluateRequest, isParsedPolicy } from './evaluate.js';
export type {
  Decision,
  DecisionReason,
  EvaluationError,
  EvaluationPolicies,
  EvaluationRequest,
  EvaluationResult,
} from './evaluate.js';
export { analyzePolicy } from './analyze.js';
export type { AnalyzeOptions, PolicyAnalysis } from './analyze.js';
export { publicStatements, publicReason, RESTRICTING_KEYS } from './public.js';
export type { StatementRef } from './public.js';
export { minimumTlsVersion, secureTransportStatements } from './secure-transport.js';
export { crossAccountGrants } from './cross-account.js';
export type { CrossAccountGrant, CrossAccountKind } from './cross-account.js';
export { wildcardGrants } from './wildcard-grants.js';
export type { WildcardGrant, WildcardGrantKind } from './wildcard-grants.js';
