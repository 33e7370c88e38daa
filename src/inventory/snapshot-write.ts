import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Snapshot } from './resource.js';

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
 * It goes to a temporary file renamed into place only when complete, so a reader never sees half a snapshot.
 */
export async function writeSnapshot(file: string, snapshot: Snapshot): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const ndjson = /\.(ndjson|jsonl)(\.gz)?$/.test(file);
  const source = Readable.from(chunks(snapshot, ndjson));
  try {
    if (file.endsWith('.gz')) await pipeline(source, createGzip(), createWriteStream(tmp));
    else await pipeline(source, createWriteStream(tmp));
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
