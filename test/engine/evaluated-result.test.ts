import { describe, expect, it } from 'vitest';
import { EvaluatedResult, copyResult } from '../../src/engine/evaluated-result.js';
import type { Resource } from '../../src/inventory/resource.js';
import { fingerprintOf } from '../../src/gate/fingerprint.js';

const bucket: Resource = { resourceType: 'AWS::S3::Bucket', resourceId: 'b', arn: 'arn:aws:s3:::b', accountId: '111122223333', region: 'eu-west-1', properties: {} } as Resource;

const make = (messageOf = () => 'm') => new EvaluatedResult('s3-bucket-tls-only', bucket, 'FAIL', 'medium', 'encryption-in-transit', [], { securityHub: ['S3.5'] }, messageOf);

describe('EvaluatedResult', () => {
  it('computes the fingerprint from rule id and ARN when read', () => {
    expect(make().fingerprint).toBe(fingerprintOf('s3-bucket-tls-only', 'arn:aws:s3:::b'));
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
    expect(copy).toMatchObject({ fingerprint: r.fingerprint, message: 'm', arn: 'arn:aws:s3:::b', baselineState: 'new' });
    expect(copy).not.toHaveProperty('resource');
    expect(copy).not.toHaveProperty('name');
  });
});
