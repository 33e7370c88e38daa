import type { CollectionError } from '../inventory/resource.js';

/** The result of one API call: its output, or the failure kept as data. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: CollectionError };

interface SdkLikeError {
  name?: unknown;
  Code?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: number };
}

// Names under which the SDK and Node report a request that ran out of time.
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'ETIMEDOUT', 'ECONNRESET', 'AbortError']);

/** The error code AWS returned, or ours (`Timeout`, `HTTP503`), from whatever the SDK threw. */
export function errorCode(error: unknown): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkLikeError;
  const candidates = [e.Code, e.name, e.code];
  for (const c of candidates) {
    if (typeof c !== 'string' || c === '' || c === 'Error') continue;
    if (TIMEOUT_NAMES.has(c)) return 'Timeout';
    // Errors the SDK could not name fall back to the generic service exception class.
    if (/ServiceException$/.test(c) && e.$metadata?.httpStatusCode) return `HTTP${e.$metadata.httpStatusCode}`;
    return c;
  }
  if (e.$metadata?.httpStatusCode) return `HTTP${e.$metadata.httpStatusCode}`;
  return 'UnknownError';
}

function errorMessage(error: unknown): string {
  const message = (error as SdkLikeError | null)?.message;
  const text = typeof message === 'string' && message !== '' ? message : String(error);
  // Messages can carry request details; keep them short and on one line.
  return text.replace(/\s+/g, ' ').slice(0, 300);
}

/** Turns a thrown SDK error into a {@link CollectionError} for `operation`. */
export function toCollectionError(operation: string, error: unknown, property?: string): CollectionError {
  return { ...(property ? { property } : {}), operation, code: errorCode(error), message: errorMessage(error) };
}
