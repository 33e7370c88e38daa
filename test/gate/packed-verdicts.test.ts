import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PackedVerdicts } from '../../src/gate/packed-verdicts.js';

const fp = (i: number) => createHash('sha256').update(String(i)).digest('hex').slice(0, 32);
const VERDICTS = [{ status: 'FAIL' }, { status: 'UNKNOWN' }, { status: 'FAIL', severity: 'high' }] as const;

describe('PackedVerdicts', () => {
  it('answers as the Map it replaces, through growth and rehashing, for packed and other fingerprints', () => {
    const packed = new PackedVerdicts<(typeof VERDICTS)[number]>(VERDICTS);
    const map = new Map<string, (typeof VERDICTS)[number]>();
    const keys = [...Array.from({ length: 5000 }, (_, i) => fp(i)), 'ABCDEF0123456789', 'abc0123456789def0', fp(1).slice(0, 16)];
    keys.forEach((k, i) => {
      packed.set(k, VERDICTS[i % 3]!);
      map.set(k, VERDICTS[i % 3]!);
    });
    expect(packed.size).toBe(map.size);
    expect([...packed]).toEqual([...map]);
    expect([...packed.keys()]).toEqual([...map.keys()]);
    for (const k of keys) expect(packed.get(k)).toBe(map.get(k));
    expect(packed.get(fp(5001))).toBeUndefined();
    expect(packed.has(fp(5001))).toBe(false);
    expect(packed.get('not-a-fingerprint')).toBeUndefined();
    keys.forEach((k, i) => expect(packed.keyAt(packed.entryOf(k))).toBe(keys[i]));
  });

  it('a duplicate fingerprint takes the new verdict unless `keep` keeps the known one', () => {
    const packed = new PackedVerdicts(VERDICTS);
    packed.set(fp(1), VERDICTS[2]);
    packed.set(fp(1), VERDICTS[0], (known) => known === VERDICTS[2]);
    expect(packed.get(fp(1))).toBe(VERDICTS[2]);
    packed.set(fp(1), VERDICTS[1]);
    expect(packed.get(fp(1))).toBe(VERDICTS[1]);
    expect(packed.size).toBe(1);
  });

  it('refuses a verdict outside its table', () => {
    const packed = new PackedVerdicts(VERDICTS);
    expect(() => packed.set(fp(1), { status: 'FAIL' } as never)).toThrow(/outside the table/);
  });
});
