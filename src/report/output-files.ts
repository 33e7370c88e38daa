import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The files of one run's outputs, written under temporary names in the output
 * folder and put in place together at `commit`, or removed (with the folder,
 * when this run created it) at `abort`: a failed or interrupted run leaves no
 * half-written report. Every file output of a scan goes through here.
 */
export class OutputFiles {
  private readonly temps = new Map<string, string>();
  private createdDir: string | undefined;
  private opened = false;

  constructor(readonly outDir: string) {}

  /** Creates the output folder (once) and returns the temporary path for `name`, a file of the folder. */
  async temp(name: string): Promise<string> {
    if (!this.opened) {
      this.createdDir = await mkdir(this.outDir, { recursive: true });
      this.opened = true;
    }
    const tmp = join(this.outDir, `.${name}.${process.pid}.tmp`);
    this.temps.set(name, tmp);
    return tmp;
  }

  /** Forgets a temporary file (removing it), e.g. when a scan starts over. */
  async discard(name: string): Promise<void> {
    const tmp = this.temps.get(name);
    this.temps.delete(name);
    if (tmp) await rm(tmp, { force: true });
  }

  /** Renames every temporary file into place; returns the final paths, in the order they were asked for. */
  async commit(): Promise<string[]> {
    const done: string[] = [];
    for (const [name, tmp] of this.temps) {
      const file = join(this.outDir, name);
      await rename(tmp, file);
      done.push(file);
    }
    this.temps.clear();
    return done;
  }

  /** Removes every temporary file, and the output folder when this run created it. */
  async abort(): Promise<void> {
    for (const tmp of this.temps.values()) await rm(tmp, { force: true });
    this.temps.clear();
    if (this.createdDir) await rm(this.createdDir, { recursive: true, force: true });
  }
}
