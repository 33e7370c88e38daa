import type { Resource } from '../inventory/resource.js';
import { fingerprintOf } from './fingerprint.js';
import type { Category, Evidence, References, Result, Severity, Status, Suppression } from './result.js';

/** Writes the sentence of a result when something first reads it. */
export type MessageOf = (resource: Resource, status: Status, evidence: Evidence[]) => string;

/**
 * A result as the engine makes it: the verdict, its evidence and what is
 * needed to explain it later. The message and the fingerprint (a sha256 of
 * rule id and ARN) are computed when something first reads them (the gate, a
 * writer), so a PASS that is only counted costs neither. The resource fields
 * are read from the resource itself, not copied. Copies made with object
 * spread do not carry getters, so code that copies results uses
 * {@link copyResult}.
 */
export class EvaluatedResult implements Result {
  #fingerprint: string | undefined;
  #message: string | undefined;
  suppression?: Suppression;
  baselineState?: Result['baselineState'];

  constructor(
    readonly ruleId: string,
    /** The resource evaluated: the results of one resource share it, which is how writers see where a resource's results begin. */
    readonly resource: Resource,
    readonly status: Status,
    readonly severity: Severity,
    readonly category: Category,
    readonly evidence: Evidence[],
    readonly references: References,
    private readonly messageOf: MessageOf,
  ) {}

  get resourceType(): string {
    return this.resource.resourceType;
  }
  get resourceId(): string {
    return this.resource.resourceId;
  }
  get arn(): string {
    return this.resource.arn;
  }
  get accountId(): string {
    return this.resource.accountId;
  }
  get region(): string {
    return this.resource.region;
  }
  get name(): string | undefined {
    return this.resource.name;
  }

  get message(): string {
    return (this.#message ??= this.messageOf(this.resource, this.status, this.evidence));
  }

  get fingerprint(): string {
    return (this.#fingerprint ??= fingerprintOf(this.ruleId, this.resource.arn));
  }
}

/** A plain copy of a result with `extra` fields set, the fields kept as getters included. */
export function copyResult(r: Result, extra: Partial<Result> = {}): Result {
  const copy: Result = {
    ruleId: r.ruleId,
    resourceType: r.resourceType,
    resourceId: r.resourceId,
    arn: r.arn,
    accountId: r.accountId,
    region: r.region,
    status: r.status,
    severity: r.severity,
    category: r.category,
    message: r.message,
    evidence: r.evidence,
    references: r.references,
    fingerprint: r.fingerprint,
  };
  if (r.name !== undefined) copy.name = r.name;
  if (r.suppression !== undefined) copy.suppression = r.suppression;
  if (r.baselineState !== undefined) copy.baselineState = r.baselineState;
  return Object.assign(copy, extra);
}
