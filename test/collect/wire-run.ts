import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectInventory } from '../../src/collect/collect.js';
import type { ServiceName } from '../../src/collect/services.js';
import { loadRules } from '../../src/engine/load-rules.js';
import { scanInventory } from '../../src/engine/scan.js';
import type { ScanResults, Status } from '../../src/engine/result.js';
import type { ScopedCollectionError, Snapshot } from '../../src/inventory/resource.js';
import type { Faults } from './fake-aws/faults.js';
import { REGION, startFakeAws, type FakeAws } from './fake-aws/server.js';
import type { AccountState } from './fake-aws/state.js';
import { FIXTURES } from './helpers.js';

/** One collection over HTTP against the fake AWS, scanned with the real rules. */
export interface WireRun {
  snapshot: Snapshot;
  /** The fake, closed: its request log stays readable. */
  fake: FakeAws;
  /** The verdict of a rule on a resource, by resource id; undefined when the rule gave none. */
  verdict: (ruleId: string, resourceId: string) => Status | undefined;
  /** Every verdict of a rule, by resource id: a resource the rule did not judge is absent. */
  verdicts: (ruleId: string) => Record<string, Status>;
  collectionErrors: ScanResults['run']['collectionErrors'];
}

const rules = loadRules();

/**
 * Collects `services` from `account` with the real SDK clients, the fake
 * answering with `faults`, then scans the snapshot, so a test sees both what
 * was read off the wire and what the rules make of it.
 */
export async function collectOverWire(account: AccountState, services: ServiceName[], faults: Faults = {}): Promise<WireRun> {
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
    const verdicts = (ruleId: string) => Object.fromEntries(scan.results.filter((r) => r.ruleId === ruleId).map((r) => [r.resourceId, r.status]));
    return { snapshot, fake, verdict, verdicts, collectionErrors: scan.run.collectionErrors };
  } finally {
    await fake.close();
  }
}

/** The ids of the snapshot's resources of one type, sorted. */
export const idsOfType = (s: Snapshot, type: string): string[] =>
  s.resources
    .filter((r) => r.resourceType === type)
    .map((r) => r.resourceId)
    .sort();

/** Collection errors as `<resource ARN, or "scope"> <property> <operation> <code>` lines, sorted: which reads failed, and what they leave unknown. */
export const errorLines = (errors: readonly ScopedCollectionError[]): string[] =>
  errors.map((e) => `${e.resourceArn ?? 'scope'} ${e.property ?? '-'} ${e.operation} ${e.code}`).sort();

/** The requests the fake had no handler for, as `service:Operation`: a collector call the fake does not serve. */
export const unhandled = (fake: FakeAws): string[] => fake.requests.filter((r) => !r.handled).map((r) => `${r.service}:${r.operation}`);

/** A recorded response, `fixtures/aws/<name>.json`, as stored: timestamps stay ISO text for the fake to put on the wire. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function recorded(name: string): any {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'));
}
