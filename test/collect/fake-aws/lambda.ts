import { json, type Reply } from './wire.js';

/** Lambda (REST-JSON): an account without functions. */
export function lambda(operation: string): Reply | undefined {
  return operation === 'ListFunctions' ? json({ Functions: [] }) : undefined;
}
