import { basename, dirname } from 'node:path';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { PassThrough, Readable } from 'node:stream';
import type { Snapshot } from './resource.js';
import { OutputSet, outputError } from '../util/output-set.js';
import { isS3Location } from '../util/storage/location.js';
import { uploadObject } from '../util/storage/s3-objects.js';

/** The lines of a snapshot: JSON as one document, NDJSON as the header line then one resource per line. */
function* chunks(snapshot: Snapshot, ndjson: boolean): Generator<string> {
  if (ndjson) {
    yield `${JSON.stringify({ format: snapshot.format, version: snapshot.version, header: snapshot.header })}\n`;
    for (const r of snapshot.resources) yield `${JSON.stringify(r)}\n`;
    return;
  }
  yield `{"format":${JSON.stringify(snapshot.format)},"version":${snapshot.version},"header":${JSON.stringify(snapshot.header)},"resources":[`;
  let first = true;
  for (const r of snapshot.resources) {
    yield `${first ? '\n' : ',\n'}${JSON.stringify(r)}`;
    first = false;
  }
  yield '\n]}\n';
}

/**
 * Writes a snapshot as JSON or NDJSON (by extension), gzipped when the name ends in `.gz`.
 * It goes through an {@link OutputSet} (no lock: the folder may be the reports' own): a temporary file,
 * created exclusively, renamed into place only when complete, so a reader never sees half a snapshot.
 * An s3:// location is uploaded as it is produced (in parts when large); S3 shows the object only when complete.
 */
export async function writeSnapshot(file: string, snapshot: Snapshot): Promise<void> {
  if (isS3Location(file)) return uploadSnapshot(file, snapshot);
  const output = await OutputSet.begin(dirname(file), { lock: false });
  const ndjson = /\.(ndjson|jsonl)(\.gz)?$/.test(file);
  const source = Readable.from(chunks(snapshot, ndjson));
  try {
    const out = await output.stream(basename(file));
    try {
      if (file.endsWith('.gz')) await pipeline(source, createGzip(), out);
      else await pipeline(source, out);
    } catch (error) {
      throw outputError(file, error);
    }
    await output.commit();
  } catch (error) {
    await output.abort();
    throw error;
  }
}

async function uploadSnapshot(uri: string, snapshot: Snapshot): Promise<void> {
  const ndjson = /\.(ndjson|jsonl)(\.gz)?$/.test(uri);
  const gzip = uri.endsWith('.gz');
  const body = new PassThrough();
  // A failure producing the body fails the upload's read of it, and the upload is aborted.
  const source = Readable.from(chunks(snapshot, ndjson));
  const produced = gzip ? pipeline(source, createGzip(), body) : pipeline(source, body);
  const uploaded = uploadObject(uri, body, gzip ? 'application/gzip' : ndjson ? 'application/x-ndjson' : 'application/json').catch((error: unknown) => {
    // An upload refused early stops producing the body too.
    body.destroy();
    throw error;
  });
  await Promise.all([produced, uploaded]);
}
