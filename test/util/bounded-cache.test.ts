import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../src/util/bounded-cache.js';

describe('BoundedCache', () => {
  it('makes a value once and answers from memory after', () => {
    const cache = new BoundedCache<number>(10, 1024);
    let made = 0;
    const make = () => ++made;
    expect([cache.get('a', make), cache.get('a', make), cache.get('b', make)]).toEqual([1, 1, 2]);
    expect(cache.size).toEqual({ entries: 2, chars: 2 });
  });

  it('never holds more entries or key characters than its budget, whatever the keys', () => {
    const cache = new BoundedCache<string>(100, 4096);
    for (let i = 0; i < 10_000; i++) {
      cache.get(`${'x'.repeat(i % 17)}${i}`, () => 'v');
      expect(cache.size.entries).toBeLessThanOrEqual(100);
      expect(cache.size.chars).toBeLessThanOrEqual(4096);
    }
  });

  it('does not keep a key longer than a 256th of the character budget, and still answers for it', () => {
    const cache = new BoundedCache<number>(100, 256 * 16);
    expect(cache.get('k'.repeat(17), () => 7)).toBe(7);
    expect(cache.size).toEqual({ entries: 0, chars: 0 });
    cache.get('k'.repeat(16), () => 8);
    expect(cache.size).toEqual({ entries: 1, chars: 16 });
  });
});
