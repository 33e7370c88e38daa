import { describe, expect, it } from 'vitest';
import { buildAccessIndex } from '../../src/access/build-index.js';
import { decide } from '../../src/access/decide.js';
import type { Resource } from '../../src/inventory/resource.js';
import {
  ACCOUNT,
  MGMT,
  OTHER,
  REGION,
  allow,
  bucket,
  deny,
  doc,
  group,
  key,
  managedPolicy,
  orgAccount,
  orgPolicy,
  role,
  trustAccount,
  user,
} from './builder.js';

/**
 * One row per rule of AWS's documented evaluation logic. Pages:
 * EVAL  "Policy evaluation logic" (IAM User Guide, reference_policies_evaluation-logic.html)
 * XACCT "Cross-account policy evaluation logic" (reference_policies_evaluation-logic-cross-account.html)
 * KEYP  "Key policies in AWS KMS" (kms developer guide, key-policies.html)
 * GRANT "Grants in AWS KMS" (kms developer guide, grants.html)
 * SCP   "Service control policies (SCPs)" (organizations userguide, orgs_manage_policies_scps.html)
 * RCP   "Resource control policies (RCPs)" (organizations userguide, orgs_manage_policies_rcps.html)
 */

const alice = `arn:aws:iam::${ACCOUNT}:user/alice`;
const bob = `arn:aws:iam::${OTHER}:user/bob`;
const admin = `arn:aws:iam::${ACCOUNT}:role/Admin`;
const data = 'arn:aws:s3:::data/report.csv';
const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/k1`;

function run(resources: Resource[], principal: string, action: string, resource: string, context?: Record<string, string>) {
  return decide(buildAccessIndex(resources), { principal, action, resource, ...(context ? { context } : {}) });
}

const adminRole = role('Admin', trustAccount(ACCOUNT), { inline: [allow('*')] });
const rootOnlyKeyPolicy = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/KeyAdmin` }, Action: 'kms:*', Resource: '*' });
const delegatingKeyPolicy = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' });

