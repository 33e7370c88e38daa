import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { gunzipSync, createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { basename } from 'node:path';
import { InputError, clip } from '../errors.js';
import { jsonErrorLocation } from '../util/json-location.js';
import { SNAPSHOT_FORMAT, type Resource, type Snapshot, type SnapshotHeader } from './resource.js';
import { validateHeader, validateResource } from './snapshot-validate.js';
import { importConfigDocument, isConfigDocument } from './config-import.js';

/** An inventory being read: the header first, then the resources, one at a time for NDJSON input. */
export interface InventorySource {
  header: SnapshotHeader;
  resources: AsyncIterable<Resource>;
  /** Resource types the source held that sealcheck does not model, with counts (filled as resources are read). */
  unsupported: Record<string, number>;
}

const isGzip = (file: string) => file.endsWith('.gz');
/** The longest string V8 (Node 20, 64-bit) can create, in UTF-16 units; a UTF-8 file of at most this many bytes always fits. */
const MAX_STRING_LENGTH = 2 ** 29 - 24;
const isNdjson = (file: string) => /\.(ndjson|jsonl)(\.gz)?$/.test(file);

async function readText(file: string): Promise<string> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (error) {
    throw new InputError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (isGzip(file) || (data[0] === 0x1f && data[1] === 0x8b)) {
    try {
      data = gunzipSync(data);
    } catch {
      throw new InputError(`${file}: not a valid gzip file (truncated?)`);
    }
  }
  // V8 cannot hold a longer string, so such a document cannot be parsed in one piece; NDJSON streams instead.
  if (data.length > MAX_STRING_LENGTH) {
    throw new InputError(`${file}: ${Math.round(data.length / 2 ** 20)} MB is too large to read as one JSON document (limit ${Math.floor(MAX_STRING_LENGTH / 2 ** 20)} MB); write the snapshot as NDJSON (.ndjson), which is read one resource at a time`);
  }
  return data.toString('utf8');
}

function parseJson(text: string, file: string, lineOffset = 0): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const { line, column, detail } = jsonErrorLocation(text, error);
    throw new InputError(`${file}:${line + lineOffset}:${column}: not valid JSON: ${clip(detail, 160)}`);
  }
}

/** Keeps modelled resources and counts the rest, so an unsupported type is reported, never silently dropped. */
function admit(resource: unknown, file: string, pointer: string, unsupported: Record<string, number>): resource is Resource {
  if (validateResource(resource, file, pointer)) return true;
  const type = (resource as Resource).resourceType;
  unsupported[type] = (unsupported[type] ?? 0) + 1;
  return false;
}

async function* fromArray(resources: Resource[]): AsyncIterable<Resource> {
  yield* resources;
}

function fromDocument(doc: unknown, file: string): InventorySource {
  if (isConfigDocument(doc)) {
    const snapshot = importConfigDocument(doc, file);
    return { header: snapshot.header, resources: fromArray(snapshot.resources), unsupported: snapshot.header.unsupported ?? {} };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || (doc as { format?: unknown }).format !== SNAPSHOT_FORMAT) {
    throw new InputError(
      `${file}: /: not a sealcheck snapshot ("format": "${SNAPSHOT_FORMAT}"), an AWS Config snapshot file, or AWS Config API items`,
    );
  }
  const d = doc as Record<string, unknown>;
  if (d.version !== 1) throw new InputError(`${file}: /version: unsupported snapshot version ${clip(JSON.stringify(d.version) ?? 'undefined')}`);
  const header = validateHeader(d.header, file, '/header');
  if (!Array.isArray(d.resources)) throw new InputError(`${file}: /resources: must be an array`);
  const unsupported: Record<string, number> = { ...(header.unsupported ?? {}) };
  const resources: Resource[] = [];
  d.resources.forEach((r, i) => {
    if (admit(r, file, `/resources/${i}`, unsupported)) resources.push(r);
  });
  return { header: { ...header, unsupported }, resources: fromArray(resources), unsupported };
}

