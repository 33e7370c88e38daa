import { readdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryStore, SpoolStore, type ResourceStore } from '../../src/inventory/config-store.js';
import { importConfigStream } from '../../src/inventory/config-stream.js';
import type { Resource } from '../../src/inventory/resource.js';

const parent = mkdtempSync(join(tmpdir(), 'sealcheck-config-store-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

const queue = (n: number): Resource => ({
  resourceType: 'AWS::SQS::Queue',
  resourceId: `q${n}`,
  arn: `arn:aws:sqs:eu-west-1:111122223333:q${n}`,
  accountId: '111122223333',
  region: 'eu-west-1',
  tags: { line: 'a\nb "quoted"' },
  properties: { n },
});

async function all(store: ResourceStore, part: 0 | 1, keep: (line: number) => boolean): Promise<Resource[]> {
  const out: Resource[] = [];
  for await (const r of store.read(part, keep)) out.push(r);
  return out;
}

describe('the stores an AWS Config import keeps its resources in', () => {
  for (const make of [() => new MemoryStore(), () => new SpoolStore(parent)]) {
    it(`${make().constructor.name}: numbers lines per part and reads back the lines kept, in order, as often as asked`, async () => {
      const store = make();
      expect([store.put(1, queue(0)), store.put(0, queue(1)), store.put(1, queue(2)), store.put(1, queue(3))]).toEqual([0, 0, 1, 2]);
      store.drop(1, 1);
      await store.seal();
      const odd = (line: number) => line !== 1;
      expect((await all(store, 1, odd)).map((r) => r.properties.n)).toEqual([0, 3]);
      expect(await all(store, 1, odd)).toEqual([queue(0), queue(3)]);
      expect(await all(store, 0, () => true)).toEqual([queue(1)]);
      expect(await all(store, 0, () => false)).toEqual([]);
    });
  }

  it('the spool lives in a private folder that dispose removes', async () => {
    const store = new SpoolStore(parent);
    store.put(0, queue(1));
    await store.seal();
    const dirs = readdirSync(parent).filter((d) => d.startsWith('sealcheck-config-'));
    expect(dirs.length).toBeGreaterThan(0);
    store.dispose();
    expect(readdirSync(parent).filter((d) => d.startsWith('sealcheck-config-')).length).toBe(dirs.length - 1);
  });

  it('a spool is not read while it is still written', async () => {
    const store = new SpoolStore(parent);
    store.put(0, queue(1));
    await expect(all(store, 0, () => true)).rejects.toThrow(/still being written/);
    await store.seal();
    store.dispose();
  });

  it('an import gives the same header and resources whichever store holds them, newest item winning', async () => {
    const item = (id: string, at: string, status = 'OK') => ({
      configurationItemCaptureTime: at,
      configurationItemStatus: status,
      resourceType: 'AWS::SQS::Queue',
      resourceId: `https://sqs.eu-west-1.amazonaws.com/111122223333/${id}`,
      resourceName: id,
      ARN: `arn:aws:sqs:eu-west-1:111122223333:${id}`,
      awsRegion: 'eu-west-1',
      awsAccountId: '111122223333',
      tags: {},
      configuration: { QueueUrl: id, KmsMasterKeyId: at.startsWith('2026-11-21') ? 'alias/new' : 'alias/old' },
      supplementaryConfiguration: {},
    });
    const doc = JSON.stringify({
      fileVersion: '1.0',
      configurationItems: [item('a', '2026-11-20T00:00:00.000Z'), item('b', '2026-11-20T00:00:00.000Z'), item('a', '2026-11-21T00:00:00.000Z'), item('c', '2026-11-19T00:00:00.000Z', 'ResourceDeleted'), item('b', '2026-11-19T00:00:00.000Z')],
    });
    const read = async (store: ResourceStore) => {
      const imported = await importConfigStream(Readable.from([Buffer.from(doc)]), 'snap.json', store);
      const resources: Resource[] = [];
      for await (const r of imported.resources()) resources.push(r);
      return { header: imported.header, resources };
    };
    const own = mkdtempSync(join(parent, 'own-'));
    const spool = new SpoolStore(own);
    const [inMemory, spooled] = [await read(new MemoryStore()), await read(spool)];
    expect(spooled).toEqual(inMemory);
    expect(spooled.header.skipped).toEqual({ SupersededByNewerItem: 2, ResourceDeleted: 1 });
    const byName = Object.fromEntries(spooled.resources.map((r) => [r.name, r.properties.kmsMasterKeyId]));
    expect(byName).toEqual({ a: 'alias/new', b: 'alias/old' });
    expect(readdirSync(own)).toHaveLength(1);
    spool.dispose();
    expect(readdirSync(own)).toEqual([]);
  });
});
