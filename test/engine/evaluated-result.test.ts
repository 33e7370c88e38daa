import { describe, expect, it } from 'vitest';
import { EvaluatedResult, copyResult } from '../../src/engine/evaluated-result.js';
import type { Resource } from '../../src/inventory/resource.js';

const bucket: Resource = { resourceType: 'AWS::S3::Bucket', resourceId: 'b', arn: 'arn:aws:s3:::b', accountId: '111122223333', region: 'eu-west-1', properties: {} } as Resource;

const make = (messageOf = () => 'm') => new EvaluatedResult('s3-bucket-tls-only', bucket, 'FAIL', 'medium', 'encryption-in-transit', [], { securityHub: ['S3.5'] }, messageOf);

// printf 's3-bucket-tls-only\narn:aws:s3:::b' | sha256sum | cut -c1-32
const FINGERPRINT = '9e38ede4fa25ab4cbb3fce22e514ec72';

describe('EvaluatedResult', () => {
  it('computes the fingerprint from rule id and ARN when read', () => {
    expect(make().fingerprint).toBe(FINGERPRINT);
  });

  it('writes its message only when read, once', () => {
    let written = 0;
    const r = make(() => `message ${++written}`);
    expect(written).toBe(0);
    expect(r.message).toBe('message 1');
    expect(r.message).toBe('message 1');
    expect(written).toBe(1);
  });

  it('reads the resource fields from the resource, and plain copies keep them with the message and fingerprint, which a spread alone drops', () => {
    const r = make();
    expect([r.resourceType, r.resourceId, r.arn, r.accountId, r.region, r.name]).toEqual(['AWS::S3::Bucket', 'b', 'arn:aws:s3:::b', '111122223333', 'eu-west-1', undefined]);
    expect({ ...r }).not.toHaveProperty('fingerprint');
    expect({ ...r }).not.toHaveProperty('message');
    const copy = copyResult(r, { baselineState: 'new' });
    expect(copy.fingerprint).toBe(FINGERPRINT);
    expect(copy).toMatchObject({ fingerprint: r.fingerprint, message: 'm', arn: 'arn:aws:s3:::b', baselineState: 'new' });
    expect(copy).not.toHaveProperty('resource');
    expect(copy).not.toHaveProperty('name');
  });
});
