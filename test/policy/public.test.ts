import { describe, expect, it } from 'vitest';
import { analyzePolicy } from '../../src/policy/analyze.js';

const BPA = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status';
const WEB_ID_KEYS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif';
const SAML_KEYS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-saml';
const OPS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html';
const SNS_KEYS = 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html';
const ORG_KEYS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceorgid';

const bucket = 'arn:aws:s3:::amzn-s3-demo-bucket';
const topic = 'arn:aws:sns:eu-west-1:111122223333:alerts';
const role = 'arn:aws:iam::111122223333:role/web';
const policy = (...Statement: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement });
const s3 = { resourceArn: bucket, accountId: '111122223333' };
const sns = { resourceArn: topic, accountId: '111122223333' };
const trust = { resourceArn: role, accountId: '111122223333' };

type Case = [doc: string, name: string, statement: Record<string, unknown>, opts: typeof s3, isPublic: boolean];
const cases: Case[] = [
  // The S3 User Guide's first example of a public policy: the Facebook identity provider may write.
  [BPA, 'Federated graph.facebook.com granted s3:PutObject', { Effect: 'Allow', Principal: { Federated: 'graph.facebook.com' }, Action: 's3:PutObject', Resource: `${bucket}/*` }, s3, true],
  [BPA, 'Federated accounts.google.com, even with an audience condition (S3 names no audience key)', { Effect: 'Allow', Principal: { Federated: 'accounts.google.com' }, Action: 's3:GetObject', Resource: `${bucket}/*`, Condition: { StringEquals: { 'accounts.google.com:aud': 'app.example.com' } } }, s3, true],
  [BPA, 'Federated SAML provider ARN', { Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:saml-provider/Okta' }, Action: 's3:GetObject', Resource: `${bucket}/*` }, s3, true],
  [BPA, 'Federated principal on an SNS topic policy', { Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sns:Publish', Resource: topic }, sns, true],
  [BPA, 'Principal * pinned by a fixed s3:x-amz-server-side-encryption-aws-kms-key-id', { Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: `${bucket}/*`, Condition: { StringEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' } } }, s3, false],
  [BPA, 's3:x-amz-server-side-encryption-aws-kms-key-id with a wildcard', { Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: `${bucket}/*`, Condition: { StringLike: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'arn:aws:kms:*' } } }, s3, true],
  [BPA, 'aws:SourceIp 10.0.0.0/8 (private, /8) is fixed', { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${bucket}/*`, Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }, s3, false],
  [BPA, 'aws:SourceIp fc00::/7 is broader than /32 but private', { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${bucket}/*`, Condition: { IpAddress: { 'aws:SourceIp': 'fc00::/7' } } }, s3, false],
  [BPA, 'aws:SourceIp 8.0.0.0/7 is broader than /8 and public', { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${bucket}/*`, Condition: { IpAddress: { 'aws:SourceIp': '8.0.0.0/7' } } }, s3, true],
  [BPA, 'a wildcard ARN as a bare string principal is public', { Effect: 'Allow', Principal: 'arn:aws:iam::*:root', Action: 's3:GetObject', Resource: `${bucket}/*` }, s3, true],
  [BPA, 'an account id as a bare string principal is not', { Effect: 'Allow', Principal: '444455556666', Action: 's3:GetObject', Resource: `${bucket}/*` }, s3, false],
  [BPA, 'a malformed ARN as a bare string principal names no one', { Effect: 'Allow', Principal: 'arn:aws:iam:444455556666', Action: 's3:GetObject', Resource: `${bucket}/*` }, s3, false],
  [ORG_KEYS, 'aws:ResourceOrgID describes the resource, not the caller: it does not restrict', { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${bucket}/*`, Condition: { StringEquals: { 'aws:ResourceOrgID': 'o-a1b2c3d4e5' } } }, s3, true],
  [ORG_KEYS, 'aws:SourceOrgID fixed restricts', { Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: `${bucket}/*`, Condition: { StringEquals: { 'aws:SourceOrgID': 'o-a1b2c3d4e5' } } }, s3, false],
  [OPS, 'condition key names in any case', { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${bucket}/*`, Condition: { StringEquals: { 'AWS:SOURCEVPCE': 'vpce-1a2b3c4d' } } }, s3, false],
  // Keys an action carries: Service Authorization Reference; operators on an absent key: IAM condition operators.
  [SNS_KEYS, 'sns:Endpoint on a Publish grant: Publish never carries it, so the statement cannot match', { Effect: 'Allow', Principal: '*', Action: 'sns:Publish', Resource: topic, Condition: { StringLike: { 'sns:Endpoint': '*@example.com' } } }, sns, false],
  [SNS_KEYS, 'sns:Endpoint on Subscribe does not fix the caller', { Effect: 'Allow', Principal: '*', Action: 'sns:Subscribe', Resource: topic, Condition: { StringLike: { 'sns:Endpoint': '*@example.com' } } }, sns, true],
  [SNS_KEYS, 'sns:Endpoint on sns:* still lets anyone subscribe', { Effect: 'Allow', Principal: '*', Action: 'sns:*', Resource: topic, Condition: { StringLike: { 'sns:Endpoint': '*@example.com' } } }, sns, true],
  [OPS, 'StringLikeIfExists on a key Publish never carries is true when absent: public', { Effect: 'Allow', Principal: '*', Action: 'sns:Publish', Resource: topic, Condition: { StringLikeIfExists: { 'sns:Endpoint': '*@example.com' } } }, sns, true],
  [OPS, 'StringNotLike on an absent key is true: public', { Effect: 'Allow', Principal: '*', Action: 'sns:Publish', Resource: topic, Condition: { StringNotLike: { 'sns:Endpoint': '*@example.com' } } }, sns, true],
  [OPS, 'Null true on an absent key is true: public', { Effect: 'Allow', Principal: '*', Action: 'sns:Publish', Resource: topic, Condition: { Null: { 'sns:Endpoint': 'true' } } }, sns, true],
  [OPS, 'Null false on a key never present cannot hold: not public', { Effect: 'Allow', Principal: '*', Action: 'sns:Publish', Resource: topic, Condition: { Null: { 'sns:Endpoint': 'false' } } }, sns, false],
  [BPA, 's3:DataAccessPointArn is listed for no action in the reference: it is judged as S3 defines it, never as absent', { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${bucket}/*`, Condition: { StringLike: { 's3:DataAccessPointArn': '*' } } }, s3, true],
  // Role trust policies: the provider's audience key pins a federated principal.
  [WEB_ID_KEYS, 'trust policy: Federated accounts.google.com without an audience', { Effect: 'Allow', Principal: { Federated: 'accounts.google.com' }, Action: 'sts:AssumeRoleWithWebIdentity' }, trust, true],
  [WEB_ID_KEYS, 'trust policy: Federated accounts.google.com pinned by accounts.google.com:aud', { Effect: 'Allow', Principal: { Federated: 'accounts.google.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'accounts.google.com:aud': '66677788899900.apps.googleusercontent.com' } } }, trust, false],
  [WEB_ID_KEYS, 'trust policy: audience with a wildcard does not pin', { Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringLike: { 'cognito-identity.amazonaws.com:aud': '*' } } }, trust, true],
  [WEB_ID_KEYS, 'trust policy: graph.facebook.com pinned by its app_id', { Effect: 'Allow', Principal: { Federated: 'graph.facebook.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'graph.facebook.com:app_id': '1234567890' } } }, trust, false],
  [WEB_ID_KEYS, 'trust policy: an OIDC provider pinned by <provider>:aud', { Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } } }, trust, false],
  [SAML_KEYS, 'trust policy: a SAML provider pinned by SAML:aud', { Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:saml-provider/Okta' }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } } }, trust, false],
  [SAML_KEYS, 'trust policy: a SAML provider pinned only by a negated operator', { Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:saml-provider/Okta' }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringNotEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } } }, trust, true],
];

describe('public: federated principals, restricting keys, keys an action never carries', () => {
  it.each(cases)('%s: %s', (_doc, _name, statement, opts, isPublic) => {
    const a = analyzePolicy(policy(statement), opts);
    expect(a.valid).toBe(true);
    expect(a.undecided).toEqual({});
    expect(a.public).toBe(isPublic);
    expect(a.publicStatements.length > 0).toBe(isPublic);
  });

  it(`${SNS_KEYS}: a Publish-only statement that cannot match grants no one outside the account either`, () => {
    const st = { Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 'sns:Publish', Resource: topic, Condition: { StringEquals: { 'sns:Protocol': 'https' } } };
    expect(analyzePolicy(policy(st), sns).crossAccount).toEqual([]);
    expect(analyzePolicy(policy({ ...st, Action: 'sns:Subscribe' }), sns).crossAccount).toHaveLength(1);
  });
});

describe('statements that cannot be read (issue 13 §3)', () => {
  const open = { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${bucket}/*` };
  const pinned = { Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 's3:GetObject', Resource: `${bucket}/*` };

  it('"public" stays decidable from the statements that parse', () => {
    const a = analyzePolicy(policy(open, { ...pinned, Principal: { Users: 'x' } }), s3);
    expect(a.valid).toBe(true);
    expect(a.public).toBe(true);
    expect(a.publicStatements.map((s) => s.index)).toEqual([0]);
    expect(a.undecided.public).toBeUndefined();
    expect(a.errors.map((e) => e.pointer)).toEqual(['/Statement/1/Principal/Users']);
  });

  it('an Allow with an unreadable principal is possibly public: undecided, never "not public"', () => {
    const a = analyzePolicy(policy(pinned, { ...open, Principal: { Users: 'x' } }), s3);
    expect(a.public).toBe(true);
    expect(a.publicStatements).toEqual([]);
    expect(a.undecided.public).toContain('statement 1');
    expect(a.undecided.crossAccount).toContain('statement 1');
  });

  it('an unreadable condition on "*" leaves public open; beside a readable restricting key it cannot widen it', () => {
    const bad = { ...open, Condition: { StringEqualz: { 'aws:SourceVpce': 'vpce-1' } } };
    expect(analyzePolicy(policy(bad), s3).undecided.public).toBeDefined();
    const restricted = { ...open, Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' }, StringEqualz: { x: 'y' } } };
    const a = analyzePolicy(policy(restricted), s3);
    expect(a.public).toBe(false);
    expect(a.undecided.public).toBeUndefined();
  });

  it('a fixed principal with an unreadable condition is not public, and not cross-account when it is the owner', () => {
    const a = analyzePolicy(policy({ ...pinned, Condition: 'broken' }), s3);
    expect(a.public).toBe(false);
    expect(a.undecided).toEqual({ wildcardGrants: expect.any(String) });
  });

  it('"*" with only an unreadable Resource is public, decided', () => {
    const a = analyzePolicy(policy({ ...open, Resource: 7 }), s3);
    expect(a.publicStatements.map((s) => s.index)).toEqual([0]);
    expect(a.undecided.public).toBeUndefined();
  });

  it('an unreadable statement that may be a Deny leaves TLS enforcement open; a readable TLS Deny decides it', () => {
    const tls = { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [bucket, `${bucket}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
    const maybe = analyzePolicy(policy({ ...tls, Effect: 'deny' }), s3);
    expect(maybe.enforcesSecureTransport).toBe(false);
    expect(maybe.undecided.enforcesSecureTransport).toContain('statement 0');
    const sure = analyzePolicy(policy(tls, { ...tls, Effect: 'deny' }), s3);
    expect(sure.enforcesSecureTransport).toBe(true);
    expect(sure.undecided.enforcesSecureTransport).toBeUndefined();
  });

  it('a Deny that cannot be read never makes a policy public or cross-account', () => {
    const a = analyzePolicy(policy({ Effect: 'Deny', Principal: { Users: 'x' }, Action: 's3:*', Resource: '*' }), s3);
    expect(a.public).toBe(false);
    expect(a.undecided.public).toBeUndefined();
    expect(a.undecided.crossAccount).toBeUndefined();
  });
});
