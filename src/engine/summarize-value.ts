import { inputRecord } from '../util/own.js';

const MAX_STRING = 300;
const MAX_ITEMS = 10;
const MAX_KEYS = 20;
const MAX_DEPTH = 4;

/**
 * A bounded copy of a value for evidence: long strings clipped, arrays and
 * objects cut short and shallow. Inventory values are hostile input, and
 * evidence must never make a report huge or a serializer recurse without end.
 */
export function summarizeValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}… (${value.length} chars)` : value;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? `[array of ${value.length}]` : '{…}';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((v) => summarizeValue(v, depth + 1));
    if (value.length > MAX_ITEMS) items.push(`… ${value.length - MAX_ITEMS} more`);
    return items;
  }
  const out = inputRecord<unknown>();
  const keys = Object.keys(value);
  for (const k of keys.slice(0, MAX_KEYS)) out[summarizeValue(k) as string] = summarizeValue((value as Record<string, unknown>)[k], depth + 1);
  if (keys.length > MAX_KEYS) out['…'] = `${keys.length - MAX_KEYS} more keys`;
  return out;
}
