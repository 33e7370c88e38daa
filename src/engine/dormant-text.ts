import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, removeTempDir } from '../util/temp-dir.js';

/** Text kept in memory before it moves to a file: a small inventory never touches the disk. */
export const DEFAULT_MEMORY_BYTES = 16 * 2 ** 20;

/** Bytes gathered before one write to the file. */
const WRITE_BATCH = 2 ** 20;

/** One text in the store: in memory until the store spills, then where it is in the file. */
export class DormantText {
  constructor(
    /** The text while it is in memory. */
    public text: string | undefined,
    public offset = 0,
    public length = 0,
  ) {}
}

/** Files still open, closed and removed when their store is collected (a library user's scans need no cleanup call). */
const closer = new FinalizationRegistry<{ fd: number; dir: string }>(({ fd, dir }) => {
  try {
    closeSync(fd);
  } finally {
    removeTempDir(dir);
  }
});

/**
 * Texts written once and read now and then (the index's dormant resources):
 * held in memory up to `memoryBytes`, then all of them, and every later one,
 * in a private temporary file read back by offset. At a million resources
 * the buckets' text alone is about 160 MB; in a file it costs no memory, and
 * the few a lookup finds are read back in microseconds.
 */
export class DormantTextStore {
  private inMemory: DormantText[] = [];
  private memoryBytes = 0;
  private file: { fd: number; dir: string } | undefined;
  private fileBytes = 0;
  private batch: Buffer[] = [];
  private batchBytes = 0;

  constructor(private readonly limit = DEFAULT_MEMORY_BYTES) {}

  /** The folder of the file the texts moved to, once they did. */
  get folder(): string | undefined {
    return this.file?.dir;
  }

  add(text: string): DormantText {
    if (this.file) return this.append(text);
    const entry = new DormantText(text);
    this.inMemory.push(entry);
    // Two bytes a character is V8's worst case, and cheaper to count than UTF-8.
    this.memoryBytes += text.length * 2;
    if (this.memoryBytes > this.limit) this.spill();
    return entry;
  }

  read(entry: DormantText): string {
    if (entry.text !== undefined) return entry.text;
    if (entry.offset + entry.length > this.fileBytes) this.writeBatch();
    const buffer = Buffer.allocUnsafe(entry.length);
    let done = 0;
    while (done < entry.length) done += readSync(this.file!.fd, buffer, done, entry.length - done, entry.offset + done);
    return buffer.toString('utf8');
  }

  /** Closes and removes the file, if there is one; the texts cannot be read afterwards. */
  close(): void {
    if (!this.file) return;
    closer.unregister(this);
    const { fd, dir } = this.file;
    this.file = undefined;
    try {
      closeSync(fd);
    } finally {
      removeTempDir(dir);
    }
  }

  /** Moves every text to the file; later texts go straight there. */
  private spill(): void {
    const dir = makeTempDir('sealcheck-index-');
    this.file = { fd: openSync(join(dir, 'dormant.jsonl'), 'wx+', 0o600), dir };
    closer.register(this, this.file, this);
    for (const entry of this.inMemory) {
      const text = entry.text!;
      entry.text = undefined;
      const placed = this.append(text);
      entry.offset = placed.offset;
      entry.length = placed.length;
    }
    this.inMemory = [];
    this.memoryBytes = 0;
  }

  private append(text: string): DormantText {
    const bytes = Buffer.from(text, 'utf8');
    const entry = new DormantText(undefined, this.fileBytes + this.batchBytes, bytes.length);
    this.batch.push(bytes);
    this.batchBytes += bytes.length;
    if (this.batchBytes >= WRITE_BATCH) this.writeBatch();
    return entry;
  }

  private writeBatch(): void {
    if (this.batchBytes === 0) return;
    const data = Buffer.concat(this.batch, this.batchBytes);
    let done = 0;
    while (done < data.length) done += writeSync(this.file!.fd, data, done, data.length - done, this.fileBytes + done);
    this.fileBytes += data.length;
    this.batch = [];
    this.batchBytes = 0;
  }
}
