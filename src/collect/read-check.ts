import { CannotCollectError } from '../errors.js';
import type { ScopedCollectionError, Snapshot } from '../inventory/resource.js';
import type { CallTally } from './context.js';

const oneLine = (e: ScopedCollectionError): string => `${e.accountId ? `${e.accountId}: ` : ''}${e.message}`;

/**
 * Stops a live collection that read nothing of the accounts it was sent to:
 * no account answered STS (no credentials, unknown profile, role not
 * assumable, endpoint unreachable), or every call of every collector failed.
 * The message is the first failure as the SDK gave it, so the cause is on the
 * one line the user sees. Some accounts unreachable is not this: those are
 * recorded errors (exit 3 with --strict).
 */
export function requireAccountRead(accounts: readonly string[], calls: CallTally, errors: readonly ScopedCollectionError[]): void {
  if (accounts.length === 0) throw noAccountRead(errors);
  const failure = calls.firstFailure;
  if (calls.succeeded === 0 && failure) {
    throw new CannotCollectError(`every AWS call failed (${calls.failed}), nothing was read; first: ${failure.operation}: ${failure.code}: ${failure.message}`);
  }
}

/** The error of a collection in which no account answered: the first failure, and how many more there were. */
export function noAccountRead(errors: readonly ScopedCollectionError[]): CannotCollectError {
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more failure(s))` : '';
  return new CannotCollectError(first ? `${oneLine(first)}${more}` : 'no account could be read');
}

/**
 * A live inventory with no resource at all is far likelier a blind scan (wrong
 * region, filtered services, a role that sees nothing) than an empty account,
 * so it fails unless the caller says an empty account is expected.
 */
export function requireResources(snapshot: Snapshot, allowEmpty: boolean): void {
  if (snapshot.resources.length > 0 || allowEmpty) return;
  const where = `${snapshot.header.accounts.join(', ') || 'no account'} in ${snapshot.header.regions.join(', ') || 'no region'}`;
  throw new CannotCollectError(`the collection found no resource (${where}); pass --allow-empty if the account is expected to be empty`);
}
