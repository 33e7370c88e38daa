/**
 * Who can read and who can decrypt each data store, as the access rules found
 * it, kept for the HTML report. Bounded for big estates: per store the counts
 * and the first chains only, and at most {@link MAX_STORES} stores (those with
 * the most principals first).
 */

/** Chains kept per list of one store. */
export const MAX_CHAINS = 5;
/** Stores kept; the rest are counted. */
export const MAX_STORES = 200;

/** One list (readers or decrypters) of a store: how many, and the first chains. */
export interface AccessList {
  readonly count: number;
  /** How many of them are outside the store's account (other accounts, federated identities, everyone). */
  readonly external: number;
  readonly chains: readonly string[];
}

/** What the report shows of one store. */
export interface StoreAccess {
  readonly arn: string;
  readonly resourceType: string;
  readonly name: string;
  readonly readers: AccessList;
  readonly decrypters: AccessList;
  /** Why the lists may miss principals, when they may. */
  readonly incomplete?: string;
}

const weight = (s: StoreAccess) => s.readers.count + s.decrypters.count;

/** Collects {@link StoreAccess} entries during a scan. */
export class AccessLedger {
  private readonly stores = new Map<string, StoreAccess>();
  private dropped = new Set<string>();

  record(entry: StoreAccess): void {
    // A scan that starts over records a store again: the later entry stands.
    this.stores.set(entry.arn, entry);
    if (this.stores.size <= MAX_STORES) return;
    let least: StoreAccess | undefined;
    for (const s of this.stores.values()) if (!least || weight(s) < weight(least)) least = s;
    if (least) {
      this.stores.delete(least.arn);
      this.dropped.add(least.arn);
    }
  }

  /** The kept stores, most principals first, and how many stores were left out. */
  view(): { stores: StoreAccess[]; omitted: number } {
    const stores = [...this.stores.values()].sort((a, b) => weight(b) - weight(a) || a.arn.localeCompare(b.arn));
    for (const s of stores) this.dropped.delete(s.arn);
    return { stores, omitted: this.dropped.size };
  }
}
