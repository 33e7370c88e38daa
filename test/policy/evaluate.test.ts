import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareContext } from '../../src/policy/conditions.js';
import { evaluateRequest, resourceMatches, type Decision, type EvaluationPolicies, type EvaluationRequest } from '../../src/policy/evaluate.js';
import { OWNER, contextArb, policyArb, principals, requests, statementArb } from './generators.js';

const LOGIC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html';
const CROSS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html';
const PRINCIPAL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html';
const NOTPRINCIPAL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html';

const A = '111122223333';
const B = '444455556666';
const alice = `arn:aws:iam::${A}:user/alice`;
const bob = `arn:aws:iam::${B}:user/bob`;
const session = `arn:aws:sts::${A}:assumed-role/Reader/s1`;
const bucket = 'arn:aws:s3:::amzn-s3-demo-bucket';
const object = `${bucket}/photos/cat.jpg`;

const allow = (extra: Record<string, unknown> = {}) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `${bucket}/*`, ...extra }],
});
const deny = (extra: Record<string, unknown> = {}) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: `${bucket}/*`, ...extra }],
});

type Case = [doc: string, name: string, req: EvaluationRequest, policies: EvaluationPolicies, expected: Decision];
const get = (principal: string, context = {}): EvaluationRequest => ({ principal, action: 's3:GetObject', resource: object, context });

