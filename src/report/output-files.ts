import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OutputSet, outputError } from '../util/output-set.js';

/**
 * The files of one run's outputs, as one {@link OutputSet} (exclusive
 * temporary names in the output folder, renamed into place together at
 * `commit`, members an earlier run left and this one did not write removed,
 * the folder's lock, cleanup on abort and on SIGINT/SIGTERM). The set is
 * begun on first use, so a console-only run touches no folder. Every file
 * output of a scan goes through here.
 */
export class OutputFiles {
  private set: OutputSet | undefined;

  constructor(
    readonly outDir: string,
    private readonly members: readonly string[] = [],
  ) {}

  /** Creates the output folder and takes its lock (once). */
  async begin(): Promise<OutputSet> {
    return (this.set ??= await OutputSet.begin(this.outDir, { members: this.members }));
  }

  /** The temporary path for output `name` (created empty and exclusively), for writers that take a path. */
  async temp(name: string): Promise<string> {
    return (await this.begin()).file(name);
  }

  /**
   * Writes output `name` whole from text. A failure (disk full, I/O error) is an
   * OutputError naming the file the user asked for, not the temporary name.
   */
  async write(name: string, text: string): Promise<void> {
    const path = await this.temp(name);
    try {
      await writeFile(path, text, { flag: 'w' });
    } catch (error) {
      throw outputError(join(this.outDir, name), error);
    }
  }

  /** Forgets a temporary file (removing it), e.g. when a scan starts over or a spool has been used up. */
  async discard(name: string): Promise<void> {
    await this.set?.forget(name);
  }

  /** Renames every temporary file into place; returns the final paths, in the order they were created. */
  async commit(): Promise<string[]> {
    const set = await this.begin();
    this.set = undefined;
    return set.commit();
  }

  /** Removes every temporary file, and the output folder when this run created it. */
  async abort(): Promise<void> {
    const set = this.set;
    this.set = undefined;
    await set?.abort();
  }
}
