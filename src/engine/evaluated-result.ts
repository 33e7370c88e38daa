import { fingerprintOf } from './fingerprint.js';
import type { Category, Evidence, References, Result, Severity, Status } from './result.js';

/**
 * A result as the engine makes it. The fingerprint, a sha256 of rule id and
 * ARN, is computed when something first reads it (the gate, a writer): it
 * costs more than deciding most verdicts, and a console-only run or an
 * in-memory evaluation never needs it. Copies made with object spread do not
 * carry a getter, so code that copies results uses {@link copyResult}.
 */
export class EvaluatedResult implements Result {
  #fingerprint: string | undefined;

  constructor(
    public ruleId: string,
    public resourceType: string,
    public resourceId: string,
    public arn: string,
    public accountId: string,
    public region: string,
    public name: string | undefined,
    public status: Status,
    public severity: Severity,
    public category: Category,
    public message: string,
    public evidence: Evidence[],
    public references: References,
  ) {}

  get fingerprint(): string {
    return (this.#fingerprint ??= fingerprintOf(this.ruleId, this.arn));
  }
}

/** A plain copy of a result with `extra` fields set, the fingerprint included whether it was a value or a getter. */
export function copyResult(r: Result, extra: Partial<Result> = {}): Result {
  return { ...r, fingerprint: r.fingerprint, ...extra };
}
