import type { CollectionError, Resource } from '../inventory/resource.js';
import { recordOn, type CollectorContext } from './context.js';
import type { Outcome } from './errors.js';

/**
 * What every valid answer carries, said one way for every collector.
 *
 * A successful answer without a field that AWS's API reference marks as
 * always returned ("Required: Yes" in a response's elements, or a prose
 * promise) is an odd answer, not an empty value: what the collector would have
 * read from it stays absent, an `IncompleteResponse` error is recorded, and
 * rules say UNKNOWN. An odd answer is distrusted as a whole: the fields it
 * omits cannot be read with the meaning AWS documents for their absence
 * ("no policy", "the AWS managed key"), since that meaning holds only in a
 * valid answer. Fields AWS documents as omitted when unset are read as null by
 * the collector and are not listed here. A field whose absence the reference
 * leaves unexplained is unknown rather than guessed ({@link unknownIfAbsent}).
 */

/** The error of an answer without `field`, which every valid answer of `operation` carries. */
export function lacking(operation: string, field: string): CollectionError {
  return { operation, code: 'IncompleteResponse', message: `the answer lacks ${field}, which every valid answer carries` };
}

const absent = (value: unknown): boolean => value === undefined || value === null;

/** The outcome as it is when the answer carries every one of `fields`, else the {@link lacking} failure for the first one missing. */
export function complete<T>(outcome: Outcome<T>, fields: readonly (keyof T)[], operation: string): Outcome<T> {
  if (!outcome.ok) return outcome;
  const missing = fields.find((f) => absent(outcome.value[f]));
  return missing === undefined ? outcome : { ok: false, error: lacking(operation, String(missing)) };
}

/** The outcome with its value narrowed to `field` when the answer carries it, else the {@link lacking} failure. */
export function required<T, K extends keyof T>(outcome: Outcome<T>, field: K, operation: string): Outcome<NonNullable<T[K]>> {
  const checked = complete(outcome, [field], operation);
  return checked.ok ? { ok: true, value: checked.value[field] as NonNullable<T[K]> } : checked;
}

/** `answer` when it carries every one of `fields`; else throws, so that a call made through `ctx.call` fails with {@link lacking} (for pages read by `listAll`/`allPages`). */
export function carrying<T>(operation: string, ...fields: (keyof T)[]): (answer: T) => T {
  return (answer) => {
    const missing = fields.find((f) => absent(answer[f]));
    if (missing === undefined) return answer;
    const error = lacking(operation, String(missing));
    throw Object.assign(new Error(error.message), { name: error.code });
  };
}

/** Records `error` on each of `properties` of `resource` and removes them, so they read as not collected. */
export function withhold(resource: Resource, properties: readonly string[], error: CollectionError): void {
  for (const property of properties) {
    delete resource.properties[property];
    recordOn(resource, { ...error, property });
  }
}

/**
 * Checks an answer already in hand (a list item that is the resource's only
 * description): when it lacks one of `fields`, every property of `resource`
 * except `keep` (those read from the request, such as the name) is withheld.
 * Returns whether the answer was complete.
 */
export function requireItem<T>(resource: Resource, item: T, fields: readonly (keyof T)[], operation: string, keep: readonly string[] = []): boolean {
  const checked = complete({ ok: true, value: item }, fields, operation);
  if (checked.ok) return true;
  withhold(resource, Object.keys(resource.properties).filter((p) => !keep.includes(p)), checked.error);
  return false;
}

/**
 * Property by property: each of `fields` (property → the value read for it)
 * that is missing makes that property unknown, with an `IncompleteResponse`
 * error. For answers whose other fields keep their meaning on their own (RDS,
 * Redshift, ElastiCache descriptions).
 */
export function requireFields(resource: Resource, operation: string, fields: Record<string, unknown>): void {
  for (const [property, value] of Object.entries(fields)) {
    if (absent(value)) withhold(resource, [property], lacking(operation, `the field behind ${property}`));
  }
}

/**
 * Property by property, for fields the API reference neither promises nor
 * explains when absent: a missing one makes that property unknown (code
 * `NotReported`) instead of a guessed default such as "disabled".
 */
export function unknownIfAbsent(resource: Resource, operation: string, fields: Record<string, unknown>): void {
  for (const [property, value] of Object.entries(fields)) {
    if (!absent(value)) continue;
    withhold(resource, [property], { operation, code: 'NotReported', message: `the answer does not give ${property}, and AWS's reference does not say what its absence means` });
  }
}

/**
 * The listed items that carry their identifier; the others cannot become
 * resources, so how many there were is recorded for the scope, never dropped in silence.
 */
export function identified<T>(ctx: Pick<CollectorContext, 'scopeError'>, items: readonly T[], field: string, id: (item: T) => unknown, operation: string): T[] {
  const kept = items.filter((item) => !absent(id(item)) && id(item) !== '');
  const unnamed = items.length - kept.length;
  if (unnamed > 0) {
    const error = lacking(operation, field);
    ctx.scopeError({ ...error, message: `${unnamed} listed item(s): ${error.message}; they are not in the inventory` });
  }
  return kept;
}
