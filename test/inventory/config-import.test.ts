import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importConfigDocument, isConfigDocument, type ImportOptions } from '../../src/inventory/config-import.js';
import { CONFIG_MAPPERS, NOT_CONFIG_TYPES, modelTypeOf } from '../../src/inventory/config-map/mappers.js';
import type { Resource, Snapshot } from '../../src/inventory/resource.js';
import { resourceSchemas } from '../../src/inventory/resource-schemas.js';
import { readSnapshot } from '../../src/inventory/snapshot-read.js';
import { PACKAGE_ROOT } from '../../src/paths.js';

const dir = join(PACKAGE_ROOT, 'fixtures', 'config');
const load = (name: string): unknown => JSON.parse(readFileSync(join(dir, name), 'utf8'));
const importFixture = (name: string): Snapshot => importConfigDocument(load(name), join(dir, name));
const key = (r: Resource) => `${r.resourceType}|${r.resourceId}`;
const errorProperties = (r: Resource) => (r.errors ?? []).map((e) => e.property).sort();

const FORMS = {
  file: 'config-snapshot.json',
  history: 'config-api.GetResourceConfigHistory.json',
  batch: 'config-api.BatchGetResourceConfig.json',
  select: 'config-api.SelectResourceConfig.json',
} as const;

describe('AWS Config import: every form yields the hand-written equivalent snapshot', async () => {
  const expected = await readSnapshot(join(dir, 'equivalent.snapshot.json'));
  const byKey = new Map(expected.resources.map((r) => [key(r), r]));

  it('the equivalent snapshot is a valid sealcheck snapshot covering every type Config can provide', () => {
    expect(new Set(expected.resources.map((r) => r.resourceType))).toEqual(new Set(Object.keys(CONFIG_MAPPERS).map(modelTypeOf)));
  });

  for (const [form, file] of Object.entries(FORMS)) {
    it(`${form}: same resources, ids, arns, properties, tags and gaps`, () => {
      const snapshot = importFixture(file);
      expect(snapshot.resources.map(key).sort()).toEqual([...byKey.keys()].sort());
      for (const actual of snapshot.resources) {
        const want = byKey.get(key(actual))!;
        const label = key(actual);
        expect({ arn: actual.arn, accountId: actual.accountId, region: actual.region, name: actual.name }, label).toEqual({
          arn: want.arn,
          accountId: want.accountId,
          region: want.region,
          name: want.name,
        });
        if (form === 'batch') {
          // BatchGetResourceConfig items carry neither tags nor relationships: the alias known only by
          // relationship has no target, so no key's alias list can be complete.
          expect(actual.tags, label).toEqual({});
          expect(errorProperties(actual), label).toContain('tags');
          const props = { ...want.properties };
          if (actual.resourceType === 'AWS::KMS::Key') delete props.aliases;
          if (actual.resourceId.endsWith('alias/nw-legacy-orders')) delete props.targetKeyId;
          expect(actual.properties, label).toEqual(props);
          continue;
        }
        expect(actual.properties, label).toEqual(want.properties);
        expect(actual.tags, label).toEqual(want.tags);
        expect(errorProperties(actual), label).toEqual(errorProperties(want));
      }
    });
  }

  it('every mapped resource validates against its type schema, in every form', () => {
    const schemas = resourceSchemas();
    for (const file of Object.values(FORMS)) {
      for (const r of importFixture(file).resources) expect(schemas.validate(r.resourceType, r.properties), `${file} ${key(r)}`).toBeNull();
    }
  });
});

describe('AWS Config import: header', () => {
  it('names the source kind of each form', () => {
    expect(importFixture(FORMS.file).header.source.kind).toBe('aws-config-file');
    expect(importFixture(FORMS.history).header.source.kind).toBe('aws-config-api');
    expect(importFixture(FORMS.batch).header.source.kind).toBe('aws-config-api');
    expect(importFixture(FORMS.select).header.source.kind).toBe('aws-config-select');
  });

  it('counts deleted and unrecorded items by status, and older versions of a resource', () => {
    expect(importFixture(FORMS.file).header.skipped).toEqual({
      ResourceDeleted: 1,
      ResourceNotRecorded: 1,
      ResourceDeletedNotRecorded: 1,
      // The account public access block, recorded in both regions.
      SupersededByNewerItem: 1,
    });
    expect(importFixture(FORMS.history).header.skipped).toMatchObject({ ResourceDeleted: 1, SupersededByNewerItem: 2 });
    expect(importFixture(FORMS.batch).header.skipped).toMatchObject({ UnprocessedResourceKey: 1 });
  });

  it('counts and lists the types it does not model', () => {
    for (const file of Object.values(FORMS)) {
      expect(importFixture(file).header.unsupported).toEqual({ 'AWS::EC2::Instance': 1 });
    }
  });

  it('is read through readSnapshot like any other snapshot', async () => {
    const snapshot = await readSnapshot(join(dir, FORMS.select));
    expect(snapshot.header.source).toMatchObject({ kind: 'aws-config-select', file: FORMS.select });
    // Every form holds the resources of the equivalent snapshot, so the count follows it as types are added.
    expect(snapshot.resources).toHaveLength((load('equivalent.snapshot.json') as Snapshot).resources.length);
    expect(snapshot.header.unsupported).toEqual({ 'AWS::EC2::Instance': 1 });
  });

  it('takes capture time, accounts and regions from the items', () => {
    const { header } = importFixture(FORMS.history);
    expect(header.capturedAt).toBe('2026-11-18T08:15:00.000Z');
    expect(header.accounts).toEqual(['111122223333']);
    expect(header.regions).toEqual(['eu-west-1', 'us-east-1']);
  });

  it('reports, once, the modelled types AWS Config cannot provide', () => {
    const ops = importFixture(FORMS.file).header.errors.map((e) => e.operation);
    for (const type of Object.keys(NOT_CONFIG_TYPES)) expect(ops).toContain(`config:${type}`);
    expect(ops.filter((o) => o === 'config:AWS::KMS::Key').length).toBe(3);
  });

  it('takes the newest version of a resource from a history', () => {
    const site = importFixture(FORMS.history).resources.find((r) => r.resourceId === 'nw-config-public-site')!;
    expect(site.properties.policy).not.toBeNull();
    expect(site.properties.publicAccessBlock).toBeUndefined();
  });
});

