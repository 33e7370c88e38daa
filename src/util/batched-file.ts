import { createReadStream, createWriteStream, openSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { outputError } from './output-set.js';

/** Characters of text gathered before they are handed to a file. */
const BATCH_CHARS = 64 * 1024;

/** A text file written in batches, waiting when the disk is behind. */
export class BatchedFile {
  private readonly out: WriteStream;
  private readonly failed: Promise<never>;
  private batch = '';

  /** `flags` is `w` for a file its owner already created exclusively (an {@link OutputSet} member). */
  /** `shown` is the path errors name (the final name when `path` is temporary). */
  constructor(
    readonly path: string,
    flags: 'w' | 'wx' = 'wx',
    shown: string = path,
  ) {
    // The file is opened before the constructor returns: an open left in flight could re-create a temporary file after a
    // signal's cleanup removed it (OutputSet creates its members synchronously for the same reason).
    let fd: number;
    try {
      fd = openSync(path, flags);
    } catch (error) {
      throw outputError(shown, error);
    }
    // A few MiB may wait for the disk before the scan is held back: writes then overlap evaluation instead of alternating with it.
    this.out = createWriteStream(path, { fd, highWaterMark: 4 * 2 ** 20 });
    // A write that fails (disk full, I/O error) is the user's output problem (exit 2 naming the file), not a crash.
    this.failed = new Promise<never>((_, reject) => this.out.once('error', (error) => reject(outputError(shown, error))));
    this.failed.catch(() => undefined);
  }

  write(text: string): void {
    this.batch += text;
    // Handed over as soon as a batch is worth a write: as a Buffer in the stream it lives outside the JS heap.
    if (this.batch.length >= BATCH_CHARS) {
      this.out.write(this.batch);
      this.batch = '';
    }
  }

  async flush(): Promise<void> {
    if (this.batch === '') return;
    const chunk = this.batch;
    this.batch = '';
    if (!this.out.write(chunk)) await Promise.race([once(this.out, 'drain'), this.failed]);
  }

  /** Appends a whole file, with back-pressure. */
  async append(path: string): Promise<void> {
    await this.flush();
    for await (const chunk of createReadStream(path)) {
      if (!this.out.write(chunk as Buffer)) await Promise.race([once(this.out, 'drain'), this.failed]);
    }
  }

  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    await Promise.race([once(this.out, 'finish'), this.failed]);
  }

  /** Closes without caring for what is still queued, once the descriptor is released. */
  async destroy(): Promise<void> {
    this.out.on('error', () => undefined);
    this.out.destroy();
    if (!this.out.closed) await new Promise<void>((resolve) => this.out.once('close', () => resolve()));
  }
}

