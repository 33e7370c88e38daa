import type { WriteStream } from 'node:fs';
import { once } from 'node:events';
import { basename, dirname } from 'node:path';
import type { Result, RuleSummary, ScanResults } from '../engine/result.js';
import { resultJson, resultsJsonHead, resultsJsonTail } from './json.js';
import { OutputSet, outputError } from './output-set.js';

/** Characters of text gathered before they are handed to the file. */
const BATCH_CHARS = 64 * 1024;

/**
 * results.json for a scan whose results stream past and are not kept: the
 * rules, then each result as it comes, then the run and summary at `finish`,
 * the bytes {@link writeResultsJson} writes for the same document. The file is
 * created at the first flush (by then the header and the index pass have
 * accepted the input) as a member of an {@link OutputSet}: under a temporary
 * name, renamed into place at the end (other `members` of the set left by an
 * earlier run are removed then), and removed with any folder it created on `abort`.
 */
export class ResultsJsonStream {
  private readonly name: string;
  private set: OutputSet | undefined;
  private out: WriteStream | undefined;
  private failed: Promise<never> | undefined;
  private readonly head: string;
  private batch: string;
  private count = 0;

  constructor(
    private readonly file: string,
    rules: readonly RuleSummary[],
    private readonly members: readonly string[] = [],
  ) {
    this.name = basename(file);
    this.head = resultsJsonHead([...rules]);
    this.batch = this.head;
  }

  add(result: Result): void {
    this.batch += `${this.count++ === 0 ? '\n' : ',\n'}${resultJson(result)}`;
    // Handed over as soon as a batch is worth a write: as a Buffer in the stream it
    // lives outside the JS heap, instead of surviving (and being copied by) every young-generation GC.
    if (this.batch.length >= BATCH_CHARS && this.out) {
      this.out.write(this.batch);
      this.batch = '';
    }
  }

  /** Hands the batched text to the file, waiting when the disk is behind. */
  async flush(): Promise<void> {
    const out = await this.open();
    if (this.batch === '') return;
    const chunk = this.batch;
    this.batch = '';
    try {
      if (!out.write(chunk)) await Promise.race([once(out, 'drain'), this.failed]);
    } catch (error) {
      throw outputError(this.file, error);
    }
  }

  /** Writes the run and summary of `scan` and puts the file in place. */
  async finish(scan: Pick<ScanResults, 'run' | 'summary'>): Promise<void> {
    this.batch += resultsJsonTail(scan, this.count);
    await this.flush();
    const out = await this.open();
    out.end();
    try {
      await Promise.race([once(out, 'finish'), this.failed]);
    } catch (error) {
      throw outputError(this.file, error);
    }
    await this.set?.commit();
    this.set = undefined;
  }

  /** Forgets every result added: the file starts again from the rules. */
  async restart(): Promise<void> {
    await this.discard();
    this.batch = this.head;
    this.count = 0;
  }

  /** Removes what was written (after a failure), and the output folder when this stream created it. */
  async abort(): Promise<void> {
    this.out = undefined;
    await this.set?.abort();
    this.set = undefined;
  }

  /** Removes the file written so far; the set (and its lock) stays. */
  private async discard(): Promise<void> {
    this.out = undefined;
    await this.set?.forget(this.name);
  }

  private async open(): Promise<WriteStream> {
    if (this.out) return this.out;
    // Kept across a restart: the folder this stream made is still its to remove.
    this.set ??= await OutputSet.begin(dirname(this.file), { members: this.members });
    // A few MiB may wait for the disk before the scan is held back: writes then overlap evaluation instead of alternating with it.
    const out = await this.set.stream(this.name, { highWaterMark: 4 * 2 ** 20 });
    this.failed = new Promise<never>((_, reject) => out.once('error', reject));
    this.failed.catch(() => undefined);
    this.out = out;
    return out;
  }
}
