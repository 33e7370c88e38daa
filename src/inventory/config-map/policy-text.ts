import { isRecord } from './cursor.js';

/**
 * A resource policy as Config stores it: a JSON string, sometimes URL-encoded (`%7B%22Version…`),
 * sometimes already an object. Returns the parsed document, or the raw string when it is not JSON,
 * so a broken policy is still seen (and fails closed) rather than lost.
 */
export function parsePolicyText(value: unknown): unknown {
  if (value === undefined || value === null) return value;
  if (isRecord(value)) return value;
  if (typeof value !== 'string') return value;
  const parsed = tryJson(value);
  if (parsed !== undefined) return parsed;
  if (/%7B/i.test(value.slice(0, 8))) {
    try {
      const decoded = tryJson(decodeURIComponent(value));
      if (decoded !== undefined) return decoded;
    } catch {
      // Not valid percent-encoding: keep the raw text below.
    }
  }
  return value;
}

function tryJson(text: string): Record<string, unknown> | undefined {
  try {
    const doc: unknown = JSON.parse(text);
    return isRecord(doc) ? doc : undefined;
  } catch {
    return undefined;
  }
}
