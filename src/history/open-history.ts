import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { InputError, clip } from '../errors.js';
import { networkFileSystemOf } from './network-fs.js';
import { HISTORY_APPLICATION_ID, HISTORY_SCHEMA_VERSION, MIGRATIONS } from './schema.js';

const requireModule = createRequire(import.meta.url);
/** SQLite's native module, loaded by the first run that opens a history: every other command and scan goes without it. */
const loadSqlite = (): typeof Database => requireModule('better-sqlite3') as typeof Database;

/** An open history database and the file it came from (for messages). */
export interface History {
  db: Database.Database;
  file: string;
}

/** How long a writer waits for another run's transaction before giving up (SQLite's busy timeout). */
export const BUSY_TIMEOUT_MS = 30_000;

function sqliteCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** A SQLite failure as one line naming the file; anything else is a bug and goes on as it is. */
export function historyError(file: string, error: unknown): Error {
  const code = sqliteCode(error);
  if (code === undefined || !code.startsWith('SQLITE_')) return error instanceof Error ? error : new Error(String(error));
  if (code === 'SQLITE_NOTADB') return new InputError(`${file}: not a SQLite database, so not a sealcheck history`);
  if (code.startsWith('SQLITE_BUSY')) return new InputError(`${file}: the history is locked by another run for more than ${BUSY_TIMEOUT_MS / 1000} s`);
  return new InputError(`${file}: cannot use the history: ${clip((error as Error).message)} (${code})`);
}

/** Runs `work` on the history, turning SQLite failures into one-line input errors. */
export function onHistory<T>(history: History, work: (db: Database.Database) => T): T {
  try {
    return work(history.db);
  } catch (error) {
    throw historyError(history.file, error);
  }
}

function tableCount(db: Database.Database): number {
  return (db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number }).n;
}

/** Checks the file is a sealcheck history this version can read, and brings its schema up to date in one transaction. */
function migrate(db: Database.Database, file: string): void {
  const step = db.transaction(() => {
    // Read again under the write lock: another run may have migrated meanwhile.
    const version = db.pragma('user_version', { simple: true }) as number;
    const appId = db.pragma('application_id', { simple: true }) as number;
    if (appId !== HISTORY_APPLICATION_ID && (appId !== 0 || version !== 0 || tableCount(db) > 0)) {
      throw new InputError(`${file}: a SQLite database, but not a sealcheck history (application_id ${appId})`);
    }
    if (version > HISTORY_SCHEMA_VERSION) {
      throw new InputError(`${file}: history schema version ${version} is newer than this sealcheck reads (${HISTORY_SCHEMA_VERSION}); use a newer sealcheck`);
    }
    for (const m of MIGRATIONS) if (m.version > version) for (const sql of m.statements) db.exec(sql);
    if (version < HISTORY_SCHEMA_VERSION) db.pragma(`user_version = ${HISTORY_SCHEMA_VERSION}`);
    if (appId !== HISTORY_APPLICATION_ID) db.pragma(`application_id = ${HISTORY_APPLICATION_ID}`);
  });
  step.immediate();
}

/**
 * Opens (or, with `create`, creates) a history file. The rollback journal
 * (`journal_mode = DELETE`), not WAL: WAL needs shared memory beside the file,
 * which network file systems and CI artefact copies do not carry, and a
 * history is written once per run, so WAL's concurrent readers gain nothing.
 * Two runs at once queue on SQLite's lock for up to {@link BUSY_TIMEOUT_MS}.
 */
export function openHistory(file: string, options: { create: boolean }): History {
  if (!options.create && !existsSync(file)) throw new InputError(`${file}: no such history file`);
  let db: Database.Database | undefined;
  try {
    db = new (loadSqlite())(file, { fileMustExist: !options.create, timeout: BUSY_TIMEOUT_MS });
    db.pragma('journal_mode = DELETE');
    db.pragma('foreign_keys = ON');
    migrate(db, file);
    return { db, file };
  } catch (error) {
    db?.close();
    throw historyError(file, error);
  }
}

/** A warning for standard error when `file` lies on a network file system, where SQLite's locks do not hold. */
export function networkWarning(file: string): string | undefined {
  const fs = networkFileSystemOf(file);
  if (fs === undefined) return undefined;
  return `warning: history ${file} is on a network file system (${fs}): SQLite's file locks do not hold there, so two runs writing it at once can corrupt it; keep it on a local disk or run one scan at a time`;
}
