import { describe, expect, it } from 'vitest';
import { evaluateClause, parseOperatorName, substituteVariables, prepareContext, type RequestContext } from '../../src/policy/conditions.js';

const OPS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html';
const SETS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html';
const VARS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html';

type Case = [doc: string, operator: string, key: string, values: string[], ctx: RequestContext, expected: boolean];

const cases: Case[] = [
  // String operators
  [OPS, 'StringEquals', 'aws:PrincipalTag/job-category', ['iamuser-admin'], { 'aws:PrincipalTag/job-category': 'iamuser-admin' }, true],
  [OPS, 'StringEquals', 'aws:PrincipalTag/job-category', ['iamuser-admin'], { 'aws:PrincipalTag/job-category': 'IAMUSER-ADMIN' }, false],
  [OPS, 'StringEqualsIgnoreCase', 'aws:PrincipalTag/job-category', ['iamuser-admin'], { 'aws:PrincipalTag/job-category': 'IAMUSER-ADMIN' }, true],
  [OPS, 'StringNotEquals', 'aws:PrincipalTag/team', ['a', 'b'], { 'aws:PrincipalTag/team': 'c' }, true],
  [OPS, 'StringNotEquals', 'aws:PrincipalTag/team', ['a', 'b'], { 'aws:PrincipalTag/team': 'b' }, false],
  [OPS, 'StringLike', 's3:prefix', ['home/*'], { 's3:prefix': 'home/alice/' }, true],
  [OPS, 'StringEquals', 's3:prefix', ['home/*'], { 's3:prefix': 'home/alice/' }, false],
  [OPS, 'StringNotLike', 's3:prefix', ['home/*'], { 's3:prefix': 'tmp/x' }, true],
  // Key names ignore case
  [OPS, 'StringEquals', 'AWS:PRINCIPALORGID', ['o-1'], { 'aws:PrincipalOrgID': 'o-1' }, true],
  // Missing key: positive false, negated true, IfExists true
  [OPS, 'StringEquals', 'aws:PrincipalOrgID', ['o-1'], {}, false],
  [OPS, 'StringNotEquals', 'aws:PrincipalOrgID', ['o-1'], {}, true],
  [OPS, 'StringEqualsIfExists', 'aws:PrincipalOrgID', ['o-1'], {}, true],
  [OPS, 'StringEqualsIfExists', 'aws:PrincipalOrgID', ['o-1'], { 'aws:PrincipalOrgID': 'o-2' }, false],
  // Numeric
  [OPS, 'NumericLessThan', 's3:max-keys', ['10'], { 's3:max-keys': '9' }, true],
  [OPS, 'NumericLessThan', 's3:TlsVersion', ['1.2'], { 's3:TlsVersion': '1.1' }, true],
  [OPS, 'NumericLessThan', 's3:TlsVersion', ['1.2'], { 's3:TlsVersion': '1.3' }, false],
  [OPS, 'NumericGreaterThanEquals', 'aws:MultiFactorAuthAge', ['3600'], { 'aws:MultiFactorAuthAge': '3600' }, true],
  [OPS, 'NumericEquals', 's3:max-keys', ['10'], { 's3:max-keys': 'ten' }, false],
  // Date
  [OPS, 'DateLessThan', 'aws:CurrentTime', ['2020-04-01T00:00:00Z'], { 'aws:CurrentTime': '2019-06-30T00:00:00Z' }, true],
  [OPS, 'DateGreaterThan', 'aws:TokenIssueTime', ['2020-01-01T00:00:01Z'], { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' }, false],
  [OPS, 'DateEquals', 'aws:CurrentTime', ['1577836800'], { 'aws:CurrentTime': '2020-01-01T00:00:00Z' }, true],
  // Bool
  [OPS, 'Bool', 'aws:SecureTransport', ['false'], { 'aws:SecureTransport': 'false' }, true],
  [OPS, 'Bool', 'aws:SecureTransport', ['false'], { 'aws:SecureTransport': 'true' }, false],
  [OPS, 'BoolIfExists', 'aws:MultiFactorAuthPresent', ['false'], {}, true],
  // Binary
  [OPS, 'BinaryEquals', 'key', ['QmluYXJ5VmFsdWVJbkJhc2U2NA=='], { key: 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' }, true],
  // IP
  [OPS, 'IpAddress', 'aws:SourceIp', ['203.0.113.0/24'], { 'aws:SourceIp': '203.0.113.9' }, true],
  [OPS, 'IpAddress', 'aws:SourceIp', ['203.0.113.0/24'], { 'aws:SourceIp': '203.0.114.9' }, false],
  [OPS, 'IpAddress', 'aws:SourceIp', ['2001:DB8:1234:5678::/64'], { 'aws:SourceIp': '2001:db8:1234:5678::9' }, true],
  [OPS, 'IpAddress', 'aws:SourceIp', ['2001:DB8:1234:5678::/64'], { 'aws:SourceIp': '2001:db8:1234:5679::9' }, false],
  [OPS, 'IpAddress', 'aws:SourceIp', ['0.0.0.0/0'], { 'aws:SourceIp': '198.51.100.1' }, true],
  [OPS, 'NotIpAddress', 'aws:SourceIp', ['203.0.113.0/24'], { 'aws:SourceIp': '198.51.100.1' }, true],
  [OPS, 'IpAddress', 'aws:SourceIp', ['203.0.113.0/24'], { 'aws:SourceIp': '2001:db8::1' }, false],
  // ARN: per-part matching
  [OPS, 'ArnLike', 'aws:SourceArn', ['arn:aws:cloudtrail:*:111122223333:trail/*'], { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:111122223333:trail/t' }, true],
  [OPS, 'ArnEquals', 'aws:SourceArn', ['arn:aws:sns:us-east-1:111122223333:t'], { 'aws:SourceArn': 'arn:aws:sns:us-east-1:111122223333:u' }, false],
  [OPS, 'ArnNotLike', 'aws:PrincipalArn', ['arn:aws:iam::*:role/Admin'], { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/Dev' }, true],
  [OPS, 'ArnLike', 'aws:SourceArn', ['arn:aws:s3:::*'], { 'aws:SourceArn': 'not-an-arn' }, false],
  // Null
  [OPS, 'Null', 'aws:TokenIssueTime', ['true'], {}, true],
  [OPS, 'Null', 'aws:TokenIssueTime', ['true'], { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' }, false],
  [OPS, 'Null', 'aws:TokenIssueTime', ['false'], { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' }, true],
  // Set operators
  [SETS, 'ForAllValues:StringEquals', 'aws:TagKeys', ['environment', 'cost-center'], { 'aws:TagKeys': ['environment'] }, true],
  [SETS, 'ForAllValues:StringEquals', 'aws:TagKeys', ['environment', 'cost-center'], { 'aws:TagKeys': ['environment', 'owner'] }, false],
  [SETS, 'ForAllValues:StringEquals', 'aws:TagKeys', ['environment'], {}, true],
  [SETS, 'ForAllValues:StringEquals', 'aws:TagKeys', ['environment'], { 'aws:TagKeys': [] }, true],
  [SETS, 'ForAnyValue:StringEquals', 'aws:TagKeys', ['environment', 'webserver'], { 'aws:TagKeys': ['owner', 'webserver'] }, true],
  [SETS, 'ForAnyValue:StringEquals', 'aws:TagKeys', ['environment'], {}, false],
  [SETS, 'ForAnyValue:StringEquals', 'aws:TagKeys', ['environment'], { 'aws:TagKeys': [] }, false],
  [SETS, 'ForAllValues:StringNotEquals', 'aws:TagKeys', ['secret'], { 'aws:TagKeys': ['a', 'b'] }, true],
  [SETS, 'ForAllValues:StringNotEquals', 'aws:TagKeys', ['secret'], { 'aws:TagKeys': ['a', 'secret'] }, false],
  [SETS, 'ForAnyValue:StringNotEquals', 'aws:TagKeys', ['secret'], { 'aws:TagKeys': ['secret', 'a'] }, true],
  [SETS, 'ForAnyValue:StringLike', 'aws:TagKeys', ['key1*'], { 'aws:TagKeys': ['key12', 'x'] }, true],
  // Variables
  [VARS, 'StringLike', 's3:prefix', ['${aws:username}/*'], { 's3:prefix': 'alice/docs', 'aws:username': 'alice' }, true],
  [VARS, 'StringLike', 's3:prefix', ['${aws:username}/*'], { 's3:prefix': 'bob/docs', 'aws:username': 'alice' }, false],
  [VARS, 'StringLike', 's3:prefix', ['${aws:username}/*'], { 's3:prefix': 'alice/docs' }, false],
  [VARS, 'StringEquals', 's3:prefix', ["${aws:username, 'guest'}"], { 's3:prefix': 'guest' }, true],
  [VARS, 'StringLike', 'k', ['a${*}b'], { k: 'a*b' }, true],
  [VARS, 'StringLike', 'k', ['a${*}b'], { k: 'axxb' }, false],
  [VARS, 'StringEquals', 'k', ['${$}{x}'], { k: '${x}' }, true],
  [VARS, 'StringLike', 'k', ['${aws:username}'], { k: 'al*', 'aws:username': 'al*' }, true],
  [VARS, 'StringLike', 'k', ['${aws:username}'], { k: 'alice', 'aws:username': 'al*' }, false],
];

describe('condition operators', () => {
  it.each(cases)('%s: %s %s %j with %j → %s', (_doc, operator, key, values, ctx, expected) => {
    expect(evaluateClause({ operator, key, values }, ctx)).toBe(expected);
  });

  it('knows every operator with IfExists and set prefixes, and rejects unknown ones', () => {
    expect(parseOperatorName('ForAnyValue:StringLikeIfExists')).toMatchObject({ base: 'StringLike', ifExists: true, set: 'ForAnyValue' });
    expect(parseOperatorName('ArnNotLikeIfExists')?.spec.negated).toBe(true);
    expect(parseOperatorName('NullIfExists')).toBeUndefined();
    expect(parseOperatorName('ForSomeValues:StringEquals')).toBeUndefined();
    expect(parseOperatorName('StringEqualz')).toBeUndefined();
  });

  it('leaves text without variables untouched and fails unresolvable ones', () => {
    const ctx = prepareContext({ 'aws:username': 'alice', 'aws:TagKeys': ['a', 'b'] });
    expect(substituteVariables('plain*', ctx)?.text).toBe('plain*');
    expect(substituteVariables('${aws:TagKeys}', ctx)).toBeUndefined();
    expect(substituteVariables('${aws:userid}', ctx)).toBeUndefined();
  });
});