describe('AWS Config import: what Config does not record stays unknown', () => {
  const snapshot = importFixture(FORMS.file);
  const find = (id: string) => snapshot.resources.find((r) => r.resourceId === id || r.name === id)!;

  it('KMS key policy and rotation period are absent with a NotRecordedByConfig error', () => {
    const key = find('1f0e2d3c-4b5a-4968-8776-a5b4c3d2e1f0');
    expect(key.properties).not.toHaveProperty('keyPolicy');
    expect(key.properties).not.toHaveProperty('rotationPeriodInDays');
    expect(key.errors).toContainEqual(expect.objectContaining({ property: 'keyPolicy', operation: 'config:AWS::KMS::Key', code: 'NotRecordedByConfig' }));
  });

  describe('a field every API response carries, absent from the item, is unknown rather than empty', () => {
    const withItem = (type: string, id: string, edit: (configuration: Record<string, unknown>) => void) => {
      const doc = load(FORMS.file) as { configurationItems: { resourceType: string; resourceId: string; configuration: Record<string, unknown> }[] };
      edit(doc.configurationItems.find((i) => i.resourceType === type && i.resourceId === id)!.configuration);
      return importConfigDocument(doc, 'snap.json').resources.find((r) => r.resourceType === type && r.resourceId === id)!;
    };

    it('OpenSearch TLSSecurityPolicy', () => {
      const domain = withItem('AWS::OpenSearch::Domain', '111122223333/nw-config-search', (c) => delete (c.DomainEndpointOptions as Record<string, unknown>).TLSSecurityPolicy);
      expect(domain.properties).not.toHaveProperty('tlsSecurityPolicy');
      expect(domain.errors).toContainEqual(expect.objectContaining({ property: 'tlsSecurityPolicy', code: 'NotRecordedByConfig' }));
      expect(find('nw-config-search').properties.tlsSecurityPolicy).toBe('Policy-Min-TLS-1-2-2019-07');
    });

    it('KMS ValidTo of key material that expires; a key whose material does not expire has none (null)', () => {
      const id = '4c3d2e1f-0a9b-4c8d-9e7f-6a5b4c3d2e1f';
      const key = withItem('AWS::KMS::Key', id, (c) => delete c.validTo);
      expect(key.properties).not.toHaveProperty('validTo');
      expect(key.errors).toContainEqual(expect.objectContaining({ property: 'validTo', code: 'NotRecordedByConfig' }));
      expect(typeof find(id).properties.validTo).toBe('string');
      expect(find('3b2c1d0e-9f8a-4b7c-8d6e-5f4a3b2c1d0e').properties.validTo).toBeNull();
    });
  });

  it('rotation does not apply to asymmetric and imported keys (null), and comes from KeyRotationStatus otherwise', () => {
    expect(find('2a1b0c9d-8e7f-4a6b-9c5d-4e3f2a1b0c9d').properties.rotationEnabled).toBeNull();
    expect(find('4c3d2e1f-0a9b-4c8d-9e7f-6a5b4c3d2e1f').properties.rotationEnabled).toBeNull();
    expect(find('3b2c1d0e-9f8a-4b7c-8d6e-5f4a3b2c1d0e').properties.rotationEnabled).toBe(false);
  });

  it('S3 policy status is never invented; a missing public access block is unknown, not "off"', () => {
    const site = find('nw-config-public-site');
    expect(site.properties).not.toHaveProperty('policyStatus');
    expect(site.properties).not.toHaveProperty('publicAccessBlock');
    expect(errorProperties(site)).toEqual(expect.arrayContaining(['policyStatus', 'publicAccessBlock']));
  });

  it('a bucket item from before default encryption without ServerSideEncryptionConfiguration has none (null); a recent one is unknown', () => {
    expect(find('nw-config-legacy-exports').properties.encryption).toBeNull();
    const doc = load(FORMS.file) as { configurationItems: Record<string, unknown>[] };
    const recent = structuredClone(doc.configurationItems.find((i) => i.resourceId === 'nw-config-secure-data')!);
    delete (recent.supplementaryConfiguration as Record<string, unknown>).ServerSideEncryptionConfiguration;
    const [bucket] = importConfigDocument({ configurationItems: [recent] }, 'x.json').resources;
    expect(bucket!.properties).not.toHaveProperty('encryption');
    expect(errorProperties(bucket!)).toContain('encryption');
  });

  it('BucketPolicy with policyText null means no policy; URL-encoded policies are decoded', () => {
    expect(find('nw-config-legacy-exports').properties.policy).toBeNull();
    expect(find('nw-config-logs').properties.policy).toMatchObject({ Version: '2012-10-17', Statement: [expect.objectContaining({ Sid: 'S3ServerAccessLogsPolicy' })] });
  });

  it('a policy that is not JSON is kept as the raw string', () => {
    const doc = load(FORMS.file) as { configurationItems: Record<string, unknown>[] };
    const item = structuredClone(doc.configurationItems.find((i) => i.resourceId === 'nw-config-public-site')!);
    (item.supplementaryConfiguration as Record<string, unknown>).BucketPolicy = { policyText: '{"Version": "2012-10-17", broken' };
    const [bucket] = importConfigDocument({ configurationItems: [item] }, 'x.json').resources;
    expect(bucket!.properties.policy).toBe('{"Version": "2012-10-17", broken');
  });

  it('keeps Lambda environment variable names and never their values', () => {
    const fn = find('nw-webhook-handler');
    expect(fn.properties.environmentVariableNames).toEqual(['DB_PASSWORD', 'QUEUE_URL', 'STRIPE_API_KEY']);
    for (const file of Object.values(FORMS)) {
      const text = JSON.stringify(importFixture(file));
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain('sk_live');
    }
  });

  it('links an alias to its key through the relationship when the configuration does not name it', () => {
    expect(find('alias/nw-legacy-orders').properties.targetKeyId).toBe('3b2c1d0e-9f8a-4b7c-8d6e-5f4a3b2c1d0e');
    expect(find('3b2c1d0e-9f8a-4b7c-8d6e-5f4a3b2c1d0e').properties.aliases).toEqual(['alias/nw-legacy-orders']);
  });

  it('keeps one account public access block, as a global resource', () => {
    const pabs = snapshot.resources.filter((r) => r.resourceType === 'AWS::S3::AccountPublicAccessBlock');
    expect(pabs).toHaveLength(1);
    expect(pabs[0]).toMatchObject({ resourceId: '111122223333', region: 'global' });
  });
});

