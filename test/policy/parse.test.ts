import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/policy/parse.js';

// Element grammar: IAM User Guide, "IAM JSON policy element reference" and
// "Grammar of the IAM JSON policy language".
describe('parsePolicy', () => {
  it('normalizes a single Statement object and scalar elements to arrays', () => {
    const r = parsePolicy('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Principal":"*"}}');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const st = r.policy.statements[0];
    expect(st?.action).toEqual(['s3:GetObject']);
    expect(st?.resource).toEqual(['arn:aws:s3:::b/*']);
    expect(st?.principal).toEqual([{ type: '*', value: '*' }]);
  });

  it('normalizes Principal maps, NotPrincipal and condition values (booleans and numbers become strings)', () => {
    const r = parsePolicy({
      Statement: [
        {
          Sid: 'X',
          Effect: 'Deny',
          NotPrincipal: { AWS: ['arn:aws:iam::111122223333:root'], Service: 'cloudtrail.amazonaws.com' },
          NotAction: ['s3:Get*'],
          NotResource: 'arn:aws:s3:::b',
          Condition: { Bool: { 'aws:SecureTransport': false }, NumericLessThan: { 's3:TlsVersion': 1.2 } },
        },
      ],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const st = r.policy.statements[0];
    expect(st?.sid).toBe('X');
    expect(st?.notPrincipal).toEqual([
      { type: 'AWS', value: 'arn:aws:iam::111122223333:root' },
      { type: 'Service', value: 'cloudtrail.amazonaws.com' },
    ]);
    expect(st?.conditions).toEqual([
      { operator: 'Bool', key: 'aws:SecureTransport', values: ['false'] },
      { operator: 'NumericLessThan', key: 's3:TlsVersion', values: ['1.2'] },
    ]);
  });

  const fatal: [name: string, input: unknown, pointer: string][] = [
    ['bad JSON', '{"Statement": [', ''],
    ['not an object', '[1,2]', ''],
    ['missing Statement', {}, '/Statement'],
    ['Statement of wrong type', { Statement: 5 }, '/Statement'],
    ['a JSON string of bad JSON', JSON.stringify('{"Statement":'), ''],
  ];
  it.each(fatal)('a document that is not a policy at all is an error: %s', (_name, input, pointer) => {
    const r = parsePolicy(input);
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => e.pointer)).toContain(pointer);
  });

  // Lenient reading (issue 13 §3): one unreadable element makes that statement unknown, not the document.
  const unreadable: [name: string, statement: Record<string, unknown>, element: string, pointer: string][] = [
    ['unknown Effect', { Effect: 'Maybe', Action: '*', Resource: '*' }, 'Effect', '/Statement/1/Effect'],
    ['Action and NotAction', { Effect: 'Allow', Action: '*', NotAction: '*', Resource: '*' }, 'Action', '/Statement/1'],
    ['Action of wrong type', { Effect: 'Allow', Action: 5, Resource: '*' }, 'Action', '/Statement/1/Action'],
    ['unknown operator', { Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEqualz: { a: 'b' } } }, 'Condition', '/Statement/1/Condition/StringEqualz'],
    // "IAM JSON policy elements: Condition": context key names are not case-sensitive; operator names are exact.
    ['operator in the wrong case', { Effect: 'Allow', Action: '*', Resource: '*', Condition: { stringequals: { a: 'b' } } }, 'Condition', '/Statement/1/Condition/stringequals'],
    ['bad principal type', { Effect: 'Allow', Action: '*', Resource: '*', Principal: { Users: 'x' } }, 'Principal', '/Statement/1/Principal/Users'],
    ['object condition value', { Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { k: { x: 1 } } } }, 'Condition', '/Statement/1/Condition/StringEquals/k'],
    ['unknown element', { Effect: 'Allow', Action: '*', Resources: '*' }, 'Resources', '/Statement/1/Resources'],
  ];
  it.each(unreadable)('a statement with an unreadable element is kept as unreadable, the others are read: %s', (_name, statement, element, pointer) => {
    const r = parsePolicy({ Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }, statement] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.policy.statements.map((s) => s.index)).toEqual([0]);
    expect(r.policy.unreadable?.map((s) => s.index)).toEqual([1]);
    expect(r.policy.unreadable?.[0]?.unreadable).toContain(element);
    expect(r.policy.unreadable?.[0]?.errors.map((e) => e.pointer)).toContain(pointer);
  });

  it('a statement without Action or NotAction is invalid in the grammar: ignored with a note, grants and denies nothing', () => {
    const r = parsePolicy({ Statement: [{ Effect: 'Allow', Principal: '*', Resource: '*' }] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.policy.statements).toEqual([]);
    expect(r.policy.unreadable).toEqual([]);
    expect(r.policy.notes?.map((n) => n.pointer)).toEqual(['/Statement/0']);
  });

  it('"IAM JSON policy elements: Version": an absent or unusual Version is read, with a note for the unusual one', () => {
    const absent = parsePolicy({ Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' } });
    expect(absent.ok && absent.policy.version === undefined && absent.policy.notes?.length === 0).toBe(true);
    const odd = parsePolicy({ Version: '2020-01-01', Statement: [] });
    expect(odd.ok).toBe(true);
    if (!odd.ok) return;
    expect(odd.policy.version).toBe('2020-01-01');
    expect(odd.policy.notes?.map((n) => n.pointer)).toEqual(['/Version']);
  });

  it('statements without Resource are read (role trust policies, services that imply the resource)', () => {
    const r = parsePolicy({ Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    expect(r.ok && r.policy.statements[0]?.resource === undefined && r.policy.statements.length === 1).toBe(true);
  });

  it('a policy given as a JSON string inside JSON is unwrapped', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: '*' }] };
    const r = parsePolicy(JSON.stringify(JSON.stringify(doc)));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.policy.statements[0]?.action).toEqual(['sqs:SendMessage']);
    expect(parsePolicy(JSON.stringify(doc)).ok && parsePolicy(doc).ok).toBe(true);
  });

  // "IAM JSON policy elements: Principal": the grammar allows only "*" as a bare string; stored policies hold others.
  const bare: [value: string, expected: unknown[], noted: boolean][] = [
    ['*', [{ type: '*', value: '*' }], false],
    ['111122223333', [{ type: 'AWS', value: '111122223333' }], false],
    ['arn:aws:iam::111122223333:role/Reader', [{ type: 'AWS', value: 'arn:aws:iam::111122223333:role/Reader' }], false],
    ['arn:aws:iam::*:root', [{ type: 'AWS', value: 'arn:aws:iam::*:root' }], false],
    ['arn:aws:iam::111122223333:saml-provider/Okta', [{ type: 'Federated', value: 'arn:aws:iam::111122223333:saml-provider/Okta' }], false],
    ['cloudtrail.amazonaws.com', [{ type: 'Service', value: 'cloudtrail.amazonaws.com' }], false],
    ['arn:aws:iam:111122223333:root', [], true],
    ['alice', [], true],
  ];
  it.each(bare)('a bare string Principal %s is read as %j', (value, expected, noted) => {
    const r = parsePolicy({ Statement: [{ Effect: 'Allow', Principal: value, Action: 's3:GetObject', Resource: '*' }] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.policy.statements[0]?.principal).toEqual(expected);
    expect((r.policy.notes?.length ?? 0) > 0).toBe(noted);
  });

  it('survives hostile input without throwing or hanging', () => {
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    expect(parsePolicy(deep).ok).toBe(false);
    expect(parsePolicy('x'.repeat(2_000_000)).ok).toBe(false);
    const hugeAction = { Statement: [{ Effect: 'Allow', Action: `s3:${'a'.repeat(500_000)}`, Resource: '*' }] };
    expect(parsePolicy(hugeAction).ok).toBe(true);
    const many = { Statement: Array.from({ length: 5000 }, () => ({ Effect: 'Nope' })) };
    const r = parsePolicy(many);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.policy.notes?.length).toBe(100);
    expect(parsePolicy(null).ok).toBe(false);
    expect(parsePolicy(undefined).ok).toBe(false);
  });
});
