import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectInventory } from '../../src/collect/collect.js';
import type { Snapshot } from '../../src/inventory/resource.js';
import { startFakeAws, type FakeAws } from './fake-aws/server.js';
import { emptyAccount } from './fake-aws/state.js';
import { byId, expectValid, FIXTURES } from './helpers.js';

const CLUSTER = 'AWS::CloudHSM::Cluster';

/** Recorded items with their `...Timestamp` fields as the epoch seconds the JSON 1.1 wire sends. */
function recorded<T>(name: string, member: string): T[] {
  const items = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'))[member] as Record<string, unknown>[];
  return items.map((i) => Object.fromEntries(Object.entries(i).map(([k, v]) => [k, k.endsWith('Timestamp') ? Date.parse(String(v)) / 1000 : v]))) as T[];
}

let server: FakeAws;
let snapshot: Snapshot;

beforeAll(async () => {
  type Cluster = Record<string, unknown> & { ClusterId: string };
  server = await startFakeAws({
    account: {
      ...emptyAccount(),
      cloudHsm: {
        clusters: [...recorded<Cluster>('cloudhsmv2.DescribeClusters_1', 'Clusters'), ...recorded<Cluster>('cloudhsmv2.DescribeClusters_2', 'Clusters')],
        backups: recorded('cloudhsmv2.DescribeBackups', 'Backups'),
      },
    },
    // The older SDK core under this client must page, retry a throttled call under sealcheck's retry settings, and sign.
    faults: { pageSize: { 'cloudhsm:DescribeClusters': 1 }, throttle: { 'cloudhsm:DescribeClusters': { times: 1 } } },
  });
  snapshot = await collectInventory({
    endpoint: server.url,
    regions: ['eu-west-1'],
    services: ['cloudhsmv2'],
    homeRegion: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    client: { maxAttempts: 2, requestTimeoutMs: 5_000, retryDelayMs: () => 5 },
  });
}, 60_000);

afterAll(async () => server.close());

describe('CloudHSM v2 over the wire (JSON 1.1) with the 3.332 SDK client', () => {
  it('pages the clusters after a throttled first call and reads the backups, with no error', () => {
    expect(snapshot.header.errors).toEqual([]);
    expectValid(snapshot.resources);
    expect(server.calls('cloudhsm:DescribeClusters')).toEqual({ total: 3, faulted: 1 });
    expect(byId(snapshot.resources, CLUSTER, 'cluster-payments1a2').properties).toMatchObject({ state: 'ACTIVE', activeHsmAvailabilityZones: 2 });
    expect(byId(snapshot.resources, CLUSTER, 'cluster-ledger3c4d5').properties).toMatchObject({ state: 'DEGRADED', activeHsmAvailabilityZones: 1 });
    expect(byId(snapshot.resources, 'AWS::CloudHSM::Backup', 'backup-copied7k8m9n').properties).toMatchObject({ sourceRegion: 'eu-central-1', copyTimestamp: '2026-04-30T03:10:00.000Z' });
  });
});
