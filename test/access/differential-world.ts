import type { Simulation } from '@cloud-copilot/iam-simulate';
import { anonymousPrincipal } from '@cloud-copilot/iam-simulate';
import fc from 'fast-check';
import type { AccessRequest } from '../../src/access/model.js';
import type { Resource } from '../../src/inventory/resource.js';
import { policyArb, statementArb, type Vocabulary } from '../policy/generators.js';
import { ACCOUNT, OTHER, REGION, bucket, doc, key, managedPolicy, orgAccount, orgPolicy, role, trustAccount, user } from './builder.js';

/**
 * Seeded worlds for the access engine's differential test: one caller, one
 * request on a bucket or a KMS key of ACCOUNT, and every policy kind that can
 * apply (identity, permissions boundary, resource or key policy, SCPs of the
 * caller's account per level, RCPs of the resource's account per level), in
 * the same account or across accounts, inside or outside the organization.
 * Each world is given to the engine as an inventory and to iam-simulate as a
 * Simulation; which guardrails apply (management account, service principals)
 * is AWS's rule, encoded here once for the oracle.
 */

/** The organization id; the policy generators' conditions name it. */
export const ORG_ID = 'o-abc123';
const MANAGEMENT = '999999999999';

type Doc = { Version: string; Statement: Record<string, unknown>[] };

interface Caller {
  /** What the engine is asked about (a role ARN for a role). */
  readonly arn: string;
  /** What a request to AWS carries (a role session for a role). */
  readonly session: string;
  readonly kind: 'user' | 'role' | 'service' | 'anonymous';
  readonly account?: string;
  readonly name?: string;
}

const CALLERS: readonly Caller[] = [
  { arn: `arn:aws:iam::${ACCOUNT}:user/alice`, session: `arn:aws:iam::${ACCOUNT}:user/alice`, kind: 'user', account: ACCOUNT, name: 'alice' },
  { arn: `arn:aws:iam::${ACCOUNT}:role/Reader`, session: `arn:aws:sts::${ACCOUNT}:assumed-role/Reader/s1`, kind: 'role', account: ACCOUNT, name: 'Reader' },
  { arn: `arn:aws:iam::${OTHER}:user/bob`, session: `arn:aws:iam::${OTHER}:user/bob`, kind: 'user', account: OTHER, name: 'bob' },
  { arn: `arn:aws:iam::${OTHER}:role/Writer`, session: `arn:aws:sts::${OTHER}:assumed-role/Writer/s2`, kind: 'role', account: OTHER, name: 'Writer' },
  { arn: 'cloudtrail.amazonaws.com', session: 'cloudtrail.amazonaws.com', kind: 'service' },
  { arn: 'anonymous', session: 'anonymous', kind: 'anonymous' },
];

const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/k1`;

const S3: Vocabulary = {
  actions: ['*', 's3:*', 's3:Get*', 's3:GetObject', 'S3:GETOBJECT', 's3:PutObject', 's3:get?bject', 's3:List*', 's3:*Object'],
  resources: ['*', 'arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket', 'arn:aws:s3:::b*', 'arn:aws:s3:::bucket/logs/*', 'arn:aws:s3:::*/key.txt', 'arn:aws:s3:::BUCKET/*'],
};
const KMS: Vocabulary = {
  actions: ['*', 'kms:*', 'kms:Decrypt', 'kms:Encrypt', 'kms:*crypt', 'kms:Schedule*', 'KMS:DECRYPT'],
  resources: ['*', KEY_ARN, `arn:aws:kms:*:${ACCOUNT}:key/*`, `arn:aws:kms:${REGION}:${OTHER}:key/*`, 'arn:aws:kms:*:*:alias/*'],
};

const REQUESTS = [
  { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/key.txt', vocabulary: S3 },
  { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/logs/a.log', vocabulary: S3 },
  { action: 's3:PutObject', resource: 'arn:aws:s3:::bucket/key.txt', vocabulary: S3 },
  { action: 's3:ListBucket', resource: 'arn:aws:s3:::bucket', vocabulary: S3 },
  { action: 'kms:Decrypt', resource: KEY_ARN, vocabulary: KMS },
  { action: 'kms:Encrypt', resource: KEY_ARN, vocabulary: KMS },
  { action: 'kms:ScheduleKeyDeletion', resource: KEY_ARN, vocabulary: KMS },
] as const;

const FULL_ACCESS: Doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** One generated world, as drawn. */
export interface World {
  readonly caller: Caller;
  readonly request: (typeof REQUESTS)[number];
  readonly identity: readonly Doc[];
  readonly boundary?: Doc;
  readonly resourcePolicy?: Doc;
  /** SCPs per level of the caller's account: root, OU, account. */
  readonly scps: readonly (readonly Doc[])[];
  /** RCPs (besides RCPFullAWSAccess) per level of the resource's account. */
  readonly rcps: readonly (readonly Doc[])[];
  /** Where each account stands. */
  readonly resourceAccountIs: 'member' | 'management';
  readonly otherAccountInOrg: boolean;
  readonly context: Readonly<Record<string, string | string[]>>;
}

