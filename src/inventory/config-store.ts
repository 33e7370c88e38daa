import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { BatchedFile } from '../util/batched-file.js';
import { makeTempDir, removeTempDir } from '../util/temp-dir.js';
import type { Resource } from './resource.js';

/** The two parts of an import: resources other resources refer to (read first), and the rest. */
export type StorePart = 0 | 1;

/**
 * Where an AWS Config import keeps the resources it mapped until a scan reads
 * them. The newest item of a resource is known only once the whole document
 * is read, so every mapped resource is put, numbered by its line in its part,
 * and the import says which lines to read back.
 */
export interface ResourceStore {
  /** Keeps a resource; returns its line in `part`. */
  put(part: StorePart, resource: Resource): number;
  /** A line that a newer item superseded: it will not be read. */
  drop(part: StorePart, line: number): void;
  /** Waits while the disk is behind. */
  flush(): Promise<void>;
  /** Ends writing: every line put is readable. */
  seal(): Promise<void>;
  /** The resources of the lines `keep` accepts, in line order; each call reads afresh. */
  read(part: StorePart, keep: (line: number) => boolean): Iterable<Resource> | AsyncIterable<Resource>;
  /** Gives up what the store holds (a spool's folder); reading afterwards fails. */
  dispose(): void;
}

/** A store in memory, for a document already parsed whole (it is in memory anyway). */
export class MemoryStore implements ResourceStore {
  private readonly parts: [(Resource | undefined)[], (Resource | undefined)[]] = [[], []];

  put(part: StorePart, resource: Resource): number {
    return this.parts[part].push(resource) - 1;
  }

  drop(part: StorePart, line: number): void {
    this.parts[part][line] = undefined;
  }

  async flush(): Promise<void> {}

  async seal(): Promise<void> {}

  dispose(): void {
    this.parts[0].length = this.parts[1].length = 0;
  }

  *read(part: StorePart, keep: (line: number) => boolean): Iterable<Resource> {
    const lines = this.parts[part];
    for (let i = 0; i < lines.length; i++) {
      const r = lines[i];
      if (r && keep(i)) yield r;
    }
  }
}

/** A spool its user forgot (a library caller, a test worker that never exits) is removed when it is collected. */
const forgotten = new FinalizationRegistry<string>((dir) => removeTempDir(dir));

/**
 * A store on disk: one JSON line per resource in a private temporary folder,
 * so an import of a million items holds only the table of which item is
 * newest, not the resources. The folder is removed by {@link dispose} or when
 * the process exits. The lines are our own JSON.stringify output, so each is
 * parsed whole; a line the import did not keep is skipped without parsing.
 */
export class SpoolStore implements ResourceStore {
  private readonly dir: string;
  private readonly files: [BatchedFile, BatchedFile];
  private readonly counts: [number, number] = [0, 0];
  private sealed = false;

  constructor(parent?: string) {
    this.dir = makeTempDir('sealcheck-config-', parent);
    forgotten.register(this, this.dir, this);
    this.files = [new BatchedFile(join(this.dir, 'referenced.ndjson')), new BatchedFile(join(this.dir, 'rest.ndjson'))];
  }

  put(part: StorePart, resource: Resource): number {
    this.files[part].write(`${JSON.stringify(resource)}\n`);
    return this.counts[part]++;
  }

  drop(): void {
    // The line stays on disk; the import's table of lines to read leaves it out.
  }

  async flush(): Promise<void> {
    await Promise.all(this.files.map((f) => f.flush()));
  }

  async seal(): Promise<void> {
    if (this.sealed) return;
    this.sealed = true;
    await Promise.all(this.files.map((f) => f.close()));
  }

  async *read(part: StorePart, keep: (line: number) => boolean): AsyncIterable<Resource> {
    if (!this.sealed) throw new Error('SpoolStore.read: the store is still being written');
    if (this.counts[part] === 0) return;
    let line = 0;
    let pending = '';
    const input = createReadStream(this.files[part].path, { encoding: 'utf8', highWaterMark: 1 << 20 });
    try {
      for await (const chunk of input as AsyncIterable<string>) {
        let start = 0;
        const text = pending === '' ? chunk : pending + chunk;
        for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
          if (keep(line)) yield JSON.parse(text.slice(start, nl)) as Resource;
          line++;
          start = nl + 1;
        }
        pending = text.slice(start);
      }
    } finally {
      input.destroy();
    }
  }

  /** Removes the spool folder (reading afterwards fails). */
  dispose(): void {
    forgotten.unregister(this);
    removeTempDir(this.dir);
  }
}
