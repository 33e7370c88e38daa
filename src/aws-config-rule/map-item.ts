import { InputError } from '../errors.js';
import { importConfigDocument } from '../inventory/config-import.js';
import type { Resource } from '../inventory/resource.js';

/** What one configuration item became: a resource, or why it has none. */
export type ItemOutcome =
  | { kind: 'resource'; resource: Resource }
  | { kind: 'gone'; status: string }
  | { kind: 'unsupported' }
  | { kind: 'unreadable'; reason: string };

/** The form an item came in: an invocation event's item is in the file form; the API's are `baseConfigurationItems` or `configurationItems`. */
export type ItemForm = 'configurationItems' | 'baseConfigurationItems';

/**
 * Maps one configuration item with the AWS Config importer, alone, so that each item's outcome is its own:
 * a malformed item is unreadable (with the importer's reason), a deleted one is gone.
 */
export function mapItem(item: unknown, form: ItemForm, label: string): ItemOutcome {
  let snapshot;
  try {
    // One item is not the inventory: what it does not hold (a load balancer's listener items) is unknown.
    snapshot = importConfigDocument({ [form]: [item] }, label, { partial: true });
  } catch (error) {
    if (error instanceof InputError) return { kind: 'unreadable', reason: error.message };
    throw error;
  }
  const resource = snapshot.resources[0];
  if (resource) return { kind: 'resource', resource };
  const rejected = snapshot.header.rejected?.items[0];
  if (rejected) return { kind: 'unreadable', reason: `${rejected.pointer}: ${rejected.message}` };
  const status = Object.keys(snapshot.header.skipped ?? {})[0];
  if (status) return { kind: 'gone', status };
  return { kind: 'unsupported' };
}
