import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DormantTextStore } from '../../src/engine/dormant-text.js';

describe('DormantTextStore', () => {
  it('keeps texts in memory below its limit, without a file', () => {
    const store = new DormantTextStore(1024);
    const entries = ['a', 'ü "quoted"', ''].map((t) => store.add(t));
    expect(entries.map((e) => store.read(e))).toEqual(['a', 'ü "quoted"', '']);
    expect(entries.every((e) => e.text !== undefined)).toBe(true);
    expect(store.folder).toBeUndefined();
  });

  it('moves every text to a file past its limit and reads each back by offset, multi-byte characters included', () => {
    const store = new DormantTextStore(64);
    const texts = Array.from({ length: 3000 }, (_, i) => `{"n":${i},"name":"bücket-${'€'.repeat(i % 7)}"}`);
    const entries = texts.map((t) => store.add(t));
    expect(entries.every((e) => e.text === undefined)).toBe(true);
    // Read in another order than written, the last ones while their batch is still unwritten.
    for (const i of [2999, 0, 1500, 31, 2998]) expect(store.read(entries[i]!)).toBe(texts[i]);
    expect(entries.map((e) => store.read(e))).toEqual(texts);
    const folder = store.folder!;
    expect(existsSync(folder)).toBe(true);
    store.close();
    expect(existsSync(folder)).toBe(false);
  });
});