describe('AWS Config import: a malformed item is rejected with the file and JSON pointer, the rest imported', () => {
  const history = () => structuredClone(load(FORMS.history)) as { configurationItems: Record<string, unknown>[] };
  /** Imports and returns the one rejection, after checking that every other item was still read. */
  const rejectedOne = (doc: unknown, file: string, good: Snapshot) => {
    const snap = importConfigDocument(doc, file);
    expect(snap.header.rejected?.count).toBe(1);
    // The rejected item's resource is missing; every other one is there.
    expect(snap.resources).toHaveLength(good.resources.length - 1);
    const [r] = snap.header.rejected!.items;
    expect(r!.file).toBe(file);
    return `${r!.file}: ${r!.message}`;
  };

  it('a configuration string that is not JSON', () => {
    const doc = history();
    doc.configurationItems[12]!.configuration = '{"keyId": "abc", ';
    expect(rejectedOne(doc, 'hist.json', importFixture(FORMS.history))).toBe('hist.json: /configurationItems/12/configuration: not valid JSON');
  });

  it('a number no double can hold inside the configuration', () => {
    const doc = history();
    doc.configurationItems[12]!.configuration = '{"keyId": "abc", "validTo": 1e400}';
    expect(rejectedOne(doc, 'hist.json', importFixture(FORMS.history))).toBe(
      'hist.json: /configurationItems/12/configuration/validTo: number out of range: not a finite double (such as 1e400, .inf or .nan)',
    );
  });

  it('a missing resourceType or resourceId', () => {
    const good = importFixture(FORMS.history);
    const doc = history();
    delete doc.configurationItems[3]!.resourceType;
    expect(rejectedOne(doc, 'hist.json', good)).toBe('hist.json: /configurationItems/3/resourceType: missing');
    const doc2 = history();
    doc2.configurationItems[4]!.resourceId = 42;
    expect(rejectedOne(doc2, 'hist.json', good)).toBe('hist.json: /configurationItems/4/resourceId: expected a string, got number 42');
  });

  it('a value of the wrong type inside the configuration', () => {
    const doc = load(FORMS.file) as { configurationItems: Record<string, unknown>[] };
    const i = doc.configurationItems.findIndex((x) => x.resourceType === 'AWS::EC2::Volume');
    (doc.configurationItems[i]!.configuration as Record<string, unknown>).encrypted = 'maybe';
    expect(rejectedOne(doc, 'snap.json', importFixture(FORMS.file))).toBe(`snap.json: /configurationItems/${i}/configuration/encrypted: expected a boolean, got string "maybe"`);
  });

  it('an enum value the model does not know', () => {
    const doc = load(FORMS.file) as { configurationItems: Record<string, unknown>[] };
    const i = doc.configurationItems.findIndex((x) => x.resourceType === 'AWS::KMS::Key');
    (doc.configurationItems[i]!.configuration as Record<string, unknown>).keyUsage = 'MAKE_COFFEE';
    expect(rejectedOne(doc, 'snap.json', importFixture(FORMS.file))).toMatch(new RegExp(`^snap\\.json: /configurationItems/${i} \\(AWS::KMS::Key .*/keyUsage: must be one of`));
  });

  it('an advanced query row that is not JSON, or not an object, among good rows', () => {
    const good = load(FORMS.select) as { Results: unknown[] };
    const snap = importConfigDocument({ Results: ['{"resourceType":', ...good.Results, '[1,2]'] }, 'q.json');
    expect(snap.resources).toHaveLength(importFixture(FORMS.select).resources.length);
    expect(snap.header.rejected).toEqual({
      count: 2,
      items: [
        { file: 'q.json', pointer: '/Results/0', message: '/Results/0: not valid JSON ({"resourceType":)' },
        { file: 'q.json', pointer: `/Results/${good.Results.length + 1}`, message: `/Results/${good.Results.length + 1}: expected a configuration item object, got an array` },
      ],
    });
  });

  it('a document none of whose items can be read is an error, not an empty inventory', () => {
    expect(() => importConfigDocument({ configurationItems: [null] }, 'c.json')).toThrow('c.json: /configurationItems/0: expected a configuration item object, got null (no item of the document could be read)');
    expect(() => importConfigDocument({ Results: ['[1,2]'] }, 'q.json')).toThrow('q.json: /Results/0: expected a configuration item object, got an array');
  });

  it('an unusable document reaches the CLI boundary as an InputError through readSnapshot', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const tmp = await mkdtemp(join(tmpdir(), 'sealcheck-config-'));
    const doc = history();
    doc.configurationItems = doc.configurationItems.slice(12, 13);
    doc.configurationItems[0]!.configuration = 'nope';
    await writeFile(join(tmp, 'h.json'), JSON.stringify(doc));
    await expect(readSnapshot(join(tmp, 'h.json'))).rejects.toMatchObject({ code: 'INPUT', message: expect.stringContaining('/configurationItems/0/configuration: not valid JSON') });
  });
});

