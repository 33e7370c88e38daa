import { BatchGetResourceConfigCommand, GetResourceConfigHistoryCommand, ListDiscoveredResourcesCommand } from '@aws-sdk/client-config-service';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHandler } from '../../src/aws-config-rule/handler.js';
import { loadRules } from '../../src/engine/load-rules.js';
import type { LoadedRule } from '../../src/engine/rule-types.js';
import { API_ITEMS, eventFixture, stubConfig, type ApiItem } from './config-stub.js';

let rules: LoadedRule[] = [];
let stub: ReturnType<typeof stubConfig> | undefined;
beforeAll(() => {
  rules = loadRules();
});
afterEach(() => stub?.mock.restore());

const NOW = Date.parse('2026-11-19T00:00:00Z');
const KEY_ID = '1f0e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
const BUCKET_RULES = 'kms-key-unusable-while-in-use,s3-bucket-acl-not-public,s3-bucket-default-encryption';

/** Runs the handler on an event fixture, with rule parameters, against AWS Config holding `items`; returns what was reported. */
async function invoke(name: string, params: Record<string, unknown>, items: readonly ApiItem[] = API_ITEMS, change: (e: Record<string, unknown>) => void = () => {}) {
  stub = stubConfig(items);
  const event = { ...eventFixture(name), ruleParameters: JSON.stringify(params) };
  change(event);
  const lines: string[] = [];
  const summary = await createHandler({ client: stub.client, rules, now: () => NOW, log: (l) => lines.push(l) })(event);
  return { summary, puts: stub.puts, evaluations: stub.puts.flatMap((p) => p.evaluations), lines, mock: stub.mock };
}

const without = (type: string, id?: string) => API_ITEMS.filter((i) => !(i.resourceType === type && (id === undefined || i.resourceId === id)));

describe('a configuration change', () => {
  it('reports the bucket COMPLIANT once the KMS key it names is read from Config', async () => {
    const { evaluations, puts, mock } = await invoke('ConfigurationItemChangeNotification', { rules: BUCKET_RULES });
    expect(evaluations).toEqual([
      {
        ComplianceResourceType: 'AWS::S3::Bucket',
        ComplianceResourceId: 'nw-config-secure-data',
        ComplianceType: 'COMPLIANT',
        Annotation: 'All 3 pass: kms-key-unusable-while-in-use, s3-bucket-acl-not-public, s3-bucket-default-encryption',
        OrderingTimestamp: new Date('2026-11-18T08:15:00.000Z'),
      },
    ]);
    expect(puts[0]!.token).toBe('eyJyZXN1bHRUb2tlbiI6ImV4YW1wbGUifQ==');
    expect(puts[0]!.testMode).toBeUndefined();
    const keys = mock.commandCalls(BatchGetResourceConfigCommand).flatMap((c) => c.args[0].input.resourceKeys ?? []);
    expect(keys).toEqual([{ resourceType: 'AWS::KMS::Key', resourceId: KEY_ID }]);
  });

  it('fails closed: the key missing from Config makes the bucket NON_COMPLIANT with an UNKNOWN annotation naming the key', async () => {
    const { evaluations } = await invoke('ConfigurationItemChangeNotification', { rules: BUCKET_RULES }, without('AWS::KMS::Key', KEY_ID));
    expect(evaluations).toHaveLength(1);
    expect(evaluations[0]!.ComplianceType).toBe('NON_COMPLIANT');
    expect(evaluations[0]!.Annotation).toMatch(/^UNKNOWN: kms-key-unusable-while-in-use: .*1f0e2d3c-4b5a-4968-8776-a5b4c3d2e1f0/);
  });

  it('maps UNKNOWN to NOT_APPLICABLE when the rule parameter says so, and still says UNKNOWN', async () => {
    const { evaluations } = await invoke('ConfigurationItemChangeNotification', { rules: BUCKET_RULES, unknownAs: 'NOT_APPLICABLE' }, without('AWS::KMS::Key', KEY_ID));
    expect(evaluations[0]!.ComplianceType).toBe('NOT_APPLICABLE');
    expect(evaluations[0]!.Annotation).toMatch(/^UNKNOWN: /);
  });

  it('a malformed item is NON_COMPLIANT with the reason, not a crash and not a pass', async () => {
    const { evaluations } = await invoke('ConfigurationItemChangeNotification', { rules: BUCKET_RULES }, API_ITEMS, (e) => {
      const invoking = JSON.parse(e.invokingEvent as string) as { configurationItem: Record<string, unknown> };
      invoking.configurationItem.awsAccountId = 'not-an-account';
      e.invokingEvent = JSON.stringify(invoking);
    });
    expect(evaluations).toHaveLength(1);
    expect(evaluations[0]!.ComplianceType).toBe('NON_COMPLIANT');
    expect(evaluations[0]!.Annotation).toMatch(/^UNKNOWN: .*accountId/);
  });

  it('a resource that left the rule scope is NOT_APPLICABLE', async () => {
    const { evaluations } = await invoke('ConfigurationItemChangeNotification', { rules: BUCKET_RULES }, API_ITEMS, (e) => {
      e.eventLeftScope = true;
    });
    expect(evaluations.map((e) => e.ComplianceType)).toEqual(['NOT_APPLICABLE']);
  });

  it('reports in test mode when Config tests the rule', async () => {
    const { puts } = await invoke('ConfigurationItemChangeNotification', { rules: BUCKET_RULES }, API_ITEMS, (e) => {
      e.resultToken = 'TESTMODE';
    });
    expect(puts[0]!.testMode).toBe(true);
  });
});