const contextArb = fc.record(
  {
    'aws:SourceIp': fc.constantFrom('10.1.2.3', '192.0.2.44', '198.51.100.1', '2001:db8::1'),
    'aws:SecureTransport': fc.constantFrom('true', 'false'),
    'aws:TagKeys': fc.subarray(['env', 'team', 'costcenter', 'owner'], { maxLength: 3 }),
    'aws:CurrentTime': fc.constantFrom('2025-01-01T00:00:00Z'),
    'aws:MultiFactorAuthAge': fc.constantFrom('30', '3600', '7200'),
    'aws:PrincipalTag/team': fc.constantFrom('alice', 'alice-x', 'ops'),
  },
  { requiredKeys: [] },
);

/** An RCP statement only denies, for every principal, with Action (not NotAction, not `*`; "RCP syntax", Organizations User Guide). */
function rcpStatement(s: Record<string, unknown>): Record<string, unknown> {
  const { NotAction, Action, ...rest } = s;
  const actions = ([Action ?? NotAction].flat() as string[]).filter((a) => a !== '*');
  return { ...rest, Principal: '*', Action: actions.length > 0 ? actions : ['s3:GetObject', 'kms:Decrypt'] };
}

/** RCPs may only deny, for every principal. */
function rcpArb(v: Vocabulary): fc.Arbitrary<Doc> {
  return fc
    .array(statementArb(false, 'Deny', v), { minLength: 1, maxLength: 2 })
    .map((Statement) => ({ Version: '2012-10-17', Statement: Statement.map(rcpStatement) }));
}

/** An SCP level: usually FullAWSAccess, sometimes a generated policy beside or instead of it (AWS keeps at least one attached). */
function scpLevelArb(v: Vocabulary): fc.Arbitrary<Doc[]> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant<Doc[]>([FULL_ACCESS]) },
    { weight: 3, arbitrary: policyArb(false, 2, v).map((p) => [FULL_ACCESS, p]) },
    { weight: 2, arbitrary: policyArb(false, 2, v).map((p) => [p]) },
  );
}

/** The generator of worlds. */
export const worldArb: fc.Arbitrary<World> = fc
  .record({ caller: fc.constantFrom(...CALLERS), request: fc.constantFrom(...REQUESTS) })
  .chain(({ caller, request }) => {
    const v = request.vocabulary;
    const iam = caller.kind === 'user' || caller.kind === 'role';
    return fc.record({
      caller: fc.constant(caller),
      request: fc.constant(request),
      identity: iam ? fc.array(policyArb(false, 2, v), { maxLength: 2 }) : fc.constant([]),
      boundary: iam ? fc.option(policyArb(false, 2, v), { nil: undefined, freq: 2 }) : fc.constant(undefined),
      // A key always has a key policy; a bucket may have none.
      resourcePolicy: request.vocabulary === KMS ? policyArb(true, 3, v) : fc.option(policyArb(true, 3, v), { nil: undefined, freq: 4 }),
      scps: fc.tuple(scpLevelArb(v), scpLevelArb(v), scpLevelArb(v)),
      rcps: fc.tuple(...[0, 1, 2].map(() => fc.option(rcpArb(v), { nil: undefined, freq: 2 }).map((p) => (p ? [p] : [])))),
      resourceAccountIs: fc.constantFrom<'member' | 'management'>('member', 'member', 'member', 'member', 'management'),
      otherAccountInOrg: fc.boolean(),
      context: contextArb,
    });
  })
  .map((w): World => {
    const { boundary, resourcePolicy, ...rest } = w;
    return { ...rest, ...(boundary ? { boundary } : {}), ...(resourcePolicy ? { resourcePolicy } : {}) };
  });

function inOrg(w: World, account: string | undefined): boolean {
  return account === ACCOUNT || (account === OTHER && w.otherAccountInOrg);
}

function levelsOf(account: string): string[] {
  return ['r-root', account === ACCOUNT ? 'ou-a' : 'ou-b', account];
}

