/**
 * Key family and size of an ACM key algorithm, as ACM spells it in
 * DescribeCertificate (`RSA-2048`, `EC-prime256v1`) or in its filters
 * (`RSA_2048`, `EC_prime256v1`): the size of an elliptic curve is its bits (256 for P-256).
 */
export function keyStrength(algorithm: string | undefined): { keyFamily: 'RSA' | 'EC' | null; keyBits: number | null } {
  if (!algorithm) return { keyFamily: null, keyBits: null };
  const rsa = /^RSA[-_](\d+)$/.exec(algorithm);
  if (rsa) return { keyFamily: 'RSA', keyBits: Number(rsa[1]) };
  const ec = /^EC[-_](?:prime|secp)(\d+)(?:v1|r1)$/.exec(algorithm);
  if (ec) return { keyFamily: 'EC', keyBits: Number(ec[1]) };
  return { keyFamily: null, keyBits: null };
}
