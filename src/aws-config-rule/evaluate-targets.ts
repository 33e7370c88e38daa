import type { CompiledRule } from '../engine/compile-rule.js';
import { Evaluator } from '../engine/evaluate.js';
import type { Result } from '../engine/result.js';
import type { Resource } from '../inventory/resource.js';
import type { ConfigKey, ConfigReads } from './config-reads.js';
import { mapItem } from './map-item.js';
import { RecordingIndex, type Lookup } from './related.js';

/** Rounds of fetching what rules refer to: a key named by an alias takes two (the alias, then its key). */
const MAX_ROUNDS = 3;

/** Where Config is read: related resources outside this account and region are not fetched. */
export interface ReadScope {
  account: string | undefined;
  region: string | undefined;
  /** Says why a read of related resources failed; the resources stay missing, so rules that need them say UNKNOWN. */
  warn: (line: string) => void;
}

const idOf = (item: unknown): string | undefined =>
  typeof item === 'object' && item !== null && typeof (item as { resourceId?: unknown }).resourceId === 'string' ? (item as { resourceId: string }).resourceId : undefined;

/** Reads the resources of some lookups from Config and maps them; a failed read leaves them out. */
async function fetchRelated(lookups: readonly Lookup[], reads: ConfigReads, scope: ReadScope): Promise<Resource[]> {
  const keys: ConfigKey[] = [];
  const byId = lookups.flatMap((l) => (l.by === 'id' ? [l.key] : []));
  const attempt = async <T>(what: string, read: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await read();
    } catch (error) {
      scope.warn(`could not read ${what} from AWS Config: ${error instanceof Error ? error.name : 'error'}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
  const items: unknown[] = (await attempt('related resources', () => reads.items(byId))) ?? [];
  const returned = new Set(items.map(idOf));
  // An id worked out from an ARN may not be the id Config uses: the name finds it.
  const names = [
    ...byId.filter((k) => !returned.has(k.resourceId)).map((k) => ({ resourceType: k.resourceType, name: k.resourceId })),
    ...lookups.flatMap((l) => (l.by === 'name' ? [{ resourceType: l.resourceType, name: l.name }] : [])),
  ];
  for (const n of names) keys.push(...((await attempt(`${n.resourceType} "${n.name}"`, () => reads.discovered(n.resourceType, n.name))) ?? []));
  for (const l of lookups) if (l.by === 'type') keys.push(...((await attempt(`${l.resourceType} resources`, () => reads.discovered(l.resourceType))) ?? []));
  if (keys.length > 0) items.push(...((await attempt('related resources', () => reads.items(keys))) ?? []));
  return items.flatMap((item) => {
    const outcome = mapItem(item, 'baseConfigurationItems', 'AWS Config BatchGetResourceConfig');
    return outcome.kind === 'resource' ? [outcome.resource] : [];
  });
}

/**
 * Evaluates rules on resources, fetching from AWS Config the resources their rules refer to and
 * evaluating again, until nothing new is missing. Returns each resource's results, in order.
 */
export async function evaluateTargets(resources: readonly Resource[], rules: readonly CompiledRule[], now: number, reads: ConfigReads, scope: ReadScope): Promise<Result[][]> {
  const index = new RecordingIndex();
  for (const r of resources) index.add(r);
  const evaluator = new Evaluator(rules, index, now);
  const asked = new Set<string>();
  for (let round = 0; ; round++) {
    const results = resources.map((r) => {
      const out: Result[] = [];
      evaluator.evaluate(r, (x) => out.push(x));
      return out;
    });
    const lookups = index.takeLookups(scope.account, scope.region).filter((l) => !asked.has(JSON.stringify(l)));
    if (lookups.length === 0 || round === MAX_ROUNDS) return results;
    for (const l of lookups) asked.add(JSON.stringify(l));
    for (const r of await fetchRelated(lookups, reads, scope)) index.add(r);
  }
}