/** The request context both sides get: what AWS fills from the request, then the drawn keys. */
function contextOf(w: World): Record<string, string | string[]> {
  const c = w.caller;
  const ctx: Record<string, string | string[]> = { 'aws:SecureTransport': 'true', 'aws:ResourceAccount': ACCOUNT, 'aws:ResourceOrgID': ORG_ID };
  if (c.kind === 'user' || c.kind === 'role') {
    ctx['aws:PrincipalArn'] = c.arn;
    ctx['aws:PrincipalAccount'] = c.account ?? '';
    ctx['aws:PrincipalIsAWSService'] = 'false';
    ctx['aws:PrincipalType'] = c.kind === 'user' ? 'User' : 'AssumedRole';
    if (inOrg(w, c.account)) ctx['aws:PrincipalOrgID'] = ORG_ID;
    if (c.kind === 'user' && c.name) ctx['aws:username'] = c.name;
  } else if (c.kind === 'service') {
    ctx['aws:PrincipalIsAWSService'] = 'true';
    ctx['aws:PrincipalServiceName'] = c.arn;
  }
  return { ...ctx, ...w.context };
}

/** The world as an inventory, and the request to decide. */
export function engineInput(w: World): { resources: Resource[]; request: AccessRequest } {
  const c = w.caller;
  const resources: Resource[] = [];
  const boundary = w.boundary ? managedPolicy('Boundary', w.boundary, c.account ?? ACCOUNT) : undefined;
  if (boundary) resources.push(boundary);
  const identity = { inline: [...w.identity], boundary: boundary?.arn ?? null, account: c.account ?? ACCOUNT };
  if (c.kind === 'user') resources.push(user(c.name ?? '', identity));
  if (c.kind === 'role') resources.push(role(c.name ?? '', trustAccount(ACCOUNT), identity));
  if (w.request.vocabulary === KMS) resources.push(key('k1', w.resourcePolicy ?? doc(), { grants: [] }));
  else resources.push(bucket('bucket', { policy: w.resourcePolicy ?? null }));

  const management = w.resourceAccountIs === 'management' ? ACCOUNT : MANAGEMENT;
  const place = (account: string) => orgAccount(account, levelsOf(account).slice(0, 2), management, ORG_ID);
  resources.push(place(ACCOUNT));
  if (w.otherAccountInOrg) resources.push(place(OTHER));
  // SCPs at the caller's levels (or the resource account's, for a caller without an account); RCPs at the resource account's.
  const scpLevels = levelsOf(c.account ?? ACCOUNT);
  w.scps.forEach((level, i) => level.forEach((p, j) => resources.push(orgPolicy(`scp-${i}-${j}`, 'SERVICE_CONTROL_POLICY', p, [scpLevels[i] ?? ''], c.account ?? ACCOUNT))));
  const rcpLevels = levelsOf(ACCOUNT);
  w.rcps.forEach((level, i) => level.forEach((p, j) => resources.push(orgPolicy(`rcp-${i}-${j}`, 'RESOURCE_CONTROL_POLICY', p, [rcpLevels[i] ?? '']))));
  return { resources, request: { principal: c.arn, action: w.request.action, resource: w.request.resource, context: contextOf(w) } };
}

/** The world as iam-simulate reads it: only the guardrails AWS applies to this request. */
export function oracleInput(w: World): Simulation {
  const c = w.caller;
  const iam = c.kind === 'user' || c.kind === 'role';
  const management = w.resourceAccountIs === 'management' ? ACCOUNT : MANAGEMENT;
  // SCPs: the caller's account, when it is in the organization and not its management account.
  const scpApplies = iam && inOrg(w, c.account) && c.account !== management;
  const scpLevels = levelsOf(c.account ?? ACCOUNT);
  // RCPs: the resource's account, not for AWS service principals, not in the management account.
  const rcpApplies = c.kind !== 'service' && ACCOUNT !== management;
  const rcpLevels = levelsOf(ACCOUNT);
  return {
    request: {
      principal: c.kind === 'anonymous' ? anonymousPrincipal : c.session,
      action: w.request.action,
      resource: { resource: w.request.resource, accountId: ACCOUNT },
      contextVariables: contextOf(w),
    },
    identityPolicies: w.identity.map((policy, i) => ({ name: `identity-${i}`, policy })),
    ...(w.boundary ? { permissionBoundaryPolicies: [{ name: 'Boundary', policy: w.boundary }] } : {}),
    serviceControlPolicies: scpApplies ? w.scps.map((level, i) => ({ orgIdentifier: scpLevels[i] ?? '', policies: level.map((policy, j) => ({ name: `scp-${i}-${j}`, policy })) })) : [],
    resourceControlPolicies: rcpApplies ? w.rcps.map((level, i) => ({ orgIdentifier: rcpLevels[i] ?? '', policies: level.map((policy, j) => ({ name: `rcp-${i}-${j}`, policy })) })) : [],
    ...(w.resourcePolicy ? { resourcePolicy: w.resourcePolicy } : {}),
  };
}
