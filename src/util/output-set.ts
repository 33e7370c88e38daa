import { randomBytes } from 'node:crypto';
import { close as closeCb, closeSync, constants, createWriteStream, openSync, readFileSync, rmSync, writeSync, type WriteStream } from 'node:fs';
import { promisify } from 'node:util';
import { mkdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { OutputError } from '../errors.js';

/** How an output set is opened. */
export interface OutputSetOptions {
  /**
   * Every file name that belongs to this kind of set (results.json, report.html, …).
   * A member not written by this run is removed at commit, so a new results.json
   * never sits beside an older run's report.html.
   */
  readonly members?: readonly string[];
  /** Take the folder's lock file (default true): a second run into the same folder waits, then fails clearly. */
  readonly lock?: boolean;
  /** How long to wait for another run's lock before failing (default 3 s). */
  readonly lockWaitMs?: number;
}

/** The lock file in an output folder while a run writes there. */
export const LOCK_FILE = '.sealcheck.lock';

/** Temporary files start with this, so a test (or a person) can tell them from outputs. */
export const TEMP_PREFIX = '.sealcheck-';

type SignalName = 'SIGINT' | 'SIGTERM';
const SIGNAL_EXIT: Record<SignalName, number> = { SIGINT: 130, SIGTERM: 143 };

// Signal handlers belong to the process, not a run: one registry of the sets in progress, cleaned up on SIGINT/SIGTERM.
const active = new Set<OutputSet>();
// Folders this process holds the lock of, with how many sets hold it (a snapshot and reports may share a folder).
const heldLocks = new Map<string, number>();
let pendingSignal: SignalName | undefined;

function onSignal(signal: SignalName): void {
  pendingSignal = signal;
  // A set being committed finishes first (its renames are quick), then the process exits: never half a set.
  if ([...active].some((s) => s.committing)) return;
  exitOnSignal(signal);
}

function exitOnSignal(signal: SignalName): never {
  for (const set of [...active]) set.removeTempsSync();
  process.exit(SIGNAL_EXIT[signal]);
}

const handlers: Record<SignalName, () => void> = { SIGINT: () => onSignal('SIGINT'), SIGTERM: () => onSignal('SIGTERM') };

function track(set: OutputSet): void {
  if (active.size === 0) for (const s of Object.keys(handlers) as SignalName[]) process.on(s, handlers[s]);
  active.add(set);
}

function untrack(set: OutputSet): void {
  active.delete(set);
  if (active.size === 0) for (const s of Object.keys(handlers) as SignalName[]) process.off(s, handlers[s]);
}

/** An output failure as a user error naming the path and the cause (disk full, read-only, permission denied, …). */
export function outputError(path: string, error: unknown): Error {
  if (error instanceof OutputError) return error;
  const e = error as NodeJS.ErrnoException | undefined;
  if (e && typeof e.code === 'string') {
    const cause = e.message.replace(/^[A-Z]+: /, '').replace(/, \w+(?: '.*')?$/, '');
    return new OutputError(`${path}: cannot write (${e.code}: ${cause})`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const closeFile = promisify(closeCb);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function takeLock(dir: string, waitMs: number): Promise<void> {
  const held = heldLocks.get(dir);
  if (held !== undefined) {
    heldLocks.set(dir, held + 1);
    return;
  }
  const file = join(dir, LOCK_FILE);
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      heldLocks.set(dir, 1);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw outputError(file, error);
    }
    let owner = Number.NaN;
    try {
      owner = Number.parseInt(readFileSync(file, 'utf8'), 10);
    } catch {
      // Removed meanwhile, or not readable: try again.
    }
    // A lock left by a run that no longer exists (killed with SIGKILL) is taken over.
    if (Number.isInteger(owner) && owner > 0 && !pidAlive(owner)) {
      rmSync(file, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new OutputError(`${dir}: another sealcheck run${Number.isInteger(owner) ? ` (pid ${owner})` : ''} is writing into this folder; wait for it to finish, or remove ${file} if no run is`);
    }
    await sleep(100);
  }
}

function releaseLock(dir: string): void {
  const held = heldLocks.get(dir);
  if (held === undefined) return;
  if (held > 1) {
    heldLocks.set(dir, held - 1);
    return;
  }
  heldLocks.delete(dir);
  rmSync(join(dir, LOCK_FILE), { force: true });
}

interface TempFile {
  readonly path: string;
  stream?: WriteStream;
}

/**
 * The outputs of one run, written under temporary names in the output folder
 * and renamed into place together at {@link OutputSet.commit}: a run that fails
 * or is interrupted leaves the previous complete set. Temporary files are
 * created exclusively under unpredictable names (a planted symlink is never
 * followed), removed by {@link OutputSet.abort} and on SIGINT/SIGTERM (then the
 * process exits 130/143). Filesystem failures are {@link OutputError}s naming
 * the path and cause.
 *
 * Use: `const set = await OutputSet.begin(dir)`, then `await set.file(name)`
 * (a path to write) or `await set.stream(name)`, then `await set.commit()`, or
 * `await set.abort()` on failure.
 */
export class OutputSet {
  private readonly temps = new Map<string, TempFile>();
  private done = false;
  /** True while the renames run: a signal then waits for them. */
  committing = false;

  private constructor(
    readonly dir: string,
    private readonly createdDir: string | undefined,
    private readonly options: OutputSetOptions,
  ) {}

  /** Opens an output set in `dir` (created when missing), taking the folder's lock. */
  static async begin(dir: string, options: OutputSetOptions = {}): Promise<OutputSet> {
    let createdDir: string | undefined;
    try {
      createdDir = await mkdir(dir, { recursive: true });
      if (!(await stat(dir)).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    } catch (error) {
      throw outputError(dir, error);
    }
    if (options.lock ?? true) await takeLock(dir, options.lockWaitMs ?? 3000);
    const set = new OutputSet(dir, createdDir, options);
    track(set);
    return set;
  }

  private async create(name: string): Promise<{ temp: TempFile; fd: number }> {
    if (this.done) throw new Error(`output set ${this.dir} is already closed`);
    if (name.includes('/') || name.includes('\\') || name.startsWith('.')) throw new Error(`output name ${JSON.stringify(name)} is not a plain file name`);
    if (this.temps.has(name)) throw new Error(`output ${name} is already being written`);
    const path = join(this.dir, `${TEMP_PREFIX}${name}.${randomBytes(8).toString('hex')}.tmp`);
    const temp: TempFile = { path };
    this.temps.set(name, temp);
    try {
      // O_EXCL: a file or symlink already at this name is an error, never opened or followed. Opened synchronously:
      // an open still running on libuv's thread pool could create the file after a signal handler removed the set's
      // temporary files, leaving one behind.
      const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
      return { temp, fd };
    } catch (error) {
      this.temps.delete(name);
      throw outputError(path, error);
    }
  }

  /** Creates the temporary file for output `name` (empty) and returns its path, for writers that take a path. */
  async file(name: string): Promise<string> {
    const { temp, fd } = await this.create(name);
    await closeFile(fd);
    return temp.path;
  }

  /** A write stream on the temporary file for output `name`. */
  async stream(name: string, options: { highWaterMark?: number } = {}): Promise<WriteStream> {
    const { temp, fd } = await this.create(name);
    const stream = createWriteStream('', { fd, ...(options.highWaterMark ? { highWaterMark: options.highWaterMark } : {}) });
    temp.stream = stream;
    return stream;
  }

  /** Drops output `name` written so far (a writer starting over); it may be created again. */
  async forget(name: string): Promise<void> {
    const temp = this.temps.get(name);
    if (!temp) return;
    // The file stays listed until it is gone: a signal while the stream closes must still find and remove it.
    await destroyStream(temp.stream);
    rmSync(temp.path, { force: true });
    this.temps.delete(name);
  }

  /** The final path of output `name`. */
  target(name: string): string {
    return join(this.dir, name);
  }

  /**
   * Renames every output into place, removes members of the set this run did not
   * write, and releases the lock. Returns the final paths, in the order the outputs were created.
   */
  async commit(): Promise<string[]> {
    if (this.done) throw new Error(`output set ${this.dir} is already closed`);
    this.committing = true;
    const written: string[] = [];
    try {
      for (const temp of this.temps.values()) await closeStream(temp.stream);
      for (const [name, temp] of this.temps) {
        const target = this.target(name);
        try {
          await rename(temp.path, target);
        } catch (error) {
          throw outputError(target, error);
        }
        written.push(target);
      }
      this.temps.clear();
      for (const member of this.options.members ?? []) {
        if (!written.includes(this.target(member))) await rm(this.target(member), { force: true });
      }
    } catch (error) {
      this.committing = false;
      await this.abort();
      throw error;
    }
    this.committing = false;
    this.close();
    if (pendingSignal) exitOnSignal(pendingSignal);
    return written;
  }

  /** Removes every temporary file (and the folder when this set created it and it is empty), and releases the lock. */
  async abort(): Promise<void> {
    if (this.done) return;
    for (const temp of this.temps.values()) {
      await destroyStream(temp.stream);
      await rm(temp.path, { force: true });
    }
    this.temps.clear();
    this.close();
    if (this.createdDir) await removeEmptyFolders(this.dir, this.createdDir);
  }

  /** For the signal handler: removes the temporary files without waiting for streams. */
  removeTempsSync(): void {
    for (const temp of this.temps.values()) rmSync(temp.path, { force: true });
    this.temps.clear();
    this.close();
  }

  private close(): void {
    if (this.done) return;
    this.done = true;
    if (this.options.lock ?? true) releaseLock(this.dir);
    untrack(this);
  }
}

async function closeStream(stream: WriteStream | undefined): Promise<void> {
  if (!stream || stream.closed) return;
  if (stream.writableFinished || stream.destroyed) {
    await new Promise<void>((resolve) => (stream.closed ? resolve() : stream.once('close', () => resolve())));
    return;
  }
  await new Promise<void>((resolve, reject) => {
    stream.once('error', reject);
    stream.end(() => resolve());
  });
  if (!stream.closed) await new Promise<void>((resolve) => stream.once('close', () => resolve()));
}

async function destroyStream(stream: WriteStream | undefined): Promise<void> {
  if (!stream || stream.closed) return;
  // Writes still queued fail once it is destroyed; nothing of this file matters any more.
  stream.on('error', () => undefined);
  stream.destroy();
  await new Promise<void>((resolve) => (stream.closed ? resolve() : stream.once('close', () => resolve())));
}

/** Removes `dir` and its parents up to `top` (the first folder this run created) while they are empty. */
async function removeEmptyFolders(dir: string, top: string): Promise<void> {
  const stop = resolve(top);
  for (let d = resolve(dir); d.startsWith(stop); d = dirname(d)) {
    try {
      await rmdir(d);
    } catch {
      return;
    }
    if (d === stop) return;
  }
}
