import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Result } from '../engine/result.js';
import { BatchedFile } from '../util/batched-file.js';

/** Findings sorted in memory at a time; each sorted chunk becomes one run of the spool file. */
export const DEFAULT_CHUNK = 10_000;

/** A run of the spool file: the byte range of its lines. */
interface Run {
  start: number;
  end: number;
}

/** The head of one run during the merge. */
interface Head {
  result: Result;
  run: number;
  lines: AsyncIterator<string>;
}

/**
 * Findings in an order the reports need, without holding them: an external
 * merge sort. Findings are kept until a chunk is full, then sorted and
 * written to the spool file as one run of JSON lines; {@link sorted} merges
 * the runs. Ties keep the order findings were added (a stable sort), as
 * `Array.prototype.sort` does on the whole list. The spool file is created by
 * the caller (an OutputSet temporary file, so signals and aborts remove it).
 */
export class FindingSpool {
  private chunk: Result[] = [];
  private readonly runs: Run[] = [];
  private readonly file: BatchedFile;
  private bytes = 0;
  private closed = false;

  constructor(
    path: string,
    private readonly compare: (a: Result, b: Result) => number,
    private readonly chunkSize = DEFAULT_CHUNK,
    shown = path,
  ) {
    this.file = new BatchedFile(path, 'w', shown);
  }

  /** Number of findings added. */
  count = 0;

  /** Adds a finding; the caller hands over a plain record (it is kept until its chunk is written). */
  add(r: Result): void {
    this.count++;
    this.chunk.push(r);
    if (this.chunk.length >= this.chunkSize) this.spill();
  }

  /** Hands spilled text to the disk, waiting when it is behind. */
  async flush(): Promise<void> {
    await this.file.flush();
  }

  private spill(): void {
    const start = this.bytes;
    for (const r of this.chunk.sort(this.compare)) {
      const line = `${JSON.stringify(r)}\n`;
      this.bytes += Buffer.byteLength(line);
      this.file.write(line);
    }
    this.runs.push({ start, end: this.bytes });
    this.chunk = [];
  }

  /** Every finding in order. Once only: the chunk in memory is written first, then all runs are merged. */
  async *sorted(): AsyncGenerator<Result> {
    if (this.closed) throw new Error('FindingSpool.sorted: called twice');
    this.closed = true;
    if (this.runs.length === 0) {
      // Everything fits one chunk: no file to read back.
      await this.file.close();
      yield* this.chunk.sort(this.compare);
      this.chunk = [];
      return;
    }
    if (this.chunk.length > 0) this.spill();
    await this.file.close();
    const heap: Head[] = [];
    // Each run's iterator is taken at once: readline drops lines emitted before its iterator exists.
    const streams = this.runs.map(({ start, end }) => {
      if (end <= start) return undefined;
      const rl = createInterface({ input: createReadStream(this.file.path, { start, end: end - 1 }), crlfDelay: Infinity });
      return { rl, it: rl[Symbol.asyncIterator]() };
    });
    try {
      for (const [run, s] of streams.entries()) {
        if (!s) continue;
        const next = await s.it.next();
        if (!next.done) this.push(heap, { result: JSON.parse(next.value) as Result, run, lines: s.it });
      }
      while (heap.length > 0) {
        const top = heap[0]!;
        yield top.result;
        const next = await top.lines.next();
        if (next.done) {
          const last = heap.pop()!;
          if (heap.length > 0) {
            heap[0] = last;
            this.down(heap, 0);
          }
        } else {
          top.result = JSON.parse(next.value) as Result;
          this.down(heap, 0);
        }
      }
    } finally {
      for (const s of streams) s?.rl.close();
    }
  }

  /** Closes the file without reading it (the caller removes it). */
  async destroy(): Promise<void> {
    this.chunk = [];
    await this.file.destroy();
  }

  private before(a: Head, b: Head): boolean {
    const c = this.compare(a.result, b.result);
    return c < 0 || (c === 0 && a.run < b.run);
  }

  private push(heap: Head[], h: Head): void {
    heap.push(h);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private down(heap: Head[], i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < heap.length && this.before(heap[l]!, heap[best]!)) best = l;
      if (r < heap.length && this.before(heap[r]!, heap[best]!)) best = r;
      if (best === i) return;
      [heap[i], heap[best]] = [heap[best]!, heap[i]!];
      i = best;
    }
  }
}
