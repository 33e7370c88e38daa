import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzePolicy } from '../../src/policy/analyze.js';
import { policyArb } from './generators.js';

const BPA = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status';
const SSL = 'https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-ssl-requests-only.html';
const S3_TLS = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html#example-bucket-policies-HTTP-HTTPS';
const KMS = 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html';
const SQS = 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-basic-examples-of-sqs-policies.html';

const OWNER = '111122223333';
const bucket = 'arn:aws:s3:::amzn-s3-demo-bucket';
const s3 = { resourceArn: bucket, accountId: OWNER, service: 's3' } as const;
const policy = (...Statement: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement });
const anyone = (extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${bucket}/*`, ...extra });

type PublicCase = [doc: string, name: string, statement: Record<string, unknown>, isPublic: boolean];
const publicCases: PublicCase[] = [
  [BPA, 'Principal * with no condition', anyone(), true],
  [BPA, 'Principal {"AWS":"*"}', anyone({ Principal: { AWS: '*' } }), true],
  [BPA, 'wildcard aws:SourceVpc "vpc-*" is not fixed', anyone({ Condition: { StringLike: { 'aws:SourceVpc': 'vpc-*' } } }), true],
  [BPA, 'fixed aws:SourceVpc', anyone({ Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-91237329' } } }), false],
  [BPA, 'fixed aws:SourceVpce', anyone({ Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } }), false],
  [BPA, 'fixed aws:SourceArn', anyone({ Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:111122223333:trail/main' } } }), false],
  [BPA, 'wildcard aws:SourceArn', anyone({ Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:*:trail/*' } } }), true],
  [BPA, 'fixed aws:SourceAccount', anyone({ Condition: { StringEquals: { 'aws:SourceAccount': OWNER } } }), false],
  [BPA, 'fixed aws:SourceOwner', anyone({ Condition: { StringEquals: { 'aws:SourceOwner': OWNER } } }), false],
  [BPA, 'fixed aws:PrincipalOrgID (an AWS principal, e.g. aws:PrincipalOrgID)', anyone({ Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }), false],
  [BPA, 'aws:PrincipalOrgID with a wildcard', anyone({ Condition: { StringLike: { 'aws:PrincipalOrgID': 'o-*' } } }), true],
  [BPA, 'aws:PrincipalOrgID via a policy variable', anyone({ Condition: { StringEquals: { 'aws:PrincipalOrgID': '${aws:ResourceOrgID}' } } }), true],
  [BPA, 'specific CIDR on aws:SourceIp', anyone({ Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } }), false],
  [BPA, 'IPv6 /64 on aws:SourceIp', anyone({ Condition: { IpAddress: { 'aws:SourceIp': '2001:db8:1234:5678::/64' } } }), false],
  [BPA, '0.0.0.0/0 is not a fixed range', anyone({ Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } }), true],
  [BPA, '0.0.0.0/1 is broader than /8', anyone({ Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/1' } } }), true],
  [BPA, 'IPv6 broader than /32', anyone({ Condition: { IpAddress: { 'aws:SourceIp': '2001::/16' } } }), true],
  [BPA, 'NotIpAddress does not restrict', anyone({ Condition: { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } }), true],
  [BPA, 'negated operator on a listed key does not restrict', anyone({ Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } }), true],
  [BPA, 'IfExists passes when the key is absent', anyone({ Condition: { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } }), true],
  [BPA, 'conditions on other keys do not restrict', anyone({ Action: 's3:PutObject', Condition: { Bool: { 'aws:SecureTransport': 'true' }, StringEquals: { 's3:x-amz-acl': 'private' } } }), true],
  [BPA, 'fixed aws:userid', anyone({ Condition: { StringEquals: { 'aws:userid': 'AIDAEXAMPLE' } } }), false],
  [BPA, 'aws:userid "AROLEID:*" is not fixed', anyone({ Condition: { StringLike: { 'aws:userid': 'AROAEXAMPLE:*' } } }), true],
  [BPA, 's3:DataAccessPointArn wildcard in access point name with fixed account', anyone({ Condition: { StringLike: { 's3:DataAccessPointArn': 'arn:aws:s3:us-west-2:123456789012:accesspoint/*' } } }), false],
  [BPA, 's3:DataAccessPointAccount fixed', anyone({ Condition: { StringEquals: { 's3:DataAccessPointAccount': OWNER } } }), false],
  [BPA, 'fixed AWS principal (another account) is not public', anyone({ Principal: { AWS: 'arn:aws:iam::444455556666:root' } }), false],
  [BPA, 'service principal is not public', anyone({ Principal: { Service: 'cloudtrail.amazonaws.com' } }), false],
  [BPA, 'NotPrincipal with Allow grants everyone else', { Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 's3:GetObject', Resource: `${bucket}/*` }, true],
  [BPA, 'Deny statements are never public', { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: `${bucket}/*` }, false],
];

describe('public (S3 Block Public Access "meaning of public")', () => {
  it.each(publicCases)('%s: %s', (_doc, _name, statement, isPublic) => {
    const a = analyzePolicy(policy(statement), s3);
    expect(a.valid).toBe(true);
    expect(a.public).toBe(isPublic);
    expect(a.publicStatements.length > 0).toBe(isPublic);
  });

  it('one public statement makes the whole policy public, and is named (S3 example with CloudTrail, Account-2, and "*")', () => {
    const a = analyzePolicy(
      policy(
        anyone({ Sid: 'CloudTrail', Principal: { Service: 'cloudtrail.amazonaws.com' } }),
        anyone({ Sid: 'Account2', Principal: { AWS: '444455556666' } }),
        anyone({ Sid: 'Everyone' }),
      ),
      s3,
    );
    expect(a.public).toBe(true);
    expect(a.publicStatements).toEqual([{ index: 2, sid: 'Everyone', reason: expect.stringContaining('"*"') }]);
  });

  it('applies to SQS, SNS, KMS and Lambda policies the same way', () => {
    const sqs = policy({ Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:111122223333:q', Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:111122223333:topic' } } });
    expect(analyzePolicy(sqs, { service: 'sqs' }).public).toBe(false);
    const lambda = policy({ Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunction', Resource: 'arn:aws:lambda:us-east-1:111122223333:function:f' });
    expect(analyzePolicy(lambda, { service: 'lambda' }).public).toBe(true);
  });

  it('a policy with no Allow is never public (property)', () => {
    fc.assert(
      fc.property(policyArb(true, 4), (p) => {
        const denyOnly = { ...p, Statement: p.Statement.map((s) => ({ ...s, Effect: 'Deny' })) };
        expect(analyzePolicy(denyOnly, s3).public).toBe(false);
      }),
      { seed: 5, numRuns: 500 },
    );
  });

  it('unparseable documents are not reported as safe', () => {
    const a = analyzePolicy('{"Statement": [ {"Effect": "Allow"', s3);
    expect(a.valid).toBe(false);
    expect(a.errors.length).toBeGreaterThan(0);
    expect(a.public).toBe(true);
    expect(a.enforcesSecureTransport).toBe(false);
  });
});

const tlsDeny = (extra: Record<string, unknown> = {}) => ({
  Sid: 'AllowSSLRequestsOnly',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: [bucket, `${bucket}/*`],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  ...extra,
});

type TlsCase = [doc: string, name: string, statement: Record<string, unknown>, enforces: boolean];
const tlsCases: TlsCase[] = [
  [SSL, 'the documented Deny on bucket and objects', tlsDeny(), true],
  [SSL, 'boolean false instead of the string', tlsDeny({ Condition: { Bool: { 'aws:SecureTransport': false } } }), true],
  [SSL, 'BoolIfExists', tlsDeny({ Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } }), true],
  [SSL, 'Principal {"AWS":"*"} and Action "*"', tlsDeny({ Principal: { AWS: '*' }, Action: '*' }), true],
  [SSL, 'Resource "arn:aws:s3:::bucket*" also covers both', tlsDeny({ Resource: `${bucket}*` }), true],
  [SSL, 'only bucket/* misses the bucket itself', tlsDeny({ Resource: `${bucket}/*` }), false],
  [SSL, 'only the bucket misses the objects', tlsDeny({ Resource: bucket }), false],
  [SSL, 'a prefix of the objects is not all objects', tlsDeny({ Resource: [bucket, `${bucket}/public/*`] }), false],
  [SSL, 'only s3:PutObject is not every action', tlsDeny({ Action: 's3:PutObject' }), false],
  [SSL, 'only one principal is not everyone', tlsDeny({ Principal: { AWS: 'arn:aws:iam::111122223333:root' } }), false],
  [SSL, 'an Allow on SecureTransport true does not enforce', { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: [bucket, `${bucket}/*`], Condition: { Bool: { 'aws:SecureTransport': 'true' } } }, false],
  [SSL, 'Deny on SecureTransport true is the opposite', tlsDeny({ Condition: { Bool: { 'aws:SecureTransport': 'true' } } }), false],
  [SSL, 'an extra condition narrows the Deny', tlsDeny({ Condition: { Bool: { 'aws:SecureTransport': 'false' }, IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } }), false],
  [SSL, 'NotAction is not every action', { ...tlsDeny(), Action: undefined, NotAction: 's3:GetObject' }, false],
];

describe('enforcesSecureTransport', () => {
  it.each(tlsCases)('%s: %s', (_doc, _name, statement, enforces) => {
    const clean = Object.fromEntries(Object.entries(statement).filter(([, v]) => v !== undefined));
    expect(analyzePolicy(policy(clean), s3).enforcesSecureTransport).toBe(enforces);
  });

  it('works for SQS with the queue ARN or "*"', () => {
    const q = 'arn:aws:sqs:us-east-1:111122223333:q';
    const st = { Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: q, Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
    expect(analyzePolicy(policy(st), { resourceArn: q }).enforcesSecureTransport).toBe(true);
    expect(analyzePolicy(policy({ ...st, Action: 'sqs:SendMessage' }), { resourceArn: q }).enforcesSecureTransport).toBe(false);
    expect(analyzePolicy(policy({ ...st, Action: 's3:*' }), { resourceArn: q }).enforcesSecureTransport).toBe(false);
  });

  it(`${S3_TLS}: reports the minimum TLS version from a NumericLessThan s3:TlsVersion Deny`, () => {
    const st = tlsDeny({ Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } });
    const a = analyzePolicy(policy(st, tlsDeny()), s3);
    expect(a.minimumTlsVersion).toBe('1.2');
    expect(a.enforcesSecureTransport).toBe(true);
    expect(analyzePolicy(policy({ ...st, Action: 's3:GetObject' }), s3).minimumTlsVersion).toBeNull();
  });
});

describe('crossAccount', () => {
  it('reports other accounts, their principals, organizations and federated principals with actions', () => {
    const a = analyzePolicy(
      policy(
        { Effect: 'Allow', Principal: { AWS: ['444455556666', `arn:aws:iam::${OWNER}:role/Local`, 'arn:aws:iam::777788889999:role/Reader'] }, Action: ['s3:GetObject'], Resource: `${bucket}/*` },
        { Effect: 'Allow', Principal: '*', Action: 's3:ListBucket', Resource: bucket, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } },
        { Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 's3:GetObject', Resource: `${bucket}/*` },
        { Effect: 'Deny', Principal: { AWS: '999999999999' }, Action: 's3:*', Resource: `${bucket}/*` },
      ),
      s3,
    );
    expect(a.crossAccount).toEqual([
      { principal: '444455556666', kind: 'account', accountId: '444455556666', actions: ['s3:GetObject'], statementIndex: 0 },
      { principal: 'arn:aws:iam::777788889999:role/Reader', kind: 'principal', accountId: '777788889999', actions: ['s3:GetObject'], statementIndex: 0 },
      { principal: 'o-a1b2c3d4e5', kind: 'organization', actions: ['s3:ListBucket'], statementIndex: 1 },
      { principal: 'cognito-identity.amazonaws.com', kind: 'federated', actions: ['s3:GetObject'], statementIndex: 2 },
    ]);
  });

  it(`${SQS}: a service pinned to this account by aws:SourceAccount is not cross-account`, () => {
    const st = { Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:111122223333:q' };
    expect(analyzePolicy(policy({ ...st, Condition: { StringEquals: { 'aws:SourceAccount': OWNER } } }), { accountId: OWNER }).crossAccount).toEqual([]);
    expect(analyzePolicy(policy(st), { accountId: OWNER }).crossAccount).toMatchObject([{ kind: 'service', principal: 'sns.amazonaws.com' }]);
  });
});

describe('wildcardGrants', () => {
  it('reports Allow of "*" and "service:*" but not named actions', () => {
    const a = analyzePolicy(
      policy(
        { Effect: 'Allow', Principal: { AWS: OWNER }, Action: 's3:*', Resource: `${bucket}/*` },
        { Effect: 'Allow', Principal: { AWS: OWNER }, Action: 's3:GetObject', Resource: `${bucket}/*` },
        { Effect: 'Allow', Principal: { AWS: OWNER }, Action: '*', Resource: '*' },
      ),
      s3,
    );
    expect(a.wildcardGrants.map((g) => g.statementIndex)).toEqual([0, 2]);
  });

  it(`${KMS}: the default key policy (root gets kms:*) is a wildcard grant but not beyond the account`, () => {
    const key = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const a = analyzePolicy(
      policy({ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OWNER}:root` }, Action: 'kms:*', Resource: '*' }),
      { resourceArn: key, accountId: OWNER },
    );
    expect(a.wildcardGrants).toHaveLength(1);
    expect(a.wildcardGrants[0]?.reason).not.toContain('decryption');
  });

  it(`${KMS}: kms:Decrypt to "*" without a restricting condition, or to another account, is reported`, () => {
    const key = 'arn:aws:kms:us-east-1:111122223333:key/k';
    const opts = { resourceArn: key, accountId: OWNER };
    const open = analyzePolicy(policy({ Effect: 'Allow', Principal: '*', Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: '*' }), opts);
    expect(open.wildcardGrants[0]?.reason).toContain('decryption');
    const other = analyzePolicy(policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'kms:ReEncrypt*', Resource: '*' }), opts);
    expect(other.wildcardGrants[0]?.reason).toContain('another account');
    const pinned = analyzePolicy(
      policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:CallerAccount': OWNER, 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } }),
      opts,
    );
    expect(pinned.wildcardGrants).toEqual([]);
  });
});

describe('service grants pinned by aws:SourceArn', () => {
  const grant = (sourceArn: string, operator = 'ArnLike') => ({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: '*', Condition: { [operator]: { 'aws:SourceArn': sourceArn } } }],
  });
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html — aws:SourceArn names the resource, and with it its account.
  it('is not cross-account when the source ARN is in the own account, even with wildcards in the resource part', () => {
    expect(analyzePolicy(grant('arn:aws:sns:eu-west-1:111122223333:orders'), { accountId: '111122223333' }).crossAccount).toEqual([]);
    expect(analyzePolicy(grant('arn:aws:execute-api:eu-west-1:111122223333:abc/*/GET/x'), { accountId: '111122223333' }).crossAccount).toEqual([]);
  });
  it('is cross-account when the source ARN names another account, has no account, or the operator does not pin it', () => {
    expect(analyzePolicy(grant('arn:aws:sns:eu-west-1:444455556666:orders'), { accountId: '111122223333' }).crossAccount).toHaveLength(1);
    expect(analyzePolicy(grant('arn:aws:s3:::some-bucket'), { accountId: '111122223333' }).crossAccount).toHaveLength(1);
    expect(analyzePolicy(grant('arn:aws:sns:eu-west-1:111122223333:orders', 'ArnNotLike'), { accountId: '111122223333' }).crossAccount).toHaveLength(1);
  });
});

describe('wildcard grant kinds', () => {
  it('names the kind of each grant so rules need not parse the reason', () => {
    const policy = {
      Statement: [
        { Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
        { Sid: 'Partner', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'kms:Decrypt', Resource: '*' },
      ],
    };
    const grants = analyzePolicy(policy, { accountId: '111122223333', service: 'kms' }).wildcardGrants;
    expect(grants.map((g) => [g.sid, g.kinds])).toEqual([
      ['Root', ['wildcard-action']],
      ['Partner', ['kms-decrypt-beyond-account']],
    ]);
  });
});
