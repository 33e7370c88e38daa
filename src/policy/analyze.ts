import { arnService } from './conditions.js';
import { crossAccountGrants, type CrossAccountGrant } from './cross-account.js';
import { parsePolicy, type PolicyError } from './parse.js';
import { publicStatements, type StatementRef } from './public.js';
import { minimumTlsVersion, secureTransportStatements } from './secure-transport.js';
import { wildcardGrants, type WildcardGrant } from './wildcard-grants.js';

/** What the analysis knows about the resource the policy is attached to. */
export interface AnalyzeOptions {
  readonly resourceArn?: string;
  /** The owning account; grants to anyone else are cross-account. */
  readonly accountId?: string;
  /** Service of the resource; derived from `resourceArn` when omitted. */
  readonly service?: 's3' | 'sqs' | 'sns' | 'kms' | 'lambda' | (string & {});
}

/**
 * The answers rules ask of a resource policy. When `valid` is false the
 * document could not be read: `public` is then true and
 * `enforcesSecureTransport` false so that nothing reads as safe, and callers
 * must report UNKNOWN/ERROR from `errors` rather than PASS or FAIL.
 */
export interface PolicyAnalysis {
  readonly valid: boolean;
  readonly public: boolean;
  readonly publicStatements: readonly StatementRef[];
  readonly enforcesSecureTransport: boolean;
  /** Statements that enforce TLS, by index. */
  readonly secureTransportStatements: readonly number[];
  readonly minimumTlsVersion: string | null;
  readonly crossAccount: readonly CrossAccountGrant[];
  readonly wildcardGrants: readonly WildcardGrant[];
  readonly errors: readonly PolicyError[];
}

function serviceOf(opts: AnalyzeOptions): string | undefined {
  if (opts.service) return opts.service.toLowerCase();
  return opts.resourceArn === undefined ? undefined : arnService(opts.resourceArn);
}

/** Analyses a resource policy (S3, SQS, SNS, KMS, Lambda …) given as JSON text or an object. */
export function analyzePolicy(doc: unknown, opts: AnalyzeOptions = {}): PolicyAnalysis {
  const parsed = parsePolicy(doc);
  if (!parsed.ok) {
    return {
      valid: false,
      public: true,
      publicStatements: [],
      enforcesSecureTransport: false,
      secureTransportStatements: [],
      minimumTlsVersion: null,
      crossAccount: [],
      wildcardGrants: [],
      errors: parsed.errors,
    };
  }
  const statements = parsed.policy.statements;
  const service = serviceOf(opts);
  const target = opts.resourceArn === undefined ? { service } : { service, resourceArn: opts.resourceArn };
  const pub = publicStatements(statements);
  const tls = secureTransportStatements(statements, target);
  return {
    valid: true,
    public: pub.length > 0,
    publicStatements: pub,
    enforcesSecureTransport: tls.length > 0,
    secureTransportStatements: tls.map((s) => s.index),
    minimumTlsVersion: minimumTlsVersion(statements, target),
    crossAccount: crossAccountGrants(statements, opts.accountId),
    wildcardGrants: wildcardGrants(statements, { service, accountId: opts.accountId }),
    errors: [],
  };
}
