import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { UsageError } from '../errors.js';
import { isS3Location, parseS3Location, s3Join } from '../util/storage/location.js';
import { uploadObject } from '../util/storage/s3-objects.js';
import type { ReportFormat, WrittenReport } from './write.js';

/**
 * Where a command's reports go: the folder named by `--out`, or, for
 * `--out -`, standard output. Standard output takes exactly one file format;
 * it is written into a private folder like any output set (so a failed run
 * prints nothing) and copied to standard output once complete. An s3:// prefix
 * is served the same way: the set is written whole into a private folder, then
 * each report is uploaded under the prefix (each object appears whole; the set
 * does not appear at once).
 */
export interface OutputTarget {
  /** The folder the reports are written into. */
  readonly dir: string;
  /** Whether the report goes to standard output (then nothing else may be printed there). */
  readonly toStdout: boolean;
  /** After the reports are in place: copies the one report to standard output and removes the private folder. */
  deliver(written: readonly WrittenReport[]): Promise<void>;
  /** After a failure: removes the private folder. */
  discard(): Promise<void>;
  /** Where a report written into `dir` ends up, for messages: the file itself, or its s3:// location. */
  shown?(file: string): string;
}

/** Throws a usage error when `--out -` comes with other than exactly one file format and no console summary (call it before any work). */
export function checkOutputTarget(out: string, formats: readonly ReportFormat[]): void {
  if (out !== '-') return;
  const files = formats.filter((f) => f !== 'console');
  if (files.length !== 1 || formats.includes('console')) {
    throw new UsageError(`--out -: standard output takes exactly one report format and no console summary; --format is ${formats.join(',')} (for example --format sarif --out -)`);
  }
}

/** `--out` as a target (see {@link checkOutputTarget} for what `-` needs). */
export async function outputTarget(out: string, formats: readonly ReportFormat[]): Promise<OutputTarget> {
  checkOutputTarget(out, formats);
  if (isS3Location(out)) return s3Target(out);
  if (out !== '-') return { dir: out, toStdout: false, deliver: async () => {}, discard: async () => {} };
  const dir = await mkdtemp(join(tmpdir(), 'sealcheck-stdout-'));
  const discard = () => rm(dir, { recursive: true, force: true });
  return {
    dir,
    toStdout: true,
    discard,
    deliver: async (written) => {
      try {
        for (const report of written) {
          for await (const chunk of createReadStream(report.file)) {
            if (!process.stdout.write(chunk as Buffer)) await once(process.stdout, 'drain');
          }
        }
      } finally {
        await discard();
      }
    },
  };
}

async function s3Target(prefix: string): Promise<OutputTarget> {
  // Checked before any work, so a typo'd bucket name stops the run first.
  parseS3Location(prefix);
  const dir = await mkdtemp(join(tmpdir(), 'sealcheck-s3-'));
  const discard = () => rm(dir, { recursive: true, force: true });
  return {
    dir,
    toStdout: false,
    discard,
    shown: (file) => s3Join(prefix, basename(file)),
    deliver: async (written) => {
      try {
        for (const report of written) await uploadObject(s3Join(prefix, basename(report.file)), createReadStream(report.file));
      } finally {
        await discard();
      }
    },
  };
}
