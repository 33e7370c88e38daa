import type { Resource } from '../inventory/resource.js';
import { recordOn } from './context.js';

/**
 * Properties read from fields that every valid answer carries (per the
 * service's API reference). A field that is missing from a successful answer
 * makes the answer odd, not the value empty: the property is removed and an
 * `IncompleteResponse` error recorded on the resource, so rules say UNKNOWN.
 * Fields the reference documents as omitted when unset are read as null by
 * the caller instead, and are not listed here.
 */
export function requireFields(resource: Resource, operation: string, fields: Record<string, unknown>): void {
  for (const [property, value] of Object.entries(fields)) {
    if (value !== undefined && value !== null) continue;
    delete resource.properties[property];
    recordOn(resource, { property, operation, code: 'IncompleteResponse', message: `the answer lacks the field behind ${property}, which every valid answer carries` });
  }
}

/** An error the runner records like any failed call: a successful answer without the part every valid answer carries. */
export function incompleteResponse(field: string): Error {
  return Object.assign(new Error(`the answer lacks ${field}, which every valid answer carries`), { name: 'IncompleteResponse' });
}
