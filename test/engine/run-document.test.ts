import { describe, expect, it } from 'vitest';
import { CollectionErrors } from '../../src/engine/run-document.js';

const ARN = 'arn:aws:s3:::reports';
const denied = { property: 'policy', operation: 's3:GetBucketPolicy', code: 'AccessDenied', message: 'Access Denied' };

describe('CollectionErrors', () => {
  it("lists a resource's error once though a live collection's header repeats it with the service", () => {
    const errors = new CollectionErrors([{ accountId: '123456789012', region: 'eu-west-1', service: 's3', resourceArn: ARN, ...denied }]);
    errors.addResource({ accountId: '123456789012', region: 'eu-west-1', arn: ARN, errors: [denied] });
    expect(errors.list).toEqual([{ accountId: '123456789012', region: 'eu-west-1', service: 's3', resourceArn: ARN, ...denied }]);
  });

  it('keeps the same error on two resources, and one scope error per service', () => {
    const list = { operation: 'kms:ListKeys', code: 'Throttling', message: 'Rate exceeded' };
    const errors = new CollectionErrors([
      { accountId: '123456789012', region: 'eu-west-1', service: 'kms', ...list },
      { accountId: '123456789012', region: 'eu-west-1', service: 'redshiftserverless', ...list },
    ]);
    errors.addResource({ accountId: '123456789012', region: 'eu-west-1', arn: ARN, errors: [denied] });
    errors.addResource({ accountId: '123456789012', region: 'eu-west-1', arn: `${ARN}-2`, errors: [denied] });
    expect(errors.list.map((e) => e.resourceArn ?? e.service)).toEqual(['kms', 'redshiftserverless', ARN, `${ARN}-2`]);
  });

  it("lists a gap an import summarized once, with its count, not once per resource", () => {
    const gap = { property: 'keyPolicy', operation: 'config:AWS::KMS::Key', code: 'NotRecordedByConfig', message: 'AWS Config does not record KMS key policies.' };
    const errors = new CollectionErrors([{ ...gap, message: `${gap.message} (2 resources)`, resources: 2 }]);
    errors.addResource({ accountId: '123456789012', region: 'eu-west-1', arn: 'arn:aws:kms:eu-west-1:123456789012:key/a', errors: [gap] });
    // Another kind on the same resources is still listed per resource.
    errors.addResource({ accountId: '123456789012', region: 'eu-west-1', arn: 'arn:aws:kms:eu-west-1:123456789012:key/b', errors: [gap, { ...gap, property: 'grants' }] });
    expect(errors.list.map((e) => [e.property, e.resourceArn, e.resources])).toEqual([
      ['keyPolicy', undefined, 2],
      ['grants', 'arn:aws:kms:eu-west-1:123456789012:key/b', undefined],
    ]);
  });
});
