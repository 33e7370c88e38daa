import fc from 'fast-check';

/** Shared fast-check arbitraries: small vocabularies so that matches are frequent. */

export const OWNER = '111111111111';
export const OTHER = '222222222222';

export const principals = [
  `arn:aws:iam::${OWNER}:user/alice`,
  `arn:aws:iam::${OTHER}:user/bob`,
  `arn:aws:sts::${OWNER}:assumed-role/Reader/session1`,
  `arn:aws:sts::${OTHER}:assumed-role/Writer/session2`,
  `arn:aws:iam::${OWNER}:root`,
  'anonymous',
  'cloudtrail.amazonaws.com',
] as const;

/** Actions paired with a resource of the type the action needs (the reference simulator validates this). */
export const requests = [
  { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/key.txt' },
  { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/logs/a.log' },
  { action: 's3:PutObject', resource: 'arn:aws:s3:::bucket/key.txt' },
  { action: 's3:DeleteObject', resource: 'arn:aws:s3:::other/x' },
  { action: 's3:ListBucket', resource: 'arn:aws:s3:::bucket' },
  { action: 's3:GetBucketPolicy', resource: 'arn:aws:s3:::bucket' },
] as const;

const actionPatterns = ['*', 's3:*', 's3:Get*', 's3:GetObject', 'S3:GETOBJECT', 's3:PutObject', 's3:get?bject', 's3:List*', 's3:*Object'];
const resourcePatterns = [
  '*',
  'arn:aws:s3:::bucket/*',
  'arn:aws:s3:::bucket',
  'arn:aws:s3:::b*',
  'arn:aws:s3:::bucket/logs/*',
  'arn:aws:s3:::*/key.txt',
  'arn:aws:s3:::other/?',
  'arn:aws:s3:::BUCKET/*',
];

const ipValues = ['10.0.0.0/8', '192.0.2.0/24', '203.0.113.7', '0.0.0.0/0', '2001:db8::/32'];
const orgValues = ['o-abc123', 'o-*', 'o-other'];
const tagKeyValues = ['env', 'team', 'cost*'];

type Clause = { operator: string; key: string; values: readonly string[] };

const clause: fc.Arbitrary<Clause> = fc.oneof(
  fc.record({
    operator: fc.constantFrom('IpAddress', 'NotIpAddress', 'IpAddressIfExists'),
    key: fc.constant('aws:SourceIp'),
    values: fc.subarray(ipValues, { minLength: 1, maxLength: 2 }),
  }),
  fc.record({
    operator: fc.constantFrom('Bool', 'BoolIfExists'),
    key: fc.constant('aws:SecureTransport'),
    values: fc.constantFrom(['true'], ['false']),
  }),
  fc.record({
    operator: fc.constantFrom('StringEquals', 'StringLike', 'StringNotEquals', 'StringNotLike', 'StringEqualsIfExists', 'StringEqualsIgnoreCase'),
    key: fc.constant('aws:PrincipalOrgID'),
    values: fc.subarray(orgValues, { minLength: 1, maxLength: 2 }),
  }),
  fc.record({
    operator: fc.constantFrom(
      'ForAllValues:StringEquals',
      'ForAnyValue:StringEquals',
      'ForAllValues:StringLike',
      'ForAnyValue:StringLike',
      'ForAllValues:StringNotEquals',
      'ForAnyValue:StringNotEquals',
    ),
    key: fc.constant('aws:TagKeys'),
    values: fc.subarray(tagKeyValues, { minLength: 1, maxLength: 2 }),
  }),
  fc.record({
    operator: fc.constantFrom('DateLessThan', 'DateGreaterThan', 'DateNotEquals'),
    key: fc.constant('aws:CurrentTime'),
    values: fc.constantFrom(['2020-01-01T00:00:00Z'], ['2030-06-01T00:00:00Z']),
  }),
  fc.record({
    operator: fc.constantFrom('NumericLessThan', 'NumericGreaterThanEquals', 'NumericNotEquals'),
    key: fc.constant('aws:MultiFactorAuthAge'),
    values: fc.constantFrom(['3600'], ['60']),
  }),
  fc.record({
    operator: fc.constantFrom('StringEquals', 'StringLike'),
    key: fc.constant('aws:PrincipalTag/team'),
    values: fc.constantFrom(['${aws:username}'], ['alice'], ['${aws:username}-*']),
  }),
  fc.record({
    operator: fc.constant('Null'),
    key: fc.constantFrom('aws:SourceIp', 'aws:PrincipalOrgID'),
    values: fc.constantFrom(['true'], ['false']),
  }),
  fc.record({
    operator: fc.constantFrom('ArnLike', 'ArnNotLike', 'ArnEquals'),
    key: fc.constant('aws:PrincipalArn'),
    values: fc.constantFrom([`arn:aws:iam::${OWNER}:user/*`], [`arn:aws:iam::*:role/Reader`], [`arn:aws:iam::${OTHER}:user/bob`]),
  }),
);

function conditionBlock(clauses: Clause[]): Record<string, Record<string, readonly string[]>> | undefined {
  if (clauses.length === 0) return undefined;
  const out: Record<string, Record<string, readonly string[]>> = {};
  for (const c of clauses) (out[c.operator] ??= {})[c.key] = c.values;
  return out;
}

/** The action and resource patterns statements draw from. */
export interface Vocabulary {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

const S3_VOCABULARY: Vocabulary = { actions: actionPatterns, resources: resourcePatterns };

/** A JSON statement; `withPrincipal` adds a Principal for resource policies. */
export function statementArb(withPrincipal: boolean, effect?: 'Allow' | 'Deny', vocabulary: Vocabulary = S3_VOCABULARY): fc.Arbitrary<Record<string, unknown>> {
  const principal = fc.constantFrom<unknown>(
    '*',
    { AWS: '*' },
    { AWS: OWNER },
    { AWS: OTHER },
    { AWS: `arn:aws:iam::${OTHER}:root` },
    { AWS: `arn:aws:iam::${OWNER}:user/alice` },
    { AWS: `arn:aws:iam::${OTHER}:user/bob` },
    { AWS: `arn:aws:iam::${OWNER}:role/Reader` },
    { AWS: [`arn:aws:iam::${OTHER}:role/Writer`, `arn:aws:iam::${OWNER}:user/alice`] },
    { Service: 'cloudtrail.amazonaws.com' },
  );
  return fc
    .record({
      Effect: effect ? fc.constant(effect) : fc.constantFrom('Allow', 'Deny'),
      action: fc.tuple(fc.nat(9), fc.subarray([...vocabulary.actions], { minLength: 1, maxLength: 3 })),
      resource: fc.tuple(fc.nat(9), fc.subarray([...vocabulary.resources], { minLength: 1, maxLength: 2 })),
      clauses: fc.array(clause, { maxLength: 2 }),
      principal,
    })
    .map(({ Effect, action, resource, clauses, principal: p }) => {
      const st: Record<string, unknown> = { Effect };
      // NotAction / NotResource in about one statement in ten.
      st[action[0] === 0 ? 'NotAction' : 'Action'] = action[1];
      st[resource[0] === 0 ? 'NotResource' : 'Resource'] = resource[1];
      if (withPrincipal) st['Principal'] = p;
      const cond = conditionBlock(clauses);
      if (cond) st['Condition'] = cond;
      return st;
    });
}

export function policyArb(
  withPrincipal: boolean,
  maxStatements = 3,
  vocabulary: Vocabulary = S3_VOCABULARY,
  effect?: 'Allow' | 'Deny',
): fc.Arbitrary<{ Version: string; Statement: Record<string, unknown>[] }> {
  return fc
    .array(statementArb(withPrincipal, effect, vocabulary), { minLength: 1, maxLength: maxStatements })
    .map((Statement) => ({ Version: '2012-10-17', Statement }));
}

/** A request context drawn from the same vocabulary as the conditions. */
export const contextArb: fc.Arbitrary<Record<string, string | string[]>> = fc
  .record(
    {
      'aws:SourceIp': fc.constantFrom('10.1.2.3', '192.0.2.44', '198.51.100.1', '2001:db8::1'),
      'aws:SecureTransport': fc.constantFrom('true', 'false'),
      'aws:PrincipalOrgID': fc.constantFrom('o-abc123', 'o-other'),
      'aws:TagKeys': fc.subarray(['env', 'team', 'costcenter', 'owner'], { maxLength: 3 }),
      'aws:CurrentTime': fc.constantFrom('2025-01-01T00:00:00Z'),
      'aws:MultiFactorAuthAge': fc.constantFrom('30', '3600', '7200'),
      'aws:username': fc.constantFrom('alice', 'bob'),
      'aws:PrincipalTag/team': fc.constantFrom('alice', 'alice-x', 'ops'),
    },
    { requiredKeys: [] },
  )
  .map((ctx) => ctx as Record<string, string | string[]>);
