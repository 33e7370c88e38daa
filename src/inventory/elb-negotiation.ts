/** A Classic Load Balancer listener, as much as the SSL negotiation join needs. */
export interface NegotiationListener {
  protocol: string | null;
  loadBalancerPort: number | null;
  policyNames: readonly string[];
}

/** A Classic Load Balancer policy: its name, type and attributes. */
export interface NegotiationPolicy {
  name: string | undefined;
  type: string | undefined;
  attributes: readonly { name: string | undefined; value: string | undefined }[];
}

const SECURE = new Set(['HTTPS', 'SSL']);

/**
 * The SSL negotiation of each HTTPS or SSL listener: the policy it names, the
 * predefined policy that one was made from (`Reference-Security-Policy`; null
 * for a custom policy) and the protocols it enables. A listener that names no
 * negotiation policy gets nulls and no protocols, so no rule can read it as
 * strong. Shared by the collector and the AWS Config mapper.
 */
export function sslNegotiation(listeners: readonly NegotiationListener[], policies: readonly NegotiationPolicy[]): Record<string, unknown>[] {
  const byName = new Map(policies.filter((p) => p.type === 'SSLNegotiationPolicyType' && p.name).map((p) => [p.name!, p]));
  return listeners
    .filter((l) => SECURE.has(l.protocol ?? ''))
    .map((l) => {
      const name = l.policyNames.find((n) => byName.has(n));
      const attributes = name ? byName.get(name)!.attributes : [];
      return {
        loadBalancerPort: l.loadBalancerPort,
        policyName: name ?? null,
        referenceSecurityPolicy: attributes.find((a) => a.name === 'Reference-Security-Policy')?.value ?? null,
        enabledProtocols: attributes
          .filter((a) => a.name?.startsWith('Protocol-') && a.value === 'true')
          .map((a) => a.name!.slice('Protocol-'.length))
          .sort(),
      };
    });
}
