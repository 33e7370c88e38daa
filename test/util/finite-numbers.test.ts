import { describe, expect, it } from 'vitest';
import { nonFiniteNumberAt } from '../../src/util/finite-numbers.js';

describe('nonFiniteNumberAt', () => {
  it('names the first number JSON parsing turned into an infinity', () => {
    expect(nonFiniteNumberAt(JSON.parse('{"a": [1, {"b/c~d": -1e400}], "z": 1e400}'))).toBe('/a/1/b~1c~0d');
    expect(nonFiniteNumberAt({ n: NaN })).toBe('/n');
    expect(nonFiniteNumberAt(Infinity)).toBe('');
  });

  it('passes every finite value, the largest double included', () => {
    expect(nonFiniteNumberAt(JSON.parse('{"a": [1.7976931348623157e308, -5e-324, 0, "1e400", null, true]}'))).toBeUndefined();
  });

  it('walks any depth without recursion', () => {
    let deep: unknown = -Infinity;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(nonFiniteNumberAt(deep)?.length).toBe(200_000);
  });
});
