import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectInventory } from '../../src/collect/collect.js';
import type { Snapshot } from '../../src/inventory/resource.js';
import { startFakeAws, type FakeAws } from './fake-aws/server.js';
import { emptyAccount } from './fake-aws/state.js';
import { byId, expectValid, FIXTURES } from './helpers.js';

const APP = 'AWS::KinesisAnalyticsV2::Application';

/** A recorded DescribeApplication detail, without the timestamps the JSON 1.1 wire sends as epoch seconds. */
function detail(n: number) {
  const d = JSON.parse(readFileSync(join(FIXTURES, `kinesisanalyticsv2.DescribeApplication_${n}.json`), 'utf8')).ApplicationDetail;
  delete d.CreateTimestamp;
  delete d.LastUpdateTimestamp;
  return d;
}

let server: FakeAws;
let snapshot: Snapshot;

beforeAll(async () => {
  server = await startFakeAws({
    account: { ...emptyAccount(), analyticsApplications: [{ detail: detail(1), tags: { team: 'streaming' } }, { detail: detail(2), tags: {} }] },
  });
  snapshot = await collectInventory({
    endpoint: server.url,
    regions: ['eu-west-1'],
    services: ['kinesisanalyticsv2'],
    homeRegion: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    client: { maxAttempts: 2, requestTimeoutMs: 5_000, retryDelayMs: () => 5 },
  });
}, 60_000);

afterAll(async () => server.close());

describe('Kinesis Data Analytics v2 over the wire (JSON 1.1) with the real SDK client', () => {
  it('lists, describes and reads the tags of each application, with no error', () => {
    expect(snapshot.header.errors).toEqual([]);
    expectValid(snapshot.resources);
    expect(server.calls('kinesisanalytics:DescribeApplication')).toEqual({ total: 2, faulted: 0 });
    const flink = byId(snapshot.resources, APP, 'clickstream-flink');
    expect(flink.tags).toEqual({ team: 'streaming' });
    expect(flink.properties).toMatchObject({ runtimeEnvironment: 'FLINK-1_20', snapshotsEnabled: true, encryption: { keyType: 'CUSTOMER_MANAGED_KEY' } });
    expect(byId(snapshot.resources, APP, 'orders-sql').properties).toMatchObject({ sourceStreamArns: ['arn:aws:kinesis:eu-west-1:123456789012:stream/orders'], encryption: null });
  });
});
