/** A listener's fields as DescribeListeners returns them (and AWS Config records them), as much as the model keeps. */
export interface ListenerFields {
  ListenerArn?: string | undefined;
  Protocol?: string | undefined;
  Port?: number | undefined;
  SslPolicy?: string | undefined;
  Certificates?: readonly { CertificateArn?: string | undefined }[] | undefined;
  DefaultActions?: readonly { Type?: string | undefined; RedirectConfig?: { Protocol?: string | undefined } | undefined }[] | undefined;
}

/**
 * A listener in the model's terms: protocol, security policy, certificates and
 * default actions (as much of each as says where a request goes). Shared by the
 * ELB v2 collector and the AWS Config join so a listener reads the same from both.
 */
export function listenerProperties(l: ListenerFields): Record<string, unknown> {
  return {
    listenerArn: l.ListenerArn ?? null,
    protocol: l.Protocol ?? null,
    port: l.Port ?? null,
    // Only HTTPS and TLS listeners have a security policy and certificates.
    sslPolicy: l.SslPolicy ?? null,
    certificates: (l.Certificates ?? []).map((c) => ({ certificateArn: c.CertificateArn ?? null })),
    defaultActions: (l.DefaultActions ?? []).map((a) => ({ type: a.Type ?? null, redirectProtocol: a.RedirectConfig?.Protocol ?? null })),
  };
}
