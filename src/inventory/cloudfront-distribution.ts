/**
 * A CloudFront distribution's in-flight settings in the model's terms, built
 * the same way from ListDistributions (collector) and from AWS Config's
 * recorded DistributionConfig (importer).
 */

/** Where CloudFront fetches from: an S3 REST endpoint, any other HTTP server, or a private VPC origin. */
export type OriginKind = 's3' | 'custom' | 'vpc';

/** One origin as both sources give it. */
export interface OriginInput {
  id: string;
  domainName: string | null;
  kind: OriginKind;
  /** `http-only`, `match-viewer` or `https-only`; null for S3 and VPC origins, which have none. */
  protocolPolicy: string | null;
  /** SSLv3, TLSv1, TLSv1.1, TLSv1.2: what CloudFront may negotiate with a custom origin. */
  sslProtocols: string[] | null;
  originAccessControlId: string | null;
  originAccessIdentity: string | null;
}

/** One cache behavior; the default one has the path pattern `*`. */
export interface BehaviorInput {
  pathPattern: string;
  targetOriginId: string;
  viewerProtocolPolicy: string | null;
}

/** What the distribution model is built from. */
export interface DistributionInput {
  origins: OriginInput[];
  /** Failover groups: a behavior may target a group, and so every origin in it. */
  originGroups: { id: string; members: string[] }[];
  behaviors: BehaviorInput[];
}

// Function URLs are served from <url-id>.lambda-url.<region>.on.aws.
const LAMBDA_URL = /\.lambda-url\.[a-z0-9-]+\.on\.aws$/i;

/**
 * The origins with, for each, the viewer protocol policies of the behaviors
 * that reach it: `match-viewer` sends plain HTTP on to the origin exactly when
 * a behavior that reaches it lets viewers use HTTP.
 */
export function originsWithViewers(input: DistributionInput): Record<string, unknown>[] {
  const groups = new Map(input.originGroups.map((g) => [g.id, g.members]));
  return input.origins.map((o) => {
    const reaching = input.behaviors.filter((b) => b.targetOriginId === o.id || (groups.get(b.targetOriginId) ?? []).includes(o.id));
    return {
      ...o,
      lambdaFunctionUrl: o.domainName !== null && LAMBDA_URL.test(o.domainName),
      viewerProtocolPolicies: [...new Set(reaching.map((b) => b.viewerProtocolPolicy ?? 'unknown'))].sort(),
    };
  });
}

/** The viewer certificate's source, or undefined when the answer names none of the three. */
export function certificateSource(cert: { defaultCertificate?: boolean | null; acmArn?: string | null; iamId?: string | null }): 'cloudfront' | 'acm' | 'iam' | undefined {
  if (cert.acmArn) return 'acm';
  if (cert.iamId) return 'iam';
  if (cert.defaultCertificate === true) return 'cloudfront';
  return undefined;
}
