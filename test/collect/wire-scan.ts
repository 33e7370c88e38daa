import { collectInventory } from '../../src/collect/collect.js';
import type { ServiceName } from '../../src/collect/services.js';
import { loadRules } from '../../src/engine/load-rules.js';
import type { ScanResults, Status } from '../../src/engine/result.js';
import { scanInventory } from '../../src/engine/scan.js';
import type { Snapshot } from '../../src/inventory/resource.js';
import type { Faults } from './fake-aws/faults.js';
import { REGION, startFakeAws, type FakeAws } from './fake-aws/server.js';
import type { AccountState } from './fake-aws/state.js';

/** A collection through the fake AWS and the bundled rules' verdicts on it. */
export interface WireRun {
  snapshot: Snapshot;
  fake: FakeAws;
  verdict: (ruleId: string, resourceId: string) => Status | undefined;
  collectionErrors: ScanResults['run']['collectionErrors'];
}

const rules = loadRules();

/**
 * Collects `services` of `account` from the fake AWS over HTTP with the real SDK
 * clients, `faults` applied, then scans the snapshot with the bundled rules.
 */
export async function collectAndScan(account: AccountState, services: ServiceName[], faults: Faults): Promise<WireRun> {
  const fake = await startFakeAws({ account, faults });
  try {
    const snapshot = await collectInventory({
      endpoint: fake.url,
      regions: [REGION],
      services,
      homeRegion: REGION,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      // The SDK's own back-off would wait seconds per throttled answer; the retries are the same with a short one.
      client: { maxAttempts: 4, requestTimeoutMs: 5_000, retryDelayMs: () => 5 },
    });
    const resources = (async function* () {
      yield* snapshot.resources;
    })();
    const scan = await scanInventory({ header: snapshot.header, resources, unsupported: {} }, { rules });
    const verdict = (ruleId: string, resourceId: string) => scan.results.find((r) => r.ruleId === ruleId && r.resourceId === resourceId)?.status;
    return { snapshot, fake, verdict, collectionErrors: scan.run.collectionErrors };
  } finally {
    await fake.close();
  }
}

/** The ids of the snapshot's resources of `type`, sorted. */
export const ofType = (s: Snapshot, type: string): string[] => s.resources.filter((r) => r.resourceType === type).map((r) => r.resourceId).sort();