describe('a deleted resource', () => {
  it('is NOT_APPLICABLE at its deletion time, and nothing is read from Config', async () => {
    const { evaluations, mock } = await invoke('ConfigurationItemChangeNotification_deleted', {});
    expect(evaluations).toEqual([
      {
        ComplianceResourceType: 'AWS::S3::Bucket',
        ComplianceResourceId: 'nw-config-secure-data',
        ComplianceType: 'NOT_APPLICABLE',
        Annotation: 'The resource is not evaluated: AWS Config reports it as ResourceDeleted.',
        OrderingTimestamp: new Date('2026-11-20T10:00:00.000Z'),
      },
    ]);
    expect(mock.commandCalls(BatchGetResourceConfigCommand)).toHaveLength(0);
  });
});

describe('an oversized configuration item', () => {
  it('is read with GetResourceConfigHistory as of its capture time and evaluated', async () => {
    const { evaluations, mock } = await invoke('OversizedConfigurationItemChangeNotification', { rules: 's3-bucket-versioning-enabled' });
    const history = mock.commandCalls(GetResourceConfigHistoryCommand).map((c) => c.args[0].input);
    expect(history).toEqual([{ resourceType: 'AWS::S3::Bucket', resourceId: 'nw-config-public-site', laterTime: new Date('2026-11-18T08:15:00.000Z'), limit: 1 }]);
    expect(evaluations).toHaveLength(1);
    expect(evaluations[0]).toMatchObject({ ComplianceResourceId: 'nw-config-public-site', ComplianceType: 'NON_COMPLIANT', OrderingTimestamp: new Date('2026-11-18T08:15:00.000Z') });
    expect(evaluations[0]!.Annotation).toMatch(/^s3-bucket-versioning-enabled: .*nw-config-public-site/);
  });

  it('runs every rule for the type without a rules parameter: the most severe FAIL outweighs the UNKNOWNs, the rest are counted', async () => {
    const { evaluations } = await invoke('OversizedConfigurationItemChangeNotification', {});
    expect(evaluations[0]!.ComplianceType).toBe('NON_COMPLIANT');
    // Medium FAILs tie on severity and go by rule id: s3-bucket-acls-disabled (S3.12) comes first; it and s3-bucket-blocks-sse-c are the two rules added since.
    expect(evaluations[0]!.Annotation).toMatch(/^s3-bucket-acls-disabled: .*nw-config-public-site.*\(\+8 more\)$/);
  });

  it('fails closed when Config has no item for it', async () => {
    const { evaluations } = await invoke('OversizedConfigurationItemChangeNotification', { rules: 's3-bucket-versioning-enabled' }, without('AWS::S3::Bucket', 'nw-config-public-site'));
    expect(evaluations[0]).toMatchObject({ ComplianceType: 'NON_COMPLIANT', Annotation: 'UNKNOWN: AWS Config has no configuration item for it.' });
  });
});

