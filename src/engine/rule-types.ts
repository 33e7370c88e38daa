import type { Category, References, Remediation, Severity, SeverityReason } from './result.js';

/**
 * The rule language, as written in `rules/<service>/<rule-id>.json` and
 * validated by `rules/rule.schema.json`.
 *
 * Paths are dotted property paths into the resource's `properties`
 * (`encryption.rules`, `parameters["rds.force_ssl"]`), or derived values:
 * `$encryption.*` (the graded encryption of the resource, joined with its KMS key),
 * `$policy.*` (the analysis of the resource's policy), `$iam.*` (IAM trust and identity-policy facts),
 * `$access.*` (who can read and decrypt a data store, from the access engine), `$tags.<key>`, `$name`,
 * `$region`, `$accountId`.
 */

/** A literal in a rule, or a reference to one of the rule's parameters. */
export type RuleValue = string | number | boolean | null | RuleValue[] | { param: string };

export type LeafOperator =
  | 'exists'
  | 'isNull'
  | 'equals'
  | 'notEquals'
  | 'in'
  | 'notIn'
  | 'contains'
  | 'notContains'
  | 'matches'
  | 'matchesIgnoreCase'
  | 'startsWith'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'before'
  | 'after'
  | 'atLeast'
  | 'empty'
  | 'notEmpty';

/** A test of one value at a path. */
export interface LeafCondition {
  path: string;
  op: LeafOperator;
  value?: RuleValue;
  /** Overrides the generated wording of the expectation in evidence and messages. */
  expect?: string;
}

export interface AllCondition {
  all: Condition[];
}
export interface AnyCondition {
  any: Condition[];
}
export interface NotCondition {
  not: Condition;
}

/** A quantifier over the elements of an array; paths inside `where` are relative to the element. */
export interface EachCondition {
  each: string;
  quantifier: 'any' | 'all' | 'none';
  where: Condition;
}

/** Compares the number of array elements (that satisfy `where`, if given) with a value. */
export interface CountCondition {
  count: string;
  where?: Condition;
  op: 'equals' | 'gt' | 'gte' | 'lt' | 'lte';
  value: number | { param: string };
}

/**
 * A test on other resources this one refers to: the KMS key a volume uses, the
 * parameter group of a DB instance, the account's public access block.
 * `via` names the property holding the reference (`[*]` walks arrays);
 * `scope` instead picks the resource of that type in the same account or region.
 */
export interface RefCondition {
  ref: string;
  via?: string;
  scope?: 'account' | 'region';
  quantifier?: 'all' | 'any';
  /**
   * `false`: when the reference cannot be decided (the resource is not in the
   * inventory, or `where` is UNKNOWN), it counts as FALSE instead of UNKNOWN.
   * For a guard that may lift a failure only when it is known to hold (block
   * public access). Refused wherever a FALSE could become a pass.
   */
  unknownAs?: false;
  where: Condition;
}

export type Condition = AllCondition | AnyCondition | NotCondition | LeafCondition | EachCondition | CountCondition | RefCondition;

export interface RuleParameter {
  type: 'number' | 'string' | 'boolean' | 'array';
  default: RuleValue;
  description: string;
}

/** A rule file. */
export interface RuleFile {
  $schema?: string;
  id: string;
  title: string;
  description: string;
  severity: Severity;
  severityReason: SeverityReason;
  category: Category;
  resourceTypes: string[];
  references: References;
  remediation: Remediation;
  parameters?: Record<string, RuleParameter>;
  appliesTo?: Condition;
  assert: Condition;
  messages?: { fail?: string; pass?: string; unknown?: string };
}

/** A rule case file (`<rule-id>.cases.json`): resources that must pass, fail or be unknown. */
export interface RuleCases {
  rule: string;
  /** ISO date-time the cases are evaluated at, so ages and expiry dates in them keep their meaning (default: now). */
  evaluatedAt?: string;
  /** Resources the case resources refer to (KMS keys, parameter groups, …). */
  context?: unknown[];
  cases: {
    name: string;
    expect: 'PASS' | 'FAIL' | 'UNKNOWN' | 'ERROR' | 'NOT_APPLICABLE';
    resource: unknown;
    parameters?: Record<string, RuleValue>;
    /** Resources only this case's inventory holds, besides the file's `context`. */
    context?: unknown[];
    /** The AWS documentation page that decides this case, for an edge case the rule could get wrong without it. */
    source?: string;
  }[];
}

/** A rule file as loaded: the document, where it came from, and its service (the folder it sits in). */
export interface LoadedRule {
  file: string;
  service: string;
  rule: RuleFile;
}
