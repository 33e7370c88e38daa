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

  const bad: [name: string, input: unknown, pointer: string][] = [
    ['bad JSON', '{"Statement": [', ''],
    ['not an object', '[1,2]', ''],
    ['missing Statement', {}, '/Statement'],
    ['unknown Effect', { Statement: [{ Effect: 'Maybe', Action: '*', Resource: '*' }] }, '/Statement/0/Effect'],
    ['missing Action', { Statement: [{ Effect: 'Allow', Resource: '*' }] }, '/Statement/0'],
    ['Action and NotAction', { Statement: [{ Effect: 'Allow', Action: '*', NotAction: '*', Resource: '*' }] }, '/Statement/0'],
    ['Action of wrong type', { Statement: [{ Effect: 'Allow', Action: 5, Resource: '*' }] }, '/Statement/0/Action'],
    ['unknown operator', { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEqualz: { a: 'b' } } }] }, '/Statement/0/Condition/StringEqualz'],
    ['bad principal type', { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Principal: { Users: 'x' } }] }, '/Statement/0/Principal/Users'],
    ['bad version', { Version: '2020-01-01', Statement: [] }, '/Version'],
    ['object condition value', { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { k: { x: 1 } } } }] }, '/Statement/0/Condition/StringEquals/k'],
  ];
  it.each(bad)('returns errors as data: %s', (_name, input, pointer) => {
    const r = parsePolicy(input);
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => e.pointer)).toContain(pointer);
  });

  it('survives hostile input without throwing or hanging', () => {
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    expect(parsePolicy(deep).ok).toBe(false);
    expect(parsePolicy('x'.repeat(2_000_000)).ok).toBe(false);
    const hugeAction = { Statement: [{ Effect: 'Allow', Action: `s3:${'a'.repeat(500_000)}`, Resource: '*' }] };
    expect(parsePolicy(hugeAction).ok).toBe(true);
    const many = { Statement: Array.from({ length: 5000 }, () => ({ Effect: 'Nope' })) };
    const r = parsePolicy(many);
    expect(r.ok).toBe(false);
    expect(r.errors.length).toBeLessThanOrEqual(100);
    expect(parsePolicy(null).ok).toBe(false);
    expect(parsePolicy(undefined).ok).toBe(false);
  });
});
