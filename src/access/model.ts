import type { Effect } from '../policy/parse.js';

/** The kinds of policy a decision reads, named as AWS names them. */
export type PolicyKind =
  | 'scp'
  | 'rcp'
  | 'permissions-boundary'
  | 'identity'
  | 'resource'
  | 'key-policy'
  | 'kms-grant'
  | 'trust-policy';

/** One statement (or grant) that took part in a decision. */
export interface AccessReason {
  readonly kind: PolicyKind;
  /** ARN of the policy (managed policy, SCP/RCP) or of the resource it is attached to (inline, resource, key, trust policies). */
  readonly policyArn: string;
  /** Name of an inline policy, or of the managed policy. */
  readonly policyName?: string;
  /** Statement index inside the document; absent for a KMS grant. */
  readonly statementIndex?: number;
  readonly sid?: string;
  /** The grant id, for a KMS grant. */
  readonly grantId?: string;
  readonly effect: Effect;
}

/**
 * How far an answer can be trusted. `lower`: the true set of principals may be
 * larger (something that grants could not be read). `upper`: it may be smaller
 * (something that restricts could not be read).
 */
export interface Bounds {
  readonly lower: boolean;
  readonly upper: boolean;
  readonly reasons: readonly string[];
}

/** The outcomes AWS documents. */
export type AccessDecisionKind = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** A decided request: the outcome, the statements behind it, and what was unknown. */
export interface AccessDecision {
  readonly decision: AccessDecisionKind;
  /** For Allow: the allowing statements of every policy kind that had to allow; for ExplicitDeny: the denying ones; for ImplicitDeny: the kind that lacked an allow. */
  readonly reasons: readonly AccessReason[];
  /** For ImplicitDeny: which policy kind did not allow. */
  readonly missing?: PolicyKind | 'identity-or-resource';
  readonly bounds: Bounds;
}

/** A request to decide. */
export interface AccessRequest {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

/** Bounds with nothing unknown. */
export const EXACT: Bounds = { lower: false, upper: false, reasons: [] };

/** Joins bounds: either side's doubt carries over. */
export function joinBounds(...all: readonly Bounds[]): Bounds {
  const reasons = [...new Set(all.flatMap((b) => b.reasons))];
  return { lower: all.some((b) => b.lower), upper: all.some((b) => b.upper), reasons };
}
