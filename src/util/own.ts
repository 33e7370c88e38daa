/**
 * A table entry by a key that came from input (a resource type, a service
 * name, a parameter): only the table's own entries count, so `constructor`,
 * `__proto__` or `toString` never reach Object.prototype.
 */
export function own<V>(table: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** A fresh record keyed by input text: no prototype, so every key (`__proto__` included) is an ordinary entry. */
export function inputRecord<V>(): Record<string, V> {
  return Object.create(null) as Record<string, V>;
}

const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Whether a name, used as a property key, would walk from an object into its prototype chain. */
export function walksIntoPrototype(name: string): boolean {
  return PROTOTYPE_KEYS.has(name);
}