describe('AWS Config import: hostile strings stay data', () => {
  it('tag keys cannot reach a prototype, and control characters in messages are neutralized', () => {
    const doc = load(FORMS.file) as { configurationItems: Record<string, unknown>[] };
    const item = structuredClone(doc.configurationItems.find((i) => i.resourceType === 'AWS::DynamoDB::Table')!);
    item.tags = JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": "x"}') as Record<string, unknown>;
    expect(() => importConfigDocument({ configurationItems: [item] }, 'x.json')).toThrow(/\/tags\/__proto__: expected a string/);
    item.tags = JSON.parse('{"__proto__": "yes", "<script>": "alert(1)"}') as Record<string, unknown>;
    const [table] = importConfigDocument({ configurationItems: [item] }, 'x.json').resources;
    expect(Object.getPrototypeOf(table!.tags)).toBe(Object.prototype);
    expect(Object.keys(table!.tags)).toEqual(['__proto__', '<script>']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const bad = structuredClone(item);
    (bad.configuration as Record<string, unknown>).tableStatus = 7;
    bad.resourceType = 'AWS::DynamoDB::Table';
    (bad.configuration as Record<string, unknown>).tableName = { evil: true };
    expect(() => importConfigDocument({ configurationItems: [bad] }, 'x\u001b[31m.json')).toThrow(/expected a string, got an object/);
    const ctl = structuredClone(doc.configurationItems.find((i) => i.resourceType === 'AWS::EC2::Volume')!);
    (ctl.configuration as Record<string, unknown>).volumeType = 5;
    (ctl.configuration as Record<string, unknown>).encrypted = 'yes\u0007\u001b[2J';
    try {
      importConfigDocument({ configurationItems: [ctl] }, 'x.json');
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toMatch(/[\u0000-\u001f]/);
    }
  });
});

describe('AWS Config import: Elasticsearch domains are OpenSearch domains', () => {
  type Item = { resourceType: string; resourceId: string; configurationItemCaptureTime: string; configuration: Record<string, unknown> };
  const fileItems = () => (load(FORMS.file) as { configurationItems: Item[] }).configurationItems;
  const esItem = (items: Item[]) => items.find((i) => i.resourceType === 'AWS::Elasticsearch::Domain')!;
  const domains = (items: Item[]) =>
    importConfigDocument({ configurationItems: items }, 'snap.json').resources.filter((r) => r.arn === 'arn:aws:es:eu-west-1:111122223333:domain/nw-config-es-catalog');

  it('an AWS::Elasticsearch::Domain item becomes an OpenSearch domain, read from its own field names, its gaps naming the Config type', () => {
    const [domain] = domains(fileItems());
    expect(domain!.resourceType).toBe('AWS::OpenSearch::Domain');
    expect(domain!.properties).toMatchObject({ engineVersion: 'Elasticsearch_7.10', encryptionAtRestEnabled: false, tlsSecurityPolicy: 'Policy-Min-TLS-1-0-2019-07', vpcId: 'vpc-0f1e2d3c' });
    expect(domain!.errors).toEqual([expect.objectContaining({ property: 'accessPolicy', operation: 'config:AWS::Elasticsearch::Domain' })]);
  });

  it('a field every DescribeElasticsearchDomain answer carries, absent from the item, is unknown', () => {
    const items = fileItems();
    delete (esItem(items).configuration.domainEndpointOptions as Record<string, unknown>).tlssecurityPolicy;
    const [domain] = domains(items);
    expect(domain!.properties).not.toHaveProperty('tlsSecurityPolicy');
    expect(domain!.errors).toContainEqual(expect.objectContaining({ property: 'tlsSecurityPolicy', code: 'NotRecordedByConfig' }));
  });

  it('one domain recorded under both types is one resource, from the newer item', () => {
    const items = fileItems();
    const es = esItem(items);
    const recorded = { ...es, resourceType: 'AWS::OpenSearch::Domain', configurationItemCaptureTime: '2026-11-19T08:15:00.000Z' };
    recorded.configuration = { DomainName: 'nw-config-es-catalog', EngineVersion: 'Elasticsearch_7.10', EncryptionAtRestOptions: { Enabled: true }, NodeToNodeEncryptionOptions: { Enabled: true }, DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-2019-07' }, AdvancedSecurityOptions: { Enabled: false } };
    const newer = domains([...items, recorded]);
    expect(newer).toHaveLength(1);
    expect(newer[0]!.properties.encryptionAtRestEnabled).toBe(true);
    const older = domains([{ ...recorded, configurationItemCaptureTime: '2026-11-17T08:15:00.000Z' }, ...items]);
    expect(older).toHaveLength(1);
    expect(older[0]!.properties.encryptionAtRestEnabled).toBe(false);
  });
});

describe('AWS Config import: RDS option groups', () => {
  type Item = { resourceType: string; resourceId: string; configuration: Record<string, unknown> };
  const group = (id: string, edit: (c: Record<string, unknown>) => void = () => undefined) => {
    const items = (load(FORMS.file) as { configurationItems: Item[] }).configurationItems;
    edit(items.find((i) => i.resourceType === 'AWS::RDS::OptionGroup' && i.resourceId === id)!.configuration);
    return importConfigDocument({ configurationItems: items }, 'snap.json').resources.find((r) => r.resourceType === 'AWS::RDS::OptionGroup' && r.resourceId === id)!;
  };

  it('reads the SSL option and the native network encryption setting as the live collector does', () => {
    expect(group('nw-oracle-nne').properties).toEqual({ name: 'nw-oracle-nne', engineName: 'oracle-ee', majorEngineVersion: '19', sslOption: false, nativeNetworkEncryptionServer: 'REQUIRED' });
    expect(group('nw-oracle-ssl').properties).toMatchObject({ sslOption: true, nativeNetworkEncryptionServer: null });
  });

  it('native network encryption without SQLNET.ENCRYPTION_SERVER is Oracle\'s default, REQUESTED', () => {
    const og = group('nw-oracle-nne', (c) => ((c.OptionConfigurations as { OptionSettings: unknown[] }[])[0]!.OptionSettings = []));
    expect(og.properties.nativeNetworkEncryptionServer).toBe('REQUESTED');
  });

  it('an item without OptionConfigurations leaves both options unknown, not "none"', () => {
    const og = group('nw-oracle-nne', (c) => delete c.OptionConfigurations);
    expect(og.properties).not.toHaveProperty('sslOption');
    expect(og.properties).not.toHaveProperty('nativeNetworkEncryptionServer');
    expect(errorProperties(og)).toEqual(['nativeNetworkEncryptionServer', 'sslOption']);
  });
});

describe('AWS Config import: ELB v2 load balancers and API Gateway stages', () => {
  type Item = { resourceType: string; resourceId: string; resourceName: string; configuration: Record<string, unknown>; supplementaryConfiguration: Record<string, unknown> };
  const ALB = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/nw-config-alb-web/50dc6c495c0c9188';
  const PROD = 'arn:aws:apigateway:eu-west-1::/restapis/nwcfg7k2q1/stages/prod';
  const imported = (type: string, id: string, edit: (i: Item) => void = () => undefined) => {
    const items = (load(FORMS.file) as { configurationItems: Item[] }).configurationItems;
    const item = items.find((i) => i.resourceType === type && i.resourceId === id)!;
    edit(item);
    const sealcheckId = type === 'AWS::ApiGateway::Stage' ? `nwcfg7k2q1/${item.resourceName}` : item.resourceName;
    return importConfigDocument({ configurationItems: items }, 'snap.json').resources.find((r) => r.resourceType === type && r.resourceId === sealcheckId)!;
  };

  it('a load balancer is named and identified by its name, as the collector has it, with its ARN', () => {
    const lb = imported('AWS::ElasticLoadBalancingV2::LoadBalancer', ALB);
    expect({ id: lb.resourceId, arn: lb.arn }).toEqual({ id: 'nw-config-alb-web', arn: ALB });
  });


  it('the drop-invalid-header attribute is read from LoadBalancerAttributes, and unknown without them', () => {
    const on = imported('AWS::ElasticLoadBalancingV2::LoadBalancer', ALB, (i) => {
      i.supplementaryConfiguration.LoadBalancerAttributes = JSON.stringify([{ key: 'routing.http.drop_invalid_header_fields.enabled', value: 'true' }]);
    });
    expect(on.properties.dropInvalidHeaderFields).toBe(true);
    const none = imported('AWS::ElasticLoadBalancingV2::LoadBalancer', ALB, (i) => delete i.supplementaryConfiguration.LoadBalancerAttributes);
    expect(none.properties).not.toHaveProperty('dropInvalidHeaderFields');
    expect(none.errors).toContainEqual(expect.objectContaining({ property: 'dropInvalidHeaderFields', code: 'NotRecordedByConfig' }));
  });

  it('a stage is identified as <api id>/<stage> from its ARN, as the collector has it, whatever resource id Config gives', () => {
    const stage = imported('AWS::ApiGateway::Stage', PROD, (i) => (i.resourceId = 'prod-stage-id'));
    expect({ id: stage.resourceId, arn: stage.arn, api: stage.properties.restApiId }).toEqual({ id: 'nwcfg7k2q1/prod', arn: PROD, api: 'nwcfg7k2q1' });
  });

  it('method settings keyed resource/method become the list; without them, and without cacheClusterEnabled, both stay unknown', () => {
    const stage = imported('AWS::ApiGateway::Stage', PROD, (i) => {
      i.configuration.methodSettings = { '*/*': { cachingEnabled: true, cacheDataEncrypted: true }, '~1orders.json/GET': { cachingEnabled: false } };
    });
    expect(stage.properties.methodSettings).toEqual([
      { method: '*/*', cachingEnabled: true, cacheDataEncrypted: true },
      { method: '~1orders.json/GET', cachingEnabled: false, cacheDataEncrypted: false },
    ]);
    const bare = imported('AWS::ApiGateway::Stage', PROD, (i) => {
      delete i.configuration.methodSettings;
      delete i.configuration.cacheClusterEnabled;
    });
    expect(bare.properties).not.toHaveProperty('methodSettings');
    expect(bare.properties).not.toHaveProperty('cacheClusterEnabled');
    expect(errorProperties(bare)).toEqual(['cacheClusterEnabled', 'methodSettings', 'restApiName']);
  });

  it('method settings of the wrong shape are rejected with the pointer', () => {
    const items = (load(FORMS.file) as { configurationItems: Item[] }).configurationItems;
    const k = items.findIndex((i) => i.resourceId === PROD);
    items[k]!.configuration.methodSettings = { '*/*': { cacheDataEncrypted: 'yes' } };
    const s = importConfigDocument({ configurationItems: items }, 'snap.json');
    expect(s.resources.some((r) => r.arn === PROD)).toBe(false);
    expect(JSON.stringify(s.header)).toContain(`/configurationItems/${k}/configuration/methodSettings/*~1*/cacheDataEncrypted`);
  });
});

describe('AWS Config import: ELB v2 listener items joined to their load balancers', () => {
  type Item = { resourceType: string; resourceId: string; configurationItemStatus: string; configuration: Record<string, unknown> };
  const ALB = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/nw-config-alb-web/50dc6c495c0c9188';
  const NLB = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/nw-config-nlb-ingest/73e2d6bc24d8a067';
  const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
  const fileItems = () => (load(FORMS.file) as { configurationItems: Item[] }).configurationItems;
  const isListener = (i: Item) => i.resourceType === LISTENER;
  const balancer = (s: Snapshot, arn: string) => s.resources.find((r) => r.arn === arn)!;
  const fromFile = (items: Item[], options: ImportOptions = {}) => importConfigDocument({ fileVersion: '1.0', configurationItems: items }, 'snap.json', options);

  it('a listener item before or after its load balancer joins it, in port order, with only its default certificate', () => {
    const items = fileItems();
    // The fixture has the ALB's listeners before it and the NLB's after it.
    const albAt = items.findIndex((i) => i.resourceId === ALB);
    expect(items.slice(0, albAt).filter(isListener)).toHaveLength(2);
    expect(items.slice(albAt).filter(isListener)).toHaveLength(1);
    const alb = balancer(fromFile(items), ALB);
    expect(alb.properties.listeners).toEqual([
      expect.objectContaining({ protocol: 'HTTP', port: 80, sslPolicy: null, certificates: [], defaultActions: [{ type: 'forward', redirectProtocol: null }] }),
      expect.objectContaining({
        protocol: 'HTTPS',
        port: 443,
        sslPolicy: 'ELBSecurityPolicy-2016-08',
        certificates: [{ certificateArn: 'arn:aws:acm:eu-west-1:111122223333:certificate/9d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6' }],
      }),
    ]);
    expect(errorProperties(alb)).not.toContain('listeners');
  });

  it('a redirect default action keeps the protocol it redirects to', () => {
    const items = fileItems();
    const http = items.find((i) => isListener(i) && i.configuration.Protocol === 'HTTP')!;
    http.configuration.DefaultActions = [{ Type: 'redirect', Order: 1, RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }];
    const [first] = balancer(fromFile(items), ALB).properties.listeners as Record<string, unknown>[];
    expect(first!.defaultActions).toEqual([{ type: 'redirect', redirectProtocol: 'HTTPS' }]);
  });

  it('a load balancer without listener items has none where Config records listeners, and unknown ones where it does not', () => {
    const items = fileItems().filter((i) => !(isListener(i) && i.configuration.LoadBalancerArn === NLB));
    expect(balancer(fromFile(items), NLB).properties.listeners).toEqual([]);
    const none = balancer(fromFile(items.filter((i) => !isListener(i))), NLB);
    expect(none.properties).not.toHaveProperty('listeners');
    expect(none.errors).toContainEqual(expect.objectContaining({ property: 'listeners', code: 'NotRecordedByConfig', message: expect.stringContaining('may not record listeners') }));
    // Listener items that are not recorded say the recorder leaves the type out.
    const unrecorded = items.map((i) => (isListener(i) ? { ...i, configurationItemStatus: 'ResourceNotRecorded' } : i));
    expect(balancer(fromFile(unrecorded), NLB).properties).not.toHaveProperty('listeners');
  });

  it('API items are read key by key: a load balancer without its listener items keeps them unknown', () => {
    const history = (load(FORMS.history) as { configurationItems: Item[] }).configurationItems;
    const lb = balancer(importConfigDocument({ configurationItems: history.filter((i) => !(isListener(i) && JSON.stringify(i.configuration).includes(NLB))) }, 'h.json'), NLB);
    expect(lb.properties).not.toHaveProperty('listeners');
    expect(lb.errors).toContainEqual(expect.objectContaining({ property: 'listeners', message: expect.stringContaining('not the whole inventory') }));
  });

  it('a partial document (an advanced query with a failed page) leaves a load balancer without listener items unknown', () => {
    const items = fileItems().filter((i) => !(isListener(i) && i.configuration.LoadBalancerArn === NLB));
    expect(balancer(fromFile(items, { partial: true }), NLB).properties).not.toHaveProperty('listeners');
    expect(balancer(fromFile(items, { partial: true }), ALB).properties.listeners).toHaveLength(2);
  });

  it('a listener whose load balancer has no item is left out with a gap in the header, not counted as unsupported', () => {
    const snap = fromFile(fileItems().filter((i) => i.resourceId !== ALB));
    expect(snap.header.errors).toContainEqual(expect.objectContaining({ service: 'elbv2', operation: `config:${LISTENER}`, code: 'LoadBalancerNotInData', message: expect.stringMatching(/^2 listener items name load balancers/) }));
    expect(snap.header.unsupported).toEqual({ 'AWS::EC2::Instance': 1 });
    expect(JSON.stringify(snap.resources)).not.toContain('listener/app/nw-config-alb-web');
  });

  it('a malformed listener item is rejected, and its load balancer\'s listeners become unknown rather than the rest', () => {
    const items = fileItems();
    const k = items.findIndex((i) => isListener(i) && i.configuration.Protocol === 'HTTP');
    delete items[k]!.configuration.Protocol;
    const snap = fromFile(items);
    expect(snap.header.rejected?.items).toEqual([expect.objectContaining({ pointer: `/configurationItems/${k}`, message: `/configurationItems/${k}/configuration/Protocol: missing (every ${LISTENER} has it)` })]);
    const alb = balancer(snap, ALB);
    expect(alb.properties).not.toHaveProperty('listeners');
    expect(alb.errors).toContainEqual(expect.objectContaining({ property: 'listeners', message: expect.stringContaining('could not be read') }));
    expect(balancer(snap, NLB).properties.listeners).toHaveLength(1);
  });

  it('an HTTPS or TLS listener item without certificates is malformed', () => {
    const items = fileItems();
    delete items.find((i) => isListener(i) && i.configuration.Protocol === 'TLS')!.configuration.Certificates;
    const snap = fromFile(items);
    expect(snap.header.rejected?.count).toBe(1);
    expect(balancer(snap, NLB).properties).not.toHaveProperty('listeners');
  });

  it('a deleted listener is counted as deleted and not joined; the newest item of a listener wins', () => {
    const items = fileItems();
    const https = items.find((i) => isListener(i) && i.configuration.Protocol === 'HTTPS')!;
    const deleted = { ...https, configurationItemStatus: 'ResourceDeleted', configurationItemCaptureTime: '2026-11-19T08:15:00.000Z', configuration: {} };
    const snap = fromFile([...items, deleted]);
    expect(snap.header.skipped).toMatchObject({ ResourceDeleted: 2, SupersededByNewerItem: 2 });
    expect((balancer(snap, ALB).properties.listeners as unknown[]).map((l) => (l as { protocol: string }).protocol)).toEqual(['HTTP']);
  });
});

describe('AWS Config import: launch templates, Spot Fleet requests and S3 access points', () => {
  type Item = { resourceType: string; resourceId: string; configuration: Record<string, unknown> };
  const one = (type: string, id: string, edit: (c: Record<string, unknown>) => void = () => undefined) => {
    const items = (load(FORMS.file) as { configurationItems: Item[] }).configurationItems;
    const item = items.find((i) => i.resourceType === type && i.resourceId === id)!;
    edit(item.configuration);
    return importConfigDocument({ configurationItems: [item] }, 'snap.json').resources[0]!;
  };
  const LT = 'AWS::EC2::LaunchTemplate';

  it("a launch template's volumes are its default version's when that is the latest version, the only case the item says whose data it holds", () => {
    const worker = one(LT, 'lt-0c0f1a2b3c4d5e6f7');
    expect(worker.properties.defaultVersion).toEqual({
      versionNumber: 2,
      ebsVolumes: [
        { deviceName: '/dev/xvda', encrypted: true, kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/1f0e2d3c-4b5a-4968-8776-a5b4c3d2e1f0', snapshotId: null },
        { deviceName: '/dev/xvdb', encrypted: true, kmsKeyId: null, snapshotId: 'snap-0a1b2c3d4e5f60718' },
      ],
    });
    const bastion = one(LT, 'lt-0c0f2b3c4d5e6f708');
    expect(bastion.properties).toEqual({ launchTemplateName: 'nw-config-bastion', defaultVersionNumber: 1, latestVersionNumber: 3 });
    expect(bastion.errors).toContainEqual(expect.objectContaining({ property: 'defaultVersion', code: 'NotRecordedByConfig', message: expect.stringContaining('not the latest') }));
    const current = one(LT, 'lt-0c0f2b3c4d5e6f708', (c) => (c.LatestVersionNumber = '1'));
    expect(current.properties.defaultVersion).toEqual({ versionNumber: 1, ebsVolumes: [{ deviceName: '/dev/xvda', encrypted: false, kmsKeyId: null, snapshotId: null }] });
  });

  it('a launch template item without LaunchTemplateData or version numbers leaves the volumes unknown', () => {
    for (const edit of [(c: Record<string, unknown>) => delete c.LaunchTemplateData, (c: Record<string, unknown>) => delete c.DefaultVersionNumber]) {
      const t = one(LT, 'lt-0c0f1a2b3c4d5e6f7', edit);
      expect(t.properties).not.toHaveProperty('defaultVersion');
      expect(errorProperties(t)).toContain('defaultVersion');
    }
  });

  it("a Spot Fleet request's volumes come from every launch specification; its state is not recorded", () => {
    const fleet = one('AWS::EC2::SpotFleet', 'sfr-0c0f3c4d-5e6f-4a70-8b81-92a3b4c5d6e7');
    expect((fleet.properties.ebsVolumes as { encrypted: unknown }[]).map((v) => v.encrypted)).toEqual([true, null]);
    expect(fleet.properties.launchTemplates).toEqual([]);
    expect(errorProperties(fleet)).toEqual(['state']);
    const bare = one('AWS::EC2::SpotFleet', 'sfr-0c0f3c4d-5e6f-4a70-8b81-92a3b4c5d6e7', (c) => delete c.SpotFleetRequestConfigData);
    expect(bare.properties).toEqual({});
    expect(errorProperties(bare)).toEqual(['ebsVolumes', 'launchTemplates', 'state']);
  });

  it('an access point is named by its name, its policy never invented, its Block Public Access settings all four or unknown', () => {
    const ap = one('AWS::S3::AccessPoint', 'nw-config-ledger-vpc');
    expect({ id: ap.resourceId, name: ap.name, arn: ap.arn }).toEqual({ id: 'nw-config-ledger-vpc', name: 'nw-config-ledger-vpc', arn: 'arn:aws:s3:eu-west-1:111122223333:accesspoint/nw-config-ledger-vpc' });
    expect(ap.properties).not.toHaveProperty('policy');
    expect(errorProperties(ap)).toEqual(['creationDate', 'policy', 'policyStatus']);
    const partial = one('AWS::S3::AccessPoint', 'nw-config-ledger-vpc', (c) => delete (c.PublicAccessBlockConfiguration as Record<string, unknown>).RestrictPublicBuckets);
    expect(partial.properties).not.toHaveProperty('publicAccessBlock');
    expect(errorProperties(partial)).toContain('publicAccessBlock');
  });

  it("a VPC access point without its VPC id leaves the VPC unknown; an internet one has none", () => {
    const vpc = one('AWS::S3::AccessPoint', 'nw-config-ledger-vpc', (c) => delete c.VpcConfiguration);
    expect(vpc.properties).not.toHaveProperty('vpcId');
    expect(errorProperties(vpc)).toContain('vpcId');
    expect(one('AWS::S3::AccessPoint', 'nw-config-partner-ap').properties.vpcId).toBeNull();
  });
});

describe('AWS Config import: type table', () => {
  it('maps only modelled types, and every modelled type is either mapped or declared not recorded by Config', () => {
    const types = resourceSchemas().types;
    for (const t of Object.keys(CONFIG_MAPPERS)) expect(types).toContain(modelTypeOf(t));
    for (const t of types) expect(t in CONFIG_MAPPERS || t in NOT_CONFIG_TYPES, t).toBe(true);
  });

  it('recognizes the three document forms, and nothing else', () => {
    for (const file of Object.values(FORMS)) expect(isConfigDocument(load(file))).toBe(true);
    expect(isConfigDocument({ format: 'sealcheck-snapshot' })).toBe(false);
    expect(isConfigDocument({ configurationItems: 'x' })).toBe(false);
    expect(isConfigDocument(null)).toBe(false);
  });
});
