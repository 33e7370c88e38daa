import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeParametersCommand, GetParameterCommand, GetParametersCommand, ListTagsForResourceCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ssmCollector } from '../../src/collect/ssm.js';
import { awsError, byId, collectClean, collectValid, expectNothingCollected, expectRegionFailure, expectTagsDenied, fixture } from './helpers.js';

const ssm = mockClient(SSMClient);
const TYPE = 'AWS::SSM::Parameter';

function recorded(): void {
  ssm.on(DescribeParametersCommand).resolves(fixture('ssm.DescribeParameters_1'));
  ssm.on(DescribeParametersCommand, { NextToken: 'page-2' }).resolves(fixture('ssm.DescribeParameters_2'));
  ssm.on(ListTagsForResourceCommand).resolves(fixture('ssm.ListTagsForResource'));
}

beforeEach(() => ssm.reset());

describe('ssm collector', () => {
  it('reads both pages of parameter metadata and tags, and never a value', async () => {
    recorded();
    const resources = await collectClean(ssmCollector);
    expect(ssm.commandCalls(DescribeParametersCommand)).toHaveLength(2);
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(0);
    expect(ssm.commandCalls(GetParametersCommand)).toHaveLength(0);
    expect(resources.map((r) => r.resourceId)).toEqual(['/prod/orders/db_password', '/prod/orders/port', '/prod/orders/StripeApiKey', '/prod/payments/signing_key']);
    const db = byId(resources, TYPE, '/prod/orders/db_password');
    expect(db).toMatchObject({ arn: 'arn:aws:ssm:eu-west-1:123456789012:parameter/prod/orders/db_password', tags: { owner: 'orders' } });
    expect(db.properties).toEqual({ name: '/prod/orders/db_password', type: 'SecureString', keyId: 'alias/aws/ssm', tier: 'Standard', dataType: 'text', lastModifiedDate: '2026-03-01T10:00:00.000Z' });
    expect(byId(resources, TYPE, '/prod/orders/StripeApiKey').properties).toMatchObject({ type: 'String', keyId: null });
    expect(ssm.commandCalls(ListTagsForResourceCommand)[0]!.args[0].input).toMatchObject({ ResourceType: 'Parameter' });
    // Nothing that looks like a value reaches the model.
    expect(JSON.stringify(resources)).not.toMatch(/"value"/i);
  });

  it('returns nothing for a region without parameters', async () => {
    ssm.on(DescribeParametersCommand).resolves({ Parameters: [] });
    await expectNothingCollected(ssmCollector);
  });

  it('records denied tags on the parameter and keeps its metadata', async () => {
    recorded();
    ssm.on(ListTagsForResourceCommand).rejects(awsError('AccessDeniedException', 400, 'not authorized to perform ssm:ListTagsForResource'));
    const p = byId((await collectValid(ssmCollector)).resources, TYPE, '/prod/payments/signing_key');
    expectTagsDenied(p, 'ssm:ListTagsForResource', 'AccessDeniedException');
    expect(p.properties.keyId).toBe('arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab');
  });

  it('records a denied DescribeParameters for the region', async () => {
    ssm.on(DescribeParametersCommand).rejects(awsError('AccessDeniedException', 400));
    await expectRegionFailure(ssmCollector, 'ssm:DescribeParameters', 'AccessDeniedException');
  });
});
