import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Result, ScanResults } from '../engine/result.js';
import { renderResultsJson, resultJson } from './json.js';

/** Characters of result lines gathered before they are handed to the side file. */
const BATCH_CHARS = 64 * 1024;

/**
 * results.json for a scan whose results stream past and are not kept. The
 * file puts run, summary and rules before the results, and the summary is
 * known only at the end, so result lines go to a side file in the system's
 * temporary folder first (the output folder is not touched until the scan has
 * read all its input); `finish` writes the head, copies the lines after it and
 * renames the whole into place. The bytes are those {@link writeResultsJson} writes.
 */
export class ResultsJsonStream {
  private readonly linesFile: string;
  private readonly lines: WriteStream;
  private batch = '';
  private count = 0;
  private readonly failed: Promise<never>;

  constructor(private readonly file: string) {
    this.linesFile = join(tmpdir(), `sealcheck-${process.pid}-${Date.now()}-${basename(file)}.lines`);
    this.lines = createWriteStream(this.linesFile);
    this.failed = new Promise<never>((_, reject) => this.lines.once('error', reject));
    this.failed.catch(() => undefined);
  }

  add(result: Result): void {
    this.batch += `${this.count++ === 0 ? '\n' : ',\n'}${resultJson(result)}`;
    // Handing the text to the stream as soon as a batch is worth a write call
    // turns it into a Buffer outside the JS heap: held until `flush`, the lines
    // survived every young-generation GC and were copied by each one (100k
    // scan: scavenges 0.67 s). Back-pressure is still honoured at `flush`.
    if (this.batch.length >= BATCH_CHARS) {
      this.lines.write(this.batch);
      this.batch = '';
    }
  }

  /** Hands the batched lines to the file, waiting when the disk is behind. */
  async flush(): Promise<void> {
    if (this.batch === '') return;
    const chunk = this.batch;
    this.batch = '';
    if (!this.lines.write(chunk)) await Promise.race([once(this.lines, 'drain'), this.failed]);
  }

  /** Writes results.json: the head of `scan` (its `results` are ignored), then every line added. */
  async finish(scan: ScanResults): Promise<void> {
    await this.flush();
    this.lines.end();
    await Promise.race([once(this.lines, 'finish'), this.failed]);
    const empty = renderResultsJson({ ...scan, results: [] });
    const tail = ']\n}\n';
    const head = empty.slice(0, empty.length - tail.length);
    const tmp = `${this.file}.${process.pid}.tmp`;
    await mkdir(dirname(this.file), { recursive: true });
    try {
      const out = createWriteStream(tmp);
      out.write(head);
      // 1 MiB reads instead of the default 64 KiB: the side file is several times the inventory (100k scan: 250 MB, copy 0.28-0.43 s → 0.22-0.26 s).
      await pipeline(createReadStream(this.linesFile, { highWaterMark: 2 ** 20 }), out, { end: false });
      out.end(this.count === 0 ? tail : `\n${tail}`);
      await once(out, 'finish');
      await rename(tmp, this.file);
    } finally {
      await rm(tmp, { force: true });
      await rm(this.linesFile, { force: true });
    }
  }

  /** Removes the side file (after a failure). */
  async abort(): Promise<void> {
    this.lines.destroy();
    await rm(this.linesFile, { force: true });
  }
}