describe('a periodic evaluation', () => {
  /** 230 encrypted and unencrypted volumes, so listing takes three pages and reporting three calls. */
  const volumes = (n: number): ApiItem[] => {
    const [good, bad] = ['vol-0a1b2c3d4e5f60718', 'vol-0badc0ffee0ddf00d'].map((id) => API_ITEMS.find((i) => i.resourceId === id)!);
    return Array.from({ length: n }, (_, i) => {
      const base = i % 2 === 0 ? good! : bad!;
      const id = `vol-${String(i).padStart(17, '0')}`;
      const configuration = (base.configuration as string).replaceAll(base.resourceId, id);
      return { ...base, resourceId: id, arn: `arn:aws:ec2:eu-west-1:111122223333:volume/${id}`, configuration };
    });
  };

  it('evaluates every discovered resource of the rule types and reports them in batches of 100 at the notification time', async () => {
    const { evaluations, puts, mock } = await invoke('ScheduledNotification', { rules: 'ec2-volume-encrypted', resourceTypes: 'AWS::EC2::Volume' }, [...API_ITEMS.filter((i) => i.resourceType !== 'AWS::EC2::Volume'), ...volumes(230)]);
    expect(puts.map((p) => p.evaluations.length)).toEqual([100, 100, 30]);
    expect(mock.commandCalls(ListDiscoveredResourcesCommand)).toHaveLength(3);
    expect(mock.commandCalls(BatchGetResourceConfigCommand).map((c) => c.args[0].input.resourceKeys?.length)).toEqual([100, 100, 30]);
    expect(new Set(evaluations.map((e) => e.OrderingTimestamp?.toISOString()))).toEqual(new Set(['2026-11-19T00:00:00.000Z']));
    expect(evaluations.map((e) => e.ComplianceResourceId)).toEqual(volumes(230).map((v) => v.resourceId));
    expect(evaluations.filter((e) => e.ComplianceType === 'COMPLIANT')).toHaveLength(115);
    expect(evaluations.filter((e) => e.ComplianceType === 'NON_COMPLIANT')).toHaveLength(115);
    expect(new Set(evaluations.map((e) => e.ComplianceResourceType))).toEqual(new Set(['AWS::EC2::Volume']));
  });

  it('without resourceTypes reads the types of the chosen rules, Elasticsearch domains for the OpenSearch rules too', async () => {
    const { mock } = await invoke('ScheduledNotification', { rules: 'opensearch-domain-encrypted-at-rest' });
    expect(mock.commandCalls(ListDiscoveredResourcesCommand).map((c) => c.args[0].input.resourceType).sort()).toEqual(['AWS::Elasticsearch::Domain', 'AWS::OpenSearch::Domain']);
  });

  it('follows a KMS alias to its key: the alias is found by name, then the key it targets', async () => {
    const queue = 'https://sqs.eu-west-1.amazonaws.com/111122223333/nw-order-events';
    const { evaluations, mock } = await invoke('ScheduledNotification', { rules: 'kms-key-unusable-while-in-use', resourceTypes: 'AWS::SQS::Queue' });
    expect(evaluations.find((e) => e.ComplianceResourceId === queue)?.ComplianceType).toBe('COMPLIANT');
    const byName = mock.commandCalls(ListDiscoveredResourcesCommand).map((c) => c.args[0].input).filter((i) => i.resourceName !== undefined);
    expect(byName).toContainEqual(expect.objectContaining({ resourceType: 'AWS::KMS::Alias', resourceName: 'alias/nw-data-lake' }));
    const keys = mock.commandCalls(BatchGetResourceConfigCommand).flatMap((c) => c.args[0].input.resourceKeys ?? []);
    expect(keys.filter((k) => k.resourceType === 'AWS::KMS::Key')).toEqual([{ resourceType: 'AWS::KMS::Key', resourceId: KEY_ID }]);
  });

  it('keeps every annotation within 256 characters', async () => {
    const { evaluations } = await invoke('ScheduledNotification', { resourceTypes: 'AWS::S3::Bucket,AWS::SQS::Queue,AWS::KMS::Key,AWS::IAM::Role' });
    expect(evaluations.length).toBe(API_ITEMS.filter((i) => i.awsRegion === 'eu-west-1' && ['AWS::S3::Bucket', 'AWS::SQS::Queue', 'AWS::KMS::Key', 'AWS::IAM::Role'].includes(i.resourceType)).length);
    for (const e of evaluations) expect(e.Annotation!.length).toBeLessThanOrEqual(256);
  });
});

describe('bad input stops the invocation with one clear line', () => {
  it.each([
    [{ rules: 's3-no-such-rule' }, 'Config rule parameters: /rules: "s3-no-such-rule" is not a sealcheck rule'],
    [{ unknownAs: 'COMPLIANT' }, 'Config rule parameters: /unknownAs: expected NON_COMPLIANT or NOT_APPLICABLE'],
    [{ rule: 'x' }, 'Config rule parameters: /rule: unknown parameter (known: rules, resourceTypes, unknownAs)'],
  ])('%j', async (params, message) => {
    await expect(invoke('ConfigurationItemChangeNotification', params)).rejects.toThrow(message);
  });

  it('an event without a result token', async () => {
    await expect(invoke('ConfigurationItemChangeNotification', {}, API_ITEMS, (e) => delete e.resultToken)).rejects.toThrow('AWS Config invocation event: /resultToken: missing or not a string');
  });

  it('evaluations Config refuses', async () => {
    stub = stubConfig(API_ITEMS, { failed: 1 });
    const handler = createHandler({ client: stub.client, rules, now: () => NOW, log: () => {} });
    await expect(handler({ ...eventFixture('ConfigurationItemChangeNotification'), ruleParameters: JSON.stringify({ rules: BUCKET_RULES }) })).rejects.toThrow(
      'PutEvaluations refused 1 of 1 evaluations, the first for AWS::S3::Bucket nw-config-secure-data',
    );
  });
});
