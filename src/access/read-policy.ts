import { parsePolicy, type Policy } from '../policy/parse.js';
import { isRecord } from '../inventory/config-map/cursor.js';
import type { PolicyKind } from './model.js';

/** A policy document ready for evaluation, with where it came from. */
export interface LoadedPolicy {
  readonly kind: PolicyKind;
  /** The managed policy's ARN, or the ARN of the resource an inline/resource policy is attached to. */
  readonly arn: string;
  readonly name?: string;
  readonly policy: Policy;
}

/** Why a document could not be used in full; the caller turns it into bounds. */
export interface PolicyProblem {
  readonly arn: string;
  readonly name?: string;
  readonly message: string;
}

function decodeText(value: string): unknown {
  // Config stores some policies URL-encoded; a string that is not JSON either way is left for parsePolicy to refuse.
  if (/^%7B/i.test(value)) {
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return value;
}

/**
 * Reads one stored document (object, JSON text, URL-encoded JSON text). A
 * document that is not a policy yields no policy and a problem; one with
 * statements that cannot be read yields the readable ones and a problem,
 * since the unread statement may allow or deny.
 */
export function loadPolicy(
  raw: unknown,
  where: { kind: PolicyKind; arn: string; name?: string },
): { policy?: LoadedPolicy; problem?: PolicyProblem } {
  const input = typeof raw === 'string' ? decodeText(raw) : raw;
  const parsed = parsePolicy(isRecord(input) || typeof input === 'string' ? input : JSON.stringify(input ?? null));
  const label = where.name === undefined ? {} : { name: where.name };
  if (!parsed.ok) {
    return { problem: { arn: where.arn, ...label, message: `${where.kind} policy cannot be read: ${parsed.errors[0]?.message ?? 'invalid'}` } };
  }
  const policy: LoadedPolicy = { ...where, policy: parsed.policy };
  const unread = parsed.policy.unreadable ?? [];
  if (unread.length === 0) return { policy };
  return {
    policy,
    problem: { arn: where.arn, ...label, message: `${where.kind} policy has ${unread.length} statement(s) that cannot be read` },
  };
}
