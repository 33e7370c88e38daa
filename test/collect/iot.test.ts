import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { GetPolicyCommand, IoTClient, ListPoliciesCommand, ListTagsForResourceCommand } from '@aws-sdk/client-iot';
import { iotCollector } from '../../src/collect/iot.js';
import { derivePolicy } from '../../src/engine/policy-derived.js';
import { awsError, byId, collectClean, collectValid, errorCodes, expectNothingCollected, fixture } from './helpers.js';

const iot = mockClient(IoTClient);
const TYPE = 'AWS::IoT::Policy';

function recorded(): void {
  iot.on(ListPoliciesCommand).resolves(fixture('iot.ListPolicies_1'));
  iot.on(ListPoliciesCommand, { marker: 'marker-2' }).resolves(fixture('iot.ListPolicies_2'));
  iot.on(GetPolicyCommand, { policyName: 'sensor-telemetry' }).resolves(fixture('iot.GetPolicy_1'));
  iot.on(GetPolicyCommand, { policyName: 'dev-allow-all' }).resolves(fixture('iot.GetPolicy_2'));
  iot.on(ListTagsForResourceCommand).resolves(fixture('iot.ListTagsForResource'));
}

beforeEach(() => iot.reset());

describe('iot collector', () => {
  it('reads both pages of policies with their default document and tags', async () => {
    recorded();
    const resources = await collectClean(iotCollector);
    expect(iot.commandCalls(ListPoliciesCommand)).toHaveLength(2);
    const sensor = byId(resources, TYPE, 'sensor-telemetry');
    expect(sensor).toMatchObject({ arn: 'arn:aws:iot:eu-west-1:123456789012:policy/sensor-telemetry', tags: { owner: 'devices' } });
    expect(sensor.properties).toMatchObject({ policyName: 'sensor-telemetry', defaultVersionId: '2' });
    expect(derivePolicy(sensor)?.values.wildcardGrants).toEqual([]);
    // A document without Principal is analysed for its actions: iot:* on * is a wildcard grant.
    const dev = byId(resources, TYPE, 'dev-allow-all');
    expect(derivePolicy(dev)?.values.wildcardGrants).toEqual([expect.objectContaining({ actions: ['iot:*'], kinds: ['wildcard-action'] })]);
  });

  it('returns nothing for a region without policies', async () => {
    iot.on(ListPoliciesCommand).resolves({ policies: [] });
    await expectNothingCollected(iotCollector);
  });

  it('leaves a denied document absent, with the reason, and keeps the policy', async () => {
    recorded();
    iot.on(GetPolicyCommand, { policyName: 'dev-allow-all' }).rejects(awsError('AccessDeniedException', 403, 'not authorized to perform iot:GetPolicy'));
    iot.on(ListTagsForResourceCommand).rejects(awsError('AccessDeniedException', 403));
    const { resources } = await collectValid(iotCollector);
    const dev = byId(resources, TYPE, 'dev-allow-all');
    expect('policyDocument' in dev.properties).toBe(false);
    expect(errorCodes(dev)).toEqual(['policyDocument:AccessDeniedException', 'defaultVersionId:AccessDeniedException', 'tags:AccessDeniedException']);
    expect(derivePolicy(dev)?.missing.wildcardGrants).toBe('policyDocument was not collected');
  });
});
