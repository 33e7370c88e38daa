import * as crypto from 'node:crypto';

/** Hex characters kept from the sha256: 128 bits, ample against collisions within one account estate. */
const FINGERPRINT_LENGTH = 32;

/**
 * One-shot sha256 in hex. `crypto.hash` (Node ≥ 20.12) skips the Hash object
 * and its stream machinery: about 0.5 µs against 3 µs for createHash, paid once
 * per result. Read through the namespace so older Node 20 releases, which lack
 * it, fall back instead of failing to link.
 */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The stable identity of a finding: the first 32 hex characters of
 * sha256(`${ruleId}\n${arn}`). It depends only on which rule looked at which
 * resource, never on message wording, severity or result order, so a baseline
 * keeps matching when rules are reworded or re-ranked. The newline separator
 * cannot occur in a rule id, so distinct pairs cannot collide by concatenation.
 */
export function fingerprintOf(ruleId: string, arn: string): string {
  return sha256Hex(`${ruleId}\n${arn}`).slice(0, FINGERPRINT_LENGTH);
}
