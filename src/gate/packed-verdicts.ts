/**
 * A baseline's verdicts by fingerprint, packed for a million findings:
 * sealcheck's fingerprints (32 hex digits, a sha256 prefix) are kept as 16
 * bytes each in one buffer with a one-byte verdict number, found through an
 * open-addressing table of record numbers. A million entries take about
 * 30 MB, where a Map of strings to verdicts took about 150 MB. Fingerprints
 * of another shape (a hand-edited or foreign baseline) go to a plain Map.
 * Reads as a ReadonlyMap; each entry also has a number, so a matcher can
 * mark what it has seen in a byte array instead of a set of strings.
 */
const PACKED = /^[0-9a-f]{32}$/;
const BYTES = 16;

export class PackedVerdicts<V> implements ReadonlyMap<string, V> {
  private digests = Buffer.alloc(BYTES * 1024);
  private codes = new Uint8Array(1024);
  private count = 0;
  /** Record number + 1 per slot, 0 for an empty slot; its length is a power of two, at least twice the records. */
  private slots = new Int32Array(2048);
  private readonly other = new Map<string, number>();
  private readonly otherKeys: string[] = [];
  private readonly otherCodes: number[] = [];
  private readonly scratch = Buffer.alloc(BYTES);

  /** `values` is the closed set of verdicts (a constant table): each entry stores its index. */
  constructor(private readonly table: readonly V[]) {
    if (table.length > 255) throw new Error('PackedVerdicts: at most 255 distinct verdicts');
  }

  get size(): number {
    return this.count + this.otherKeys.length;
  }

  /**
   * Sets a fingerprint's verdict, or keeps the one it has when `keep(old, new)`
   * says so (a duplicate fingerprint keeps the more severe verdict).
   */
  set(fingerprint: string, value: V, keep: (known: V, value: V) => boolean = () => false): void {
    const code = this.table.indexOf(value);
    if (code < 0) throw new Error('PackedVerdicts.set: a verdict outside the table');
    const entry = this.entryOf(fingerprint);
    if (entry >= 0) {
      if (!keep(this.valueAt(entry), value)) this.setCode(entry, code);
      return;
    }
    if (!PACKED.test(fingerprint)) {
      this.other.set(fingerprint, this.otherKeys.length);
      this.otherKeys.push(fingerprint);
      this.otherCodes.push(code);
      return;
    }
    if (this.count === this.codes.length) this.grow();
    this.digests.write(fingerprint, this.count * BYTES, BYTES, 'hex');
    this.codes[this.count] = code;
    this.count++;
    if (this.count * 2 > this.slots.length) this.rehash();
    else this.place(this.count - 1);
  }

  /** The entry number of a fingerprint (0 … size − 1), or −1. */
  entryOf(fingerprint: string): number {
    if (!PACKED.test(fingerprint)) return this.otherEntry(fingerprint);
    this.scratch.write(fingerprint, 0, BYTES, 'hex');
    const mask = this.slots.length - 1;
    for (let slot = this.hash(this.scratch, 0) & mask; ; slot = (slot + 1) & mask) {
      const held = this.slots[slot]!;
      if (held === 0) return -1;
      if (this.digests.compare(this.scratch, 0, BYTES, (held - 1) * BYTES, held * BYTES) === 0) return held - 1;
    }
  }

  private otherEntry(fingerprint: string): number {
    const i = this.other.get(fingerprint);
    return i === undefined ? -1 : this.count + i;
  }

  get(fingerprint: string): V | undefined {
    const entry = this.entryOf(fingerprint);
    return entry < 0 ? undefined : this.valueAt(entry);
  }

  has(fingerprint: string): boolean {
    return this.entryOf(fingerprint) >= 0;
  }

  /** The fingerprint of an entry number. */
  keyAt(entry: number): string {
    return entry < this.count ? this.digests.toString('hex', entry * BYTES, (entry + 1) * BYTES) : this.otherKeys[entry - this.count]!;
  }

  valueAt(entry: number): V {
    return this.table[entry < this.count ? this.codes[entry]! : this.otherCodes[entry - this.count]!]!;
  }

  private setCode(entry: number, code: number): void {
    if (entry < this.count) this.codes[entry] = code;
    else this.otherCodes[entry - this.count] = code;
  }

  /** sha256 output is uniform: four bytes of it, mixed with four more, spread the slots. */
  private hash(buffer: Buffer, offset: number): number {
    return (buffer.readUInt32LE(offset) ^ Math.imul(buffer.readUInt32LE(offset + 4), 0x9e3779b1)) >>> 0;
  }

  private place(record: number): void {
    const mask = this.slots.length - 1;
    let slot = this.hash(this.digests, record * BYTES) & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = record + 1;
  }

  private grow(): void {
    const digests = Buffer.alloc(this.digests.length * 2);
    this.digests.copy(digests);
    this.digests = digests;
    const codes = new Uint8Array(this.codes.length * 2);
    codes.set(this.codes);
    this.codes = codes;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let r = 0; r < this.count; r++) this.place(r);
  }

  *entries(): MapIterator<[string, V]> {
    for (let e = 0; e < this.size; e++) yield [this.keyAt(e), this.valueAt(e)];
  }

  *keys(): MapIterator<string> {
    for (let e = 0; e < this.size; e++) yield this.keyAt(e);
  }

  *values(): MapIterator<V> {
    for (let e = 0; e < this.size; e++) yield this.valueAt(e);
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: string, map: ReadonlyMap<string, V>) => void): void {
    for (const [k, v] of this.entries()) callback(v, k, this);
  }
}