/**
 * The lines of a stream, read only as fast as they are consumed, with read
 * errors turned into an {@link InputError} naming the file. `\r\n` counts as
 * one line end.
 */
async function* splitLines(input: Readable, file: string): AsyncGenerator<string, void, undefined> {
  input.setEncoding('utf8');
  let rest = '';
  try {
    for await (const chunk of input as AsyncIterable<string>) {
      const text = rest + chunk;
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        yield text.charCodeAt(nl - 1) === 13 && nl > start ? text.slice(start, nl - 1) : text.slice(start, nl);
        start = nl + 1;
      }
      rest = text.slice(start);
    }
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new InputError(`${file}: cannot read (${e.code ?? e.message})`);
  }
  if (rest !== '') yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}

/** How to read an inventory. */
export interface OpenOptions {
  /**
   * Read only resources of these types. NDJSON lines that do not mention any of
   * them are skipped before parsing, so a pass that only builds the index of
   * referenced resources costs little more than reading the file.
   */
  onlyTypes?: ReadonlySet<string>;
}

async function openNdjson(file: string, options: OpenOptions = {}): Promise<InventorySource> {
  const needles = options.onlyTypes ? [...options.onlyTypes].map((t) => JSON.stringify(t)) : undefined;
  const raw = createReadStream(file);
  const input = isGzip(file) ? raw.pipe(createGunzip()) : raw;
  // A read error of the file reaches the lines through the gunzip stream too. (No Promise.race per line
  // against a pending "failure" promise: each race would stay attached to it, keeping every line alive.)
  if (input !== raw) raw.on('error', (error) => input.destroy(error));
  const lines = splitLines(input, file);
  const first = await lines.next();
  if (first.done) throw new InputError(`${file}:1:1: empty file`);
  const headerDoc = parseJson(first.value, file) as Record<string, unknown>;
  if (headerDoc?.format !== SNAPSHOT_FORMAT) throw new InputError(`${file}:1: first line must be the snapshot header ("format": "${SNAPSHOT_FORMAT}")`);
  if (headerDoc.version !== 1) throw new InputError(`${file}:1: /version: unsupported snapshot version`);
  const header = validateHeader(headerDoc.header, `${file}:1`, '/header');
  const unsupported: Record<string, number> = { ...(header.unsupported ?? {}) };
  async function* resources(): AsyncIterable<Resource> {
    let lineNo = 1;
    while (true) {
      const next = await lines.next();
      if (next.done) return;
      lineNo++;
      if (next.value.trim() === '') continue;
      if (needles && !needles.some((n) => next.value.includes(n))) continue;
      const resource = parseJson(next.value, `${file}:${lineNo}`);
      if (admit(resource, `${file}:${lineNo}`, '', unsupported) && (!options.onlyTypes || options.onlyTypes.has(resource.resourceType))) yield resource;
    }
  }
  return { header, resources: resources(), unsupported };
}

/** An inventory already in memory (just collected), read the same way as one from a file. */
export function inventoryFromSnapshot(snapshot: Snapshot): InventorySource {
  return { header: snapshot.header, resources: fromArray(snapshot.resources), unsupported: { ...(snapshot.header.unsupported ?? {}) } };
}

/** Opens a snapshot of any supported kind; NDJSON is streamed, everything else is parsed whole (`onlyTypes` then applies only to NDJSON). */
export async function openInventory(file: string, options: OpenOptions = {}): Promise<InventorySource> {
  if (isNdjson(file)) return openNdjson(file, options);
  const text = await readText(file);
  if (text.trim() === '') throw new InputError(`${file}:1:1: empty file`);
  const source = fromDocument(parseJson(text, file), file);
  source.header.source.file ??= basename(file);
  return source;
}

/** Reads a whole snapshot into memory. */
export async function readSnapshot(file: string): Promise<Snapshot> {
  const source = await openInventory(file);
  const resources: Resource[] = [];
  for await (const r of source.resources) resources.push(r);
  return { format: SNAPSHOT_FORMAT, version: 1, header: { ...source.header, unsupported: source.unsupported }, resources };
}
