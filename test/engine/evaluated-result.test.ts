import { describe, expect, it } from 'vitest';
import { EvaluatedResult, copyResult } from '../../src/engine/evaluated-result.js';
import { resultJson } from '../../src/report/json.js';

// printf 's3-bucket-tls-only\narn:aws:s3:::b' | sha256sum | cut -c1-32
const FINGERPRINT = '9e38ede4fa25ab4cbb3fce22e514ec72';

const make = () =>
  new EvaluatedResult('s3-bucket-tls-only', 'AWS::S3::Bucket', 'b', 'arn:aws:s3:::b', '111122223333', 'eu-west-1', undefined, 'FAIL', 'medium', 'encryption-in-transit', 'm', [], { securityHub: ['S3.5'] });

describe('EvaluatedResult', () => {
  it('computes the fingerprint from rule id and ARN when read', () => {
    expect(make().fingerprint).toBe(FINGERPRINT);
  });

  it('keeps the fingerprint in plain copies, which a spread alone would drop', () => {
    const r = make();
    expect({ ...r }).not.toHaveProperty('fingerprint');
    const copy = copyResult(r, { baselineState: 'new' });
    expect(copy.fingerprint).toBe(FINGERPRINT);
    expect(Object.keys(copy)).toContain('fingerprint');
    expect(copy.baselineState).toBe('new');
  });

  it('is written to results.json with its fingerprint and without an absent name', () => {
    const line = JSON.parse(resultJson(make())) as Record<string, unknown>;
    expect(line.fingerprint).toBe(FINGERPRINT);
    expect(line).not.toHaveProperty('name');
    expect(Object.keys(line)[0]).toBe('ruleId');
  });
});