describe('decide: same account (EVAL)', () => {
  it('an identity policy alone allows', () => {
    const r = run([user('alice', { inline: [allow('s3:GetObject', 'arn:aws:s3:::data/*')] }), bucket('data')], alice, 's3:GetObject', data);
    expect(r.decision).toBe('Allow');
    expect(r.reasons).toEqual([expect.objectContaining({ kind: 'identity', policyArn: alice, policyName: 'alice-inline-0', statementIndex: 0, effect: 'Allow' })]);
  });

  it('a resource policy naming the user alone allows', () => {
    const policy = doc({ Sid: 'Alice', Effect: 'Allow', Principal: { AWS: alice }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' });
    const r = run([user('alice'), bucket('data', { policy })], alice, 's3:GetObject', data);
    expect(r.decision).toBe('Allow');
    expect(r.reasons).toEqual([expect.objectContaining({ kind: 'resource', policyArn: 'arn:aws:s3:::data', sid: 'Alice' })]);
  });

  it('a resource policy naming only the account delegates to identity policies, which grant nothing here', () => {
    const policy = doc({ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' });
    expect(run([user('alice'), bucket('data', { policy })], alice, 's3:GetObject', data)).toMatchObject({ decision: 'ImplicitDeny', missing: 'identity-or-resource' });
  });

  it('an explicit deny in the resource policy beats an identity allow', () => {
    const policy = doc(deny('s3:*', 'arn:aws:s3:::data/*', { Principal: '*' }));
    const r = run([user('alice', { inline: [allow('s3:*')] }), bucket('data', { policy })], alice, 's3:GetObject', data);
    expect(r).toMatchObject({ decision: 'ExplicitDeny', reasons: [{ kind: 'resource', effect: 'Deny' }] });
  });

  it('group policies apply to their members', () => {
    const r = run([user('alice', { groups: ['readers'] }), group('readers', [allow('s3:GetObject')]), bucket('data')], alice, 's3:GetObject', data);
    expect(r.reasons).toEqual([expect.objectContaining({ kind: 'identity', policyArn: `arn:aws:iam::${ACCOUNT}:group/readers` })]);
  });

  it('managed policies are looked up by ARN', () => {
    const p = managedPolicy('Read', doc(allow('s3:GetObject')));
    expect(run([user('alice', { managed: [p.arn] }), p, bucket('data')], alice, 's3:GetObject', data)).toMatchObject({
      decision: 'Allow',
      reasons: [{ kind: 'identity', policyArn: p.arn }],
    });
  });
});

describe('decide: permissions boundaries (EVAL, "Identity-based policies with permissions boundaries")', () => {
  const boundary = managedPolicy('Boundary', doc(allow('s3:ListBucket')));
  it('a boundary limits an identity grant', () => {
    const r = run([user('alice', { inline: [allow('s3:*')], boundary: boundary.arn }), boundary, bucket('data')], alice, 's3:GetObject', data);
    expect(r).toMatchObject({ decision: 'ImplicitDeny', missing: 'permissions-boundary' });
  });
  it('but not a resource-policy grant to the user ARN in the same account', () => {
    const policy = doc({ Effect: 'Allow', Principal: { AWS: alice }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' });
    const r = run([user('alice', { inline: [allow('s3:*')], boundary: boundary.arn }), boundary, bucket('data', { policy })], alice, 's3:GetObject', data);
    expect(r).toMatchObject({ decision: 'Allow', reasons: [{ kind: 'resource' }] });
  });
  it('a resource-policy grant to a role ARN is limited by the role boundary', () => {
    const policy = doc({ Effect: 'Allow', Principal: { AWS: admin }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' });
    const r = run([role('Admin', trustAccount(ACCOUNT), { boundary: boundary.arn }), boundary, bucket('data', { policy })], admin, 's3:GetObject', data);
    expect(r).toMatchObject({ decision: 'ImplicitDeny', missing: 'permissions-boundary' });
  });
  it('a resource-policy grant to everyone ("*") names the role session itself, so the role boundary does not limit it', () => {
    const policy = doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' });
    const r = run([role('Admin', trustAccount(ACCOUNT), { boundary: boundary.arn }), boundary, bucket('data', { policy })], admin, 's3:GetObject', data);
    expect(r).toMatchObject({ decision: 'Allow', reasons: [{ kind: 'resource', policyArn: 'arn:aws:s3:::data' }] });
  });
  it('a boundary that cannot be read makes the answer an upper bound', () => {
    const r = run([user('alice', { inline: [allow('s3:*')], boundary: `arn:aws:iam::${ACCOUNT}:policy/Gone` }), bucket('data')], alice, 's3:GetObject', data);
    expect(r.decision).toBe('Allow');
    expect(r.bounds).toMatchObject({ upper: true, lower: false });
  });
});

describe('decide: across accounts (XACCT)', () => {
  const bobWithRead = user('bob', { account: OTHER, inline: [allow('s3:GetObject')] });
  const namesBob = doc({ Effect: 'Allow', Principal: { AWS: bob }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' });
  it('the identity side alone does not allow', () => {
    expect(run([bobWithRead, bucket('data')], bob, 's3:GetObject', data)).toMatchObject({ decision: 'ImplicitDeny', missing: 'resource' });
  });
  it('the resource side alone does not allow', () => {
    expect(run([user('bob', { account: OTHER }), bucket('data', { policy: namesBob })], bob, 's3:GetObject', data)).toMatchObject({
      decision: 'ImplicitDeny',
      missing: 'identity',
    });
  });
  it('both sides together allow, with both reasons', () => {
    const r = run([bobWithRead, bucket('data', { policy: namesBob })], bob, 's3:GetObject', data);
    expect(r.decision).toBe('Allow');
    expect(r.reasons.map((x) => x.kind)).toEqual(['identity', 'resource']);
  });
  it('a resource policy naming the other account root counts for that side', () => {
    const policy = doc({ Effect: 'Allow', Principal: { AWS: OTHER }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' });
    expect(run([bobWithRead, bucket('data', { policy })], bob, 's3:GetObject', data).decision).toBe('Allow');
  });
});

describe('decide: KMS keys (KEYP, GRANT)', () => {
  const ctx = { 'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::data/report.csv' };
  it('a key policy without account delegation blocks an admin role whose IAM policy allows kms:*', () => {
    expect(run([adminRole, key('k1', rootOnlyKeyPolicy)], admin, 'kms:Decrypt', keyArn)).toMatchObject({ decision: 'ImplicitDeny', missing: 'key-policy' });
  });
  it('with account delegation the IAM policy counts', () => {
    const r = run([adminRole, key('k1', delegatingKeyPolicy)], admin, 'kms:Decrypt', keyArn);
    expect(r.decision).toBe('Allow');
    expect(r.reasons.map((x) => x.kind)).toEqual(['key-policy', 'identity']);
  });
  it('delegation alone grants nothing without an IAM policy', () => {
    const noPolicy = role('Reader', trustAccount(ACCOUNT));
    expect(run([noPolicy, key('k1', delegatingKeyPolicy)], noPolicy.arn, 'kms:Decrypt', keyArn).decision).toBe('ImplicitDeny');
  });
  const grant = (constraints: unknown = null) => ({
    grantId: 'g1',
    granteePrincipal: `arn:aws:iam::${ACCOUNT}:role/Reader`,
    retiringPrincipal: null,
    operations: ['Decrypt'],
    constraints,
    issuingAccount: `arn:aws:iam::${ACCOUNT}:root`,
  });
  const reader = role('Reader', trustAccount(ACCOUNT));
  it('a grant lets a role decrypt that no policy names', () => {
    const r = run([reader, key('k1', rootOnlyKeyPolicy, { grants: [grant()] })], reader.arn, 'kms:Decrypt', keyArn);
    expect(r).toMatchObject({ decision: 'Allow', reasons: [{ kind: 'kms-grant', grantId: 'g1', policyArn: keyArn }] });
  });
  it('only for its operations', () => {
    expect(run([reader, key('k1', rootOnlyKeyPolicy, { grants: [grant()] })], reader.arn, 'kms:Encrypt', keyArn).decision).toBe('ImplicitDeny');
  });
  it('only within its encryption context constraints', () => {
    const k = key('k1', rootOnlyKeyPolicy, { grants: [grant({ encryptionContextSubset: { 'aws:s3:arn': 'arn:aws:s3:::other/x' } })] });
    expect(run([reader, k], reader.arn, 'kms:Decrypt', keyArn, ctx).decision).toBe('ImplicitDeny');
    const k2 = key('k1', rootOnlyKeyPolicy, { grants: [grant({ encryptionContextSubset: { 'aws:s3:arn': 'arn:aws:s3:::data/report.csv' } })] });
    expect(run([reader, k2], reader.arn, 'kms:Decrypt', keyArn, ctx).decision).toBe('Allow');
  });
  it('an explicit deny in the key policy still wins over a grant', () => {
    const policy = doc(...(rootOnlyKeyPolicy.Statement as Record<string, unknown>[]), { Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*' });
    expect(run([reader, key('k1', policy, { grants: [grant()] })], reader.arn, 'kms:Decrypt', keyArn).decision).toBe('ExplicitDeny');
  });
  it('grants that could not be read make the answer a lower bound', () => {
    const r = run([reader, key('k1', rootOnlyKeyPolicy)], reader.arn, 'kms:Decrypt', keyArn);
    expect(r).toMatchObject({ decision: 'ImplicitDeny', bounds: { lower: true, upper: false } });
  });
});

describe('decide: service control policies (SCP)', () => {
  const member = [orgAccount(ACCOUNT, ['r-root', 'ou-prod']), orgPolicy('FullAWSAccess', 'SERVICE_CONTROL_POLICY', doc(allow('*')), ['r-root', 'ou-prod', ACCOUNT])];
  const denyS3 = orgPolicy('DenyS3', 'SERVICE_CONTROL_POLICY', doc(deny('s3:GetObject')), ['ou-prod']);
  const namesAlice = doc({ Effect: 'Allow', Principal: { AWS: alice }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' });
  it('an SCP deny beats a resource-policy allow for a member-account principal', () => {
    const r = run([...member, denyS3, user('alice'), bucket('data', { policy: namesAlice })], alice, 's3:GetObject', data);
    expect(r).toMatchObject({ decision: 'ExplicitDeny', reasons: [{ kind: 'scp', policyName: 'DenyS3' }] });
  });
  it('every level must allow: an OU without an allowing SCP denies implicitly', () => {
    const onlyRoot = [orgAccount(ACCOUNT, ['r-root', 'ou-prod']), orgPolicy('FullAWSAccess', 'SERVICE_CONTROL_POLICY', doc(allow('*')), ['r-root', ACCOUNT])];
    expect(run([...onlyRoot, user('alice', { inline: [allow('s3:*')] }), bucket('data')], alice, 's3:GetObject', data)).toMatchObject({
      decision: 'ImplicitDeny',
      missing: 'scp',
    });
  });
  it('the allowing SCPs are part of the reason chain', () => {
    const r = run([...member, user('alice', { inline: [allow('s3:*')] }), bucket('data')], alice, 's3:GetObject', data);
    expect(r.reasons.map((x) => x.kind)).toEqual(['scp', 'scp', 'scp', 'identity']);
  });
  it('SCPs do not restrict the management account', () => {
    const mgmtUser = `arn:aws:iam::${MGMT}:user/ops`;
    const inv = [orgAccount(MGMT, ['r-root']), orgPolicy('DenyAll', 'SERVICE_CONTROL_POLICY', doc(deny('*')), ['r-root']), user('ops', { account: MGMT, inline: [allow('s3:*')] }), bucket('data', { account: MGMT })];
    expect(run(inv, mgmtUser, 's3:GetObject', data).decision).toBe('Allow');
  });
  it('SCPs do not restrict service-linked roles', () => {
    const slr = role('AWSServiceRoleForX', doc({ Effect: 'Allow', Principal: { Service: 'x.amazonaws.com' }, Action: 'sts:AssumeRole' }), {
      path: '/aws-service-role/x.amazonaws.com/',
      inline: [allow('s3:*')],
    });
    expect(run([...member, denyS3, slr, bucket('data')], slr.arn, 's3:GetObject', data).decision).toBe('Allow');
  });
  it('an account whose place in the organization could not be read gives an upper bound', () => {
    const index = buildAccessIndex([user('alice', { inline: [allow('s3:*')] }), bucket('data')], {
      accounts: [ACCOUNT],
      errors: [{ operation: 'organizations:ListParents', code: 'AccessDenied', message: 'denied', accountId: ACCOUNT }],
    });
    const r = decide(index, { principal: alice, action: 's3:GetObject', resource: data });
    expect(r).toMatchObject({ decision: 'Allow', bounds: { upper: true, lower: false } });
  });
});

describe('decide: resource control policies (RCP)', () => {
  const outsideOrg = doc({
    Effect: 'Deny',
    Principal: '*',
    Action: ['s3:*', 'kms:*', 'sns:*'],
    Resource: '*',
    Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-example' } },
  });
  const org = [orgAccount(ACCOUNT, ['r-root']), orgPolicy('OnlyOrg', 'RESOURCE_CONTROL_POLICY', outsideOrg, ['r-root'])];
  const open = doc({ Effect: 'Allow', Principal: { AWS: OTHER }, Action: ['s3:GetObject', 'sns:Subscribe'], Resource: '*' });
  const bobRead = user('bob', { account: OTHER, inline: [allow(['s3:GetObject', 'sns:Subscribe', 'kms:Decrypt'])] });
  it('an RCP limits access from outside the organization', () => {
    const r = run([...org, bobRead, bucket('data', { policy: open })], bob, 's3:GetObject', data);
    expect(r).toMatchObject({ decision: 'ExplicitDeny', reasons: [{ kind: 'rcp', policyName: 'OnlyOrg' }] });
  });
  it('and lets the same grant through without it', () => {
    expect(run([bobRead, bucket('data', { policy: open })], bob, 's3:GetObject', data).decision).toBe('Allow');
  });
  it('RCPs cover only the services AWS lists (not SNS)', () => {
    const topic: Resource = {
      resourceType: 'AWS::SNS::Topic',
      resourceId: 't',
      arn: `arn:aws:sns:${REGION}:${ACCOUNT}:t`,
      accountId: ACCOUNT,
      region: REGION,
      tags: {},
      properties: { topicName: 't', kmsMasterKeyId: null, policy: open },
    };
    expect(run([...org, bobRead, topic], bob, 'sns:Subscribe', topic.arn).decision).toBe('Allow');
  });
  it('RCPs do not apply to AWS managed KMS keys', () => {
    const keyPolicy = doc({ Effect: 'Allow', Principal: { AWS: OTHER }, Action: 'kms:Decrypt', Resource: '*' });
    expect(run([...org, bobRead, key('k1', keyPolicy, { keyManager: 'AWS' })], bob, 'kms:Decrypt', keyArn).decision).toBe('Allow');
    expect(run([...org, bobRead, key('k1', keyPolicy, { grants: [] })], bob, 'kms:Decrypt', keyArn).decision).toBe('ExplicitDeny');
  });
});

describe('decide: role trust policies', () => {
  it('a trust policy naming a user of the same account suffices for sts:AssumeRole', () => {
    const r = role('Reader', doc({ Effect: 'Allow', Principal: { AWS: alice }, Action: 'sts:AssumeRole' }));
    expect(run([user('alice'), r], alice, 'sts:AssumeRole', r.arn)).toMatchObject({ decision: 'Allow', reasons: [{ kind: 'trust-policy', policyArn: r.arn }] });
  });
  it('a trust policy naming another account needs that caller identity policy too', () => {
    const r = role('Reader', trustAccount(OTHER));
    expect(run([user('bob', { account: OTHER }), r], bob, 'sts:AssumeRole', r.arn).decision).toBe('ImplicitDeny');
    expect(run([user('bob', { account: OTHER, inline: [allow('sts:AssumeRole', r.arn)] }), r], bob, 'sts:AssumeRole', r.arn).decision).toBe('Allow');
  });
});

describe('decide: bounds', () => {
  it('an attached policy missing from the inventory makes the answer a lower bound', () => {
    const r = run([user('alice', { managed: [`arn:aws:iam::${ACCOUNT}:policy/Gone`] }), bucket('data')], alice, 's3:GetObject', data);
    expect(r).toMatchObject({ decision: 'ImplicitDeny', bounds: { lower: true, upper: false } });
    expect(r.bounds.reasons).toEqual([expect.stringContaining('policy/Gone')]);
  });
  it('a complete inventory gives an exact answer', () => {
    expect(run([user('alice', { inline: [allow('s3:*')] }), bucket('data')], alice, 's3:GetObject', data).bounds).toEqual({ lower: false, upper: false, reasons: [] });
  });
});

describe('decide: RCPs only deny (RCP: RCPFullAWSAccess stays attached)', () => {
  it('a level whose RCPs hold only Deny statements that do not match still allows', () => {
    const rcp = orgPolicy('DenyDelete', 'RESOURCE_CONTROL_POLICY', doc({ Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: '*' }), ['r-root']);
    const r = run([orgAccount(ACCOUNT, ['r-root']), rcp, user('alice', { inline: [allow('s3:GetObject')] }), bucket('data')], alice, 's3:GetObject', data);
    expect(r.decision).toBe('Allow');
  });
});
