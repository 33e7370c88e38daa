/** Code-unit order: the same on every machine and locale, so sorted output is byte-stable. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Rule id, then ARN, then fingerprint: the one order every gate listing uses. */
export function compareFindings(
  a: { ruleId: string; arn: string; fingerprint: string },
  b: { ruleId: string; arn: string; fingerprint: string },
): number {
  return compareText(a.ruleId, b.ruleId) || compareText(a.arn, b.arn) || compareText(a.fingerprint, b.fingerprint);
}
