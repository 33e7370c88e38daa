import { describe, expect, it } from 'vitest';
import { EvaluatedResult, copyResult } from '../../src/engine/evaluated-result.js';
import { fingerprintOf } from '../../src/engine/fingerprint.js';
import { resultJson } from '../../src/report/json.js';

const make = () =>
  new EvaluatedResult('s3-bucket-tls-only', 'AWS::S3::Bucket', 'b', 'arn:aws:s3:::b', '111122223333', 'eu-west-1', undefined, 'FAIL', 'medium', 'encryption-in-transit', 'm', [], { securityHub: ['S3.5'] });

describe('EvaluatedResult', () => {
  it('computes the fingerprint from rule id and ARN when read', () => {
    expect(make().fingerprint).toBe(fingerprintOf('s3-bucket-tls-only', 'arn:aws:s3:::b'));
  });

  it('keeps the fingerprint in plain copies, which a spread alone would drop', () => {
    const r = make();
    expect({ ...r }).not.toHaveProperty('fingerprint');
    const copy = copyResult(r, { baselineState: 'new' });
    expect(copy.fingerprint).toBe(r.fingerprint);
    expect(Object.keys(copy)).toContain('fingerprint');
    expect(copy.baselineState).toBe('new');
  });

  it('is written to results.json with its fingerprint and without an absent name', () => {
    const line = JSON.parse(resultJson(make())) as Record<string, unknown>;
    expect(line.fingerprint).toBe(fingerprintOf('s3-bucket-tls-only', 'arn:aws:s3:::b'));
    expect(line).not.toHaveProperty('name');
    expect(Object.keys(line)[0]).toBe('ruleId');
  });
});