const cases: Case[] = [
  [LOGIC, 'no policy allows → implicit deny', get(alice), { identityPolicies: [], resourceAccountId: A }, 'ImplicitDeny'],
  [LOGIC, 'identity allow, same account', get(alice), { identityPolicies: [allow()], resourceAccountId: A }, 'Allow'],
  [LOGIC, 'explicit deny in identity policy overrides allow', get(alice), { identityPolicies: [allow(), deny()], resourceAccountId: A }, 'ExplicitDeny'],
  [LOGIC, 'explicit deny in resource policy overrides identity allow', get(alice), { identityPolicies: [allow()], resourcePolicy: deny({ Principal: '*' }), resourceAccountId: A }, 'ExplicitDeny'],
  [LOGIC, 'same account: resource policy naming the user suffices', get(alice), { resourcePolicy: allow({ Principal: { AWS: alice } }), resourceAccountId: A }, 'Allow'],
  [LOGIC, 'same account: resource policy naming a role covers its sessions', get(session), { resourcePolicy: allow({ Principal: { AWS: `arn:aws:iam::${A}:role/Reader` } }), resourceAccountId: A }, 'Allow'],
  [PRINCIPAL, 'same account: naming only the account delegates to identity policies', get(alice), { resourcePolicy: allow({ Principal: { AWS: A } }), resourceAccountId: A }, 'ImplicitDeny'],
  [PRINCIPAL, 'account id and root ARN are the same principal', get(alice), { identityPolicies: [allow()], resourcePolicy: allow({ Principal: { AWS: `arn:aws:iam::${A}:root` } }), resourceAccountId: A }, 'Allow'],
  [CROSS, 'cross account: resource allow alone is not enough', get(bob), { resourcePolicy: allow({ Principal: { AWS: bob } }), resourceAccountId: A }, 'ImplicitDeny'],
  [CROSS, 'cross account: identity allow alone is not enough', get(bob), { identityPolicies: [allow()], resourceAccountId: A }, 'ImplicitDeny'],
  [CROSS, 'cross account: both allow', get(bob), { identityPolicies: [allow()], resourcePolicy: allow({ Principal: { AWS: B } }), resourceAccountId: A }, 'Allow'],
  [CROSS, 'cross account: a deny in either wins', get(bob), { identityPolicies: [allow(), deny()], resourcePolicy: allow({ Principal: { AWS: B } }), resourceAccountId: A }, 'ExplicitDeny'],
  [PRINCIPAL, 'anonymous: Principal "*" grants', get('anonymous'), { resourcePolicy: allow({ Principal: '*' }), resourceAccountId: A }, 'Allow'],
  [PRINCIPAL, 'anonymous: {"AWS": "*"} is the same as "*"', get('anonymous'), { resourcePolicy: allow({ Principal: { AWS: '*' } }), resourceAccountId: A }, 'Allow'],
  [PRINCIPAL, 'anonymous: account principal does not match', get('anonymous'), { resourcePolicy: allow({ Principal: { AWS: A } }), resourceAccountId: A }, 'ImplicitDeny'],
  [PRINCIPAL, 'anonymous: identity policies do not apply', get('anonymous'), { identityPolicies: [allow()], resourceAccountId: A }, 'ImplicitDeny'],
  [PRINCIPAL, 'service principal via resource policy', { principal: 'cloudtrail.amazonaws.com', action: 's3:PutObject', resource: object }, { resourcePolicy: { Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: `${bucket}/*` }] }, resourceAccountId: A }, 'Allow'],
  [PRINCIPAL, 'another service principal does not match', { principal: 'config.amazonaws.com', action: 's3:PutObject', resource: object }, { resourcePolicy: { Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: `${bucket}/*` }] }, resourceAccountId: A }, 'ImplicitDeny'],
  [LOGIC, 'actions ignore case', { principal: alice, action: 'S3:GETOBJECT', resource: object }, { identityPolicies: [allow()], resourceAccountId: A }, 'Allow'],
  [LOGIC, 'ARNs are case-sensitive', { principal: alice, action: 's3:GetObject', resource: object.toUpperCase() }, { identityPolicies: [allow()], resourceAccountId: A }, 'ImplicitDeny'],
  [LOGIC, 'NotAction allow covers other actions', get(alice), { identityPolicies: [{ Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] }] }, 'Allow'],
  [LOGIC, 'NotResource deny skips the listed resource', get(alice), { identityPolicies: [allow(), { Statement: [{ Effect: 'Deny', Action: '*', NotResource: `${bucket}/*` }] }] }, 'Allow'],
  [NOTPRINCIPAL, 'Deny with NotPrincipal listing user and account exempts the user', get(alice), { identityPolicies: [allow()], resourcePolicy: deny({ NotPrincipal: { AWS: [alice, `arn:aws:iam::${A}:root`] } }), resourceAccountId: A }, 'Allow'],
  [NOTPRINCIPAL, 'Deny with NotPrincipal listing only the user still denies (account not listed)', get(alice), { identityPolicies: [allow()], resourcePolicy: deny({ NotPrincipal: { AWS: alice } }), resourceAccountId: A }, 'ExplicitDeny'],
  [NOTPRINCIPAL, 'Deny with NotPrincipal denies everyone else', get(bob), { identityPolicies: [allow()], resourcePolicy: deny({ NotPrincipal: { AWS: [alice, `arn:aws:iam::${A}:root`] } }), resourceAccountId: A }, 'ExplicitDeny'],
  [LOGIC, 'conditions gate the allow', get(alice, { 'aws:SourceIp': '198.51.100.1' }), { identityPolicies: [allow({ Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })] }, 'ImplicitDeny'],
  [LOGIC, 'policy variable in Resource', { principal: alice, action: 's3:GetObject', resource: `${bucket}/home/alice/x`, context: { 'aws:username': 'alice' } }, { identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `${bucket}/home/\${aws:username}/*` }] }] }, 'Allow'],
  [LOGIC, 'policy variables are literal text in Version 2008-10-17', { principal: alice, action: 's3:GetObject', resource: `${bucket}/home/alice/x`, context: { 'aws:username': 'alice' } }, { identityPolicies: [{ Version: '2008-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `${bucket}/home/\${aws:username}/*` }] }] }, 'ImplicitDeny'],
];

describe('evaluateRequest (documented evaluation logic)', () => {
  it.each(cases)('%s: %s', (_doc, _name, req, policies, expected) => {
    expect(evaluateRequest(req, policies).decision).toBe(expected);
  });

  it('reports the deciding statements', () => {
    const r = evaluateRequest(get(alice), { identityPolicies: [allow(), { Statement: [{ Sid: 'NoS3', Effect: 'Deny', Action: 's3:*', Resource: '*' }] }] });
    expect(r.reasons).toEqual([{ policy: 'identity', policyIndex: 1, statementIndex: 0, sid: 'NoS3', effect: 'Deny' }]);
  });

  it('returns parse errors as data and never allows on them', () => {
    const r = evaluateRequest(get(alice), { identityPolicies: [allow(), '{bad json'] });
    expect(r.decision).toBe('ImplicitDeny');
    expect(r.errors[0]).toMatchObject({ policy: 'identity', policyIndex: 1, pointer: '' });
  });
});

const caseArb = fc.record({
  principal: fc.constantFrom(...principals),
  request: fc.constantFrom(...requests),
  identity: fc.array(policyArb(false, 2), { maxLength: 2 }),
  resourcePolicy: fc.option(policyArb(true, 3), { nil: undefined }),
  context: contextArb,
});

type GeneratedCase = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function run(c: GeneratedCase): Decision {
  return evaluateRequest(
    { principal: c.principal, action: c.request.action, resource: c.request.resource, context: c.context },
    { identityPolicies: c.identity, resourcePolicy: c.resourcePolicy, resourceAccountId: OWNER },
  ).decision;
}

describe('evaluateRequest properties', () => {
  it('adding an explicit Deny never turns a non-Allow into Allow, nor an ExplicitDeny into anything else', () => {
    fc.assert(
      fc.property(caseArb, statementArb(false, 'Deny'), fc.boolean(), (c, extra, toResource) => {
        const before = run(c);
        const withDeny = toResource && c.resourcePolicy
          ? { ...c, resourcePolicy: { ...c.resourcePolicy, Statement: [...c.resourcePolicy.Statement, { ...extra, Principal: '*' }] } }
          : { ...c, identity: [...c.identity, { Version: '2012-10-17', Statement: [extra] }] };
        const after = run(withDeny);
        if (before !== 'Allow') expect(after).not.toBe('Allow');
        if (before === 'ExplicitDeny') expect(after).toBe('ExplicitDeny');
      }),
      { seed: 11, numRuns: 1500 },
    );
  });

  it('adding a condition to an Allow never widens access', () => {
    const clause = fc.constantFrom(
      { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
      { Bool: { 'aws:SecureTransport': 'true' } },
      { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
      { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] } },
    );
    fc.assert(
      fc.property(caseArb, clause, (c, cond) => {
        // An operator the statement already has is kept as written, so the result is never looser.
        const narrow = (p: { Version: string; Statement: Record<string, unknown>[] }) => ({
          ...p,
          Statement: p.Statement.map((s) => (s['Effect'] === 'Allow' ? { ...s, Condition: { ...cond, ...(s['Condition'] as object) } } : s)),
        });
        const before = run(c);
        const after = run({ ...c, identity: c.identity.map(narrow), resourcePolicy: c.resourcePolicy && narrow(c.resourcePolicy) });
        if (before !== 'Allow') expect(after).not.toBe('Allow');
      }),
      { seed: 12, numRuns: 1500 },
    );
  });
});

/** ARN matching as the IAM guide words it, built here from regexes: part by part for two ARNs, else the whole text. */
function referenceResourceMatch(pattern: string, text: string): boolean {
  const glob = (p: string, t: string) => new RegExp(`^${p.split('').map((c) => (c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('')}$`).test(t);
  const parts = (arn: string) => {
    if (!arn.startsWith('arn:')) return undefined;
    const out = arn.split(':');
    return out.length < 6 ? undefined : [...out.slice(0, 5), out.slice(5).join(':')];
  };
  const pp = parts(pattern);
  const tp = parts(text);
  if (pp && tp) return pp.every((p, i) => glob(p, tp[i]!));
  return glob(pattern, text);
}

const EMPTY = prepareContext({});

describe('resourceMatches', () => {
  it('matches plain and trailing-star patterns (compared as text) as the ARN-part reference does', () => {
    const piece = fc.array(fc.constantFrom('a', 'b', '/', ':', '-'), { maxLength: 6 }).map((a) => a.join(''));
    const arn = fc.tuple(fc.constantFrom('arn:aws:s3:::', 'arn:aws:sqs:eu-west-1:111122223333:', 'arn:aws:', 'x:'), piece).map(([head, tail]) => head + tail);
    fc.assert(
      fc.property(arn, fc.boolean(), arn, fc.constantFrom('', 'a', '/x', ':y'), (base, star, text, extra) => {
        const pattern = star ? `${base}*` : base;
        return [text, `${base}${extra}`, base].every((t) => resourceMatches(pattern, t, EMPTY) === referenceResourceMatch(pattern, t));
      }),
      { seed: 3, numRuns: 3000 },
    );
  });

  it('still matches wildcards part by part: a star before the resource part does not cross a colon', () => {
    expect(resourceMatches('arn:aws:sqs:*:111122223333:q', 'arn:aws:sqs:eu-west-1:111122223333:q', EMPTY)).toBe(true);
    // As whole text the star would reach across "west-1:9:"; part by part the account part differs.
    expect(resourceMatches('arn:aws:sqs:eu-*:111122223333:q', 'arn:aws:sqs:eu-west-1:9:111122223333:q', EMPTY)).toBe(false);
    expect(resourceMatches('arn:aws:s3:::b/*', 'arn:aws:s3:::b/x:y', EMPTY)).toBe(true);
    expect(resourceMatches('arn:aws:s3:::b', 'arn:aws:s3:::b/x', EMPTY)).toBe(false);
  });
});
