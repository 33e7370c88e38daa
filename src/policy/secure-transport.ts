import { arnService, parseOperatorName, prepareContext } from './conditions.js';
import { matchesAnyAction, resourceMatches } from './evaluate.js';
import type { Statement } from './parse.js';

/**
 * Does a resource policy refuse every request made without TLS? Modelled on the
 * AWS Config rule `s3-bucket-ssl-requests-only` and the S3 guide's example
 * "Managing access based on HTTP or HTTPS requests": a Deny, for every
 * principal, every action of the service, and every resource the data lives
 * in, conditioned only on `aws:SecureTransport` being false. An Allow
 * conditioned on `aws:SecureTransport: true` enforces nothing — another
 * statement or an identity policy can still allow plain HTTP.
 *
 * Where AWS documents a narrower pattern for a service's data path, covering
 * those actions suffices: for SNS, a Deny of `sns:Publish` on
 * `aws:SecureTransport` false ("Amazon SNS security best practices": enforce
 * encryption of data in transit).
 */

/** Per service, the actions a TLS Deny must cover when AWS documents a data-path pattern. */
const DATA_PATH_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  sns: ['sns:Publish'],
};

/** What the resource is, so coverage can be checked. */
export interface TransportTarget {
  /** Service prefix of the actions (`s3`, `sqs`, …); undefined accepts any `svc:*`. */
  readonly service?: string;
  readonly resourceArn?: string;
}

const EMPTY = prepareContext({});

function coversEveryone(st: Statement): boolean {
  return (st.principal ?? []).some((p) => p.type === '*' || (p.type === 'AWS' && p.value === '*'));
}

function coversEveryAction(st: Statement, service: string | undefined): boolean {
  const dataPath = service === undefined ? undefined : DATA_PATH_ACTIONS[service.toLowerCase()];
  if (dataPath) {
    return dataPath.every((a) => (st.action ? matchesAnyAction(st.action, a) : !matchesAnyAction(st.notAction ?? [], a)));
  }
  if (!st.action) return false;
  return st.action.some((a) => {
    const lower = a.toLowerCase();
    if (lower === '*') return true;
    if (service === undefined) return /^[a-z0-9-]+:\*$/.test(lower);
    return lower === `${service.toLowerCase()}:*`;
  });
}

/** Probe keys: a pattern matching all of them is taken to cover every object in the bucket. */
const OBJECT_PROBES = ['', 'x', 'folder/sub/file.txt', 'a?b*c', '.hidden'];

function covers(st: Statement, arn: string): boolean {
  if (!st.resource) return false;
  return st.resource.some((p) => resourceMatches(p, arn, EMPTY, false));
}

function coversS3Bucket(st: Statement, bucketArn: string): boolean {
  return covers(st, bucketArn) && OBJECT_PROBES.every((k) => covers(st, `${bucketArn}/${k}`));
}

function coversResources(st: Statement, target: TransportTarget): boolean {
  // Without Resource or NotResource the statement applies to the resource it is attached to.
  if (!st.resource && !st.notResource) return true;
  if (!st.resource) return false;
  const service = target.service?.toLowerCase();
  const arn = target.resourceArn;
  if (service === 's3' || (arn !== undefined && arnService(arn) === 's3')) {
    if (arn) {
      const slash = arn.indexOf('/');
      const bucketArn = slash < 0 ? arn : arn.slice(0, slash);
      return coversS3Bucket(st, bucketArn);
    }
    // Without the bucket's ARN, require some bucket the statement names to be fully covered.
    const buckets = st.resource.filter((r) => /^arn:[^:]+:s3:::[^/*?]+$/.test(r));
    if (st.resource.includes('*')) return true;
    return buckets.some((b) => coversS3Bucket(st, b));
  }
  if (arn) return covers(st, arn);
  return true;
}

/** True for a condition block that holds exactly one test: `aws:SecureTransport` is false. */
function onlyInsecureTransport(st: Statement): boolean {
  if (st.conditions.length !== 1) return false;
  const c = st.conditions[0];
  if (!c || c.key.toLowerCase() !== 'aws:securetransport') return false;
  const op = parseOperatorName(c.operator);
  if (!op || op.base !== 'Bool' || op.set !== null) return false;
  return c.values.length > 0 && c.values.every((v) => v.trim().toLowerCase() === 'false');
}

/** Whether the Deny applies to everyone, every action and every resource, whatever its condition. */
export function isBlanketDeny(st: Statement, target: TransportTarget): boolean {
  return st.effect === 'Deny' && coversEveryone(st) && coversEveryAction(st, target.service) && coversResources(st, target);
}

/** The statements that enforce TLS for the whole resource. */
export function secureTransportStatements(statements: readonly Statement[], target: TransportTarget): Statement[] {
  // The condition test is cheap and rules most statements out; coverage probes the resource patterns.
  return statements.filter((st) => onlyInsecureTransport(st) && isBlanketDeny(st, target));
}

/**
 * The highest TLS version below which a blanket Deny refuses requests
 * (`NumericLessThan` on `s3:TlsVersion`), as in the S3 guide's TLS examples.
 */
export function minimumTlsVersion(statements: readonly Statement[], target: TransportTarget): string | null {
  let best: string | null = null;
  for (const st of statements) {
    if (st.effect !== 'Deny' || st.conditions.length !== 1) continue;
    const c = st.conditions[0];
    if (!c || c.key.toLowerCase() !== 's3:tlsversion') continue;
    const op = parseOperatorName(c.operator);
    if (!op || op.base !== 'NumericLessThan' || op.set !== null || c.values.length !== 1) continue;
    const v = c.values[0] ?? '';
    if (!/^\d+(\.\d+)?$/.test(v.trim()) || !isBlanketDeny(st, target)) continue;
    if (best === null || Number(v) > Number(best)) best = v.trim();
  }
  return best;
}
