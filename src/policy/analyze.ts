import { arnService } from './conditions.js';
import { crossAccountGrants, crossAccountUnreadable, type CrossAccountGrant } from './cross-account.js';
import { parsePolicy, unreadableErrors, type PolicyError, type UnreadableStatement } from './parse.js';
import { publicStatements, publicUnreadable, type PolicyKind, type StatementRef } from './public.js';
import { minimumTlsVersion, secureTransportStatements } from './secure-transport.js';
import { wildcardGrants, type WildcardGrant } from './wildcard-grants.js';

/** What the analysis knows about the resource the policy is attached to. */
export interface AnalyzeOptions {
  readonly resourceArn?: string;
  /** The owning account; grants to anyone else are cross-account. */
  readonly accountId?: string;
  /** Service of the resource; derived from `resourceArn` when omitted. */
  readonly service?: 's3' | 'sqs' | 'sns' | 'kms' | 'lambda' | (string & {});
  /** A role's trust policy, or a resource policy; `iam` (a role ARN) means a trust policy when omitted. */
  readonly kind?: PolicyKind;
}

/** The answers an analysis gives that statements which could not be read may leave open. */
export type AnalysisField = 'public' | 'enforcesSecureTransport' | 'minimumTlsVersion' | 'crossAccount' | 'wildcardGrants';

/**
 * The answers rules ask of a resource policy. When `valid` is false the
 * document could not be read at all: `public` is then true and
 * `enforcesSecureTransport` false so that nothing reads as safe, and callers
 * must report UNKNOWN/ERROR from `errors` rather than PASS or FAIL. When
 * statements could not be read, `undecided` names each answer they leave
 * open, with why; the value given for such a field is what the readable
 * statements show (a found grant stands, an absent one is not proven).
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
  readonly undecided: Readonly<Partial<Record<AnalysisField, string>>>;
  /** Why the document, or some of its statements, could not be read. */
  readonly errors: readonly PolicyError[];
  /** What was read leniently (unusual Version, statements ignored as invalid, principals naming no one). */
  readonly notes: readonly PolicyError[];
}

function serviceOf(opts: AnalyzeOptions): string | undefined {
  if (opts.service) return opts.service.toLowerCase();
  return opts.resourceArn === undefined ? undefined : arnService(opts.resourceArn);
}

function indexes(statements: readonly { readonly index: number }[]): string {
  return statements.map((s) => s.index).join(', ');
}

/** Which answers unreadable statements leave open, given what the readable ones show. */
function undecidedFields(
  unreadable: readonly UnreadableStatement[],
  found: { readonly public: boolean; readonly tls: boolean; readonly tlsVersion: boolean; readonly crossAccount: boolean },
  possiblyPublic: readonly StatementRef[],
  possiblyCrossAccount: readonly number[],
): Partial<Record<AnalysisField, string>> {
  const out: Partial<Record<AnalysisField, string>> = {};
  if (unreadable.length === 0) return out;
  const because = (list: string) => `statement ${list} could not be read`;
  if (!found.public && possiblyPublic.length > 0) out.public = `${because(indexes(possiblyPublic))} and may grant to anyone`;
  if (!found.crossAccount && possiblyCrossAccount.length > 0) {
    out.crossAccount = `${because(possiblyCrossAccount.join(', '))} and may grant outside the account`;
  }
  const mayDeny = unreadable.filter((s) => s.effect !== 'Allow');
  if (!found.tls && mayDeny.length > 0) out.enforcesSecureTransport = `${because(indexes(mayDeny))} and may be the Deny that enforces TLS`;
  if (!found.tlsVersion && mayDeny.length > 0) out.minimumTlsVersion = `${because(indexes(mayDeny))} and may set a minimum TLS version`;
  const mayAllow = unreadable.filter((s) => s.effect !== 'Deny');
  if (mayAllow.length > 0) out.wildcardGrants = `${because(indexes(mayAllow))} and may grant every action`;
  return out;
}

/** Analyses a resource policy (S3, SQS, SNS, KMS, Lambda …) or a role trust policy, given as JSON text or an object. */
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
      undecided: {},
      errors: parsed.errors,
      notes: [],
    };
  }
  const { statements, unreadable = [], notes = [] } = parsed.policy;
  const service = serviceOf(opts);
  const kind: PolicyKind = opts.kind ?? (service === 'iam' ? 'trust' : 'resource');
  const target = opts.resourceArn === undefined ? { service } : { service, resourceArn: opts.resourceArn };
  const partly = publicUnreadable(unreadable, kind);
  const pub = [...publicStatements(statements, kind), ...partly.public].sort((a, b) => a.index - b.index);
  const tls = secureTransportStatements(statements, target);
  const minTls = minimumTlsVersion(statements, target);
  const crossAccount = crossAccountGrants(statements, opts.accountId);
  const undecided = undecidedFields(
    unreadable,
    { public: pub.length > 0, tls: tls.length > 0, tlsVersion: minTls !== null, crossAccount: crossAccount.length > 0 },
    partly.possibly,
    crossAccountUnreadable(unreadable, opts.accountId),
  );
  return {
    valid: true,
    // As for an unreadable document, an open answer never reads as "not public".
    public: pub.length > 0 || undecided.public !== undefined,
    publicStatements: pub,
    enforcesSecureTransport: tls.length > 0,
    secureTransportStatements: tls.map((s) => s.index),
    minimumTlsVersion: minTls,
    crossAccount,
    wildcardGrants: wildcardGrants(statements, { service, accountId: opts.accountId }),
    undecided,
    errors: unreadableErrors(parsed.policy),
    notes,
  };
}
