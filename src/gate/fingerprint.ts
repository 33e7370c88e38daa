import { createHash } from 'node:crypto';

/** Hex characters kept from the sha256: 128 bits, ample against collisions within one account estate. */
const FINGERPRINT_LENGTH = 32;

/**
 * The stable identity of a finding: the first 32 hex characters of
 * sha256(`${ruleId}\n${arn}`). It depends only on which rule looked at which
 * resource, never on message wording, severity or result order, so a baseline
 * keeps matching when rules are reworded or re-ranked. The newline separator
 * cannot occur in a rule id, so distinct pairs cannot collide by concatenation.
 */
export function fingerprintOf(ruleId: string, arn: string): string {
  return createHash('sha256').update(`${ruleId}\n${arn}`, 'utf8').digest('hex').slice(0, FINGERPRINT_LENGTH);
}
