import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { OutputError } from '../../errors.js';
import { isS3Location } from './location.js';
import { uploadObject } from './s3-objects.js';

/**
 * Writes a small text output (a baseline, a diff, a compliance CSV) to a local
 * path or an s3:// location, whole or not at all: locally under a temporary
 * name in the same folder, renamed when complete; in S3 as one object, which
 * appears only when complete.
 */
export async function writeTextWhole(location: string, text: string, contentType?: string): Promise<void> {
  if (isS3Location(location)) return uploadObject(location, text, contentType);
  const tmp = `${location}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(location), { recursive: true });
    await writeFile(tmp, text, { encoding: 'utf8', flag: 'wx' });
    await rename(tmp, location);
  } catch (error) {
    await rm(tmp, { force: true });
    throw new OutputError(`${location}: cannot write (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
