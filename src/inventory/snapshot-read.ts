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
import { headOf, importConfigStream, looksLikeConfigDocument } from './config-stream.js';

/** An inventory being read: the header first, then the resources, one at a time for NDJSON input. */
export interface InventorySource {
  header: SnapshotHeader;
  resources: AsyncIterable<Resource>;
  /** Resource types the source held that sealcheck does not model, with counts (filled as resources are read). */
  unsupported: Record<string, number>;
  /** Stops reading: the file is closed (reading every resource closes it too). */
  close?(): Promise<void>;
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

/** The header and the resource array of a parsed sealcheck snapshot document. */
function snapshotDocument(doc: unknown, file: string): { header: SnapshotHeader; resources: unknown[] } {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || (doc as { format?: unknown }).format !== SNAPSHOT_FORMAT) {
    throw new InputError(
      `${file}: /: not a sealcheck snapshot ("format": "${SNAPSHOT_FORMAT}"), an AWS Config snapshot file, or AWS Config API items`,
    );
  }
  const d = doc as Record<string, unknown>;
  if (d.version !== 1) throw new InputError(`${file}: /version: unsupported snapshot version ${clip(JSON.stringify(d.version) ?? 'undefined')}`);
  const header = validateHeader(d.header, file, '/header');
  if (!Array.isArray(d.resources)) throw new InputError(`${file}: /resources: must be an array`);
  return { header, resources: d.resources };
}

function fromDocument(doc: unknown, file: string): InventorySource {
  if (isConfigDocument(doc)) {
    const snapshot = importConfigDocument(doc, file);
    return { header: snapshot.header, resources: fromArray(snapshot.resources), unsupported: snapshot.header.unsupported ?? {} };
  }
  const d = snapshotDocument(doc, file);
  const unsupported: Record<string, number> = { ...(d.header.unsupported ?? {}) };
  const resources: Resource[] = [];
  d.resources.forEach((r, i) => {
    if (admit(r, file, `/resources/${i}`, unsupported)) resources.push(r);
  });
  return { header: { ...d.header, unsupported }, resources: fromArray(resources), unsupported };
}

/**
 * The lines of a stream, a chunk's worth at a time, read only as fast as they
 * are consumed, with read errors turned into an {@link InputError} naming the
 * file. `\r\n` counts as one line end.
 */
async function* lineBatches(input: Readable, file: string): AsyncGenerator<string[], void, undefined> {
  input.setEncoding('utf8');
  // The pieces of a line longer than a chunk, joined once when its end arrives: only new text is searched for "\n", so a long line costs its length, not its length squared.
  let pending: string[] = [];
  const cr = (line: string) => (line.endsWith('\r') ? line.slice(0, -1) : line);
  try {
    for await (const chunk of input as AsyncIterable<string>) {
      const batch: string[] = [];
      let start = 0;
      for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', start)) {
        let line = chunk.slice(start, nl);
        if (pending.length > 0) {
          pending.push(line);
          line = pending.join('');
          pending = [];
        }
        batch.push(cr(line));
        start = nl + 1;
      }
      if (start < chunk.length) pending.push(chunk.slice(start));
      if (batch.length > 0) yield batch;
    }
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new InputError(`${file}: cannot read (${e.code ?? e.message})`);
  }
  const rest = pending.join('');
  if (rest !== '') yield [cr(rest)];
}

/**
 * Lines of a file: `take()` hands out the lines of the chunk in hand without
 * awaiting, `fill()` reads the next chunk. Awaiting once per chunk rather than
 * once per line is most of what reading a large snapshot costs beyond parsing.
 */
class LineReader {
  private lines: string[] = [];
  private at = 0;
  private readonly batches: AsyncGenerator<string[], void, undefined>;

  constructor(file: string) {
    this.batches = lineBatches(openText(file), file);
  }

  take(): string | undefined {
    return this.at < this.lines.length ? this.lines[this.at++] : undefined;
  }

  /** Reads the next chunk's lines; false at the end of the file. */
  async fill(): Promise<boolean> {
    const next = await this.batches.next();
    if (next.done) return false;
    this.lines = next.value;
    this.at = 0;
    return true;
  }

  async next(): Promise<string | undefined> {
    return this.take() ?? ((await this.fill()) ? this.take() : undefined);
  }

  async close(): Promise<void> {
    await this.batches.return();
  }
}

const TYPE_PREFIX = '{"resourceType":"';

/**
 * Whether a resource's line can be of one of `types`, decided without parsing
 * it. Lines as sealcheck writes them start with the type: it is read there.
 * Otherwise the line must at least contain one of the types as a JSON string
 * (`needles`). A type written with `\u` escapes is missed either way: what
 * refers to that resource then reads UNKNOWN, never PASS.
 */
function mayHoldType(line: string, types: ReadonlySet<string>, needles: readonly string[]): boolean {
  if (line.startsWith(TYPE_PREFIX)) {
    const end = line.indexOf('"', TYPE_PREFIX.length);
    const type = end < 0 ? '' : line.slice(TYPE_PREFIX.length, end);
    if (end >= 0 && !type.includes('\\')) return types.has(type);
  }
  return needles.some((n) => line.includes(n));
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
  const lines = new LineReader(file);
  const first = await lines.next();
  if (first === undefined) throw new InputError(`${file}:1:1: empty file`);
  const headerDoc = parseJson(first, file) as Record<string, unknown>;
  if (headerDoc?.format !== SNAPSHOT_FORMAT) throw new InputError(`${file}:1: first line must be the snapshot header ("format": "${SNAPSHOT_FORMAT}")`);
  if (headerDoc.version !== 1) throw new InputError(`${file}:1: /version: unsupported snapshot version`);
  const header = validateHeader(headerDoc.header, `${file}:1`, '/header');
  const unsupported: Record<string, number> = { ...(header.unsupported ?? {}) };
  async function* resources(): AsyncIterable<Resource> {
    let lineNo = 1;
    try {
      while (true) {
        const line = lines.take() ?? ((await lines.fill()) ? lines.take() : undefined);
        if (line === undefined) return;
        lineNo++;
        if (line.trim() === '') continue;
        if (needles && options.onlyTypes && !mayHoldType(line, options.onlyTypes, needles)) continue;
        // A resource is one line: its syntax errors are placed as file:line:column.
        const resource = parseJson(line, file, lineNo - 1);
        if (admit(resource, `${file}:${lineNo}`, '', unsupported) && (!options.onlyTypes || options.onlyTypes.has(resource.resourceType))) yield resource;
      }
    } finally {
      // Also when the reader stops early (an error, or a scan starting over): the file is not left open.
      await lines.close();
    }
  }
  return { header, resources: resources(), unsupported, close: () => lines.close() };
}

function openText(file: string): Readable {
  // 1 MiB chunks: a line reader of a large inventory waits on fewer reads and decodes in bigger pieces.
  const raw = createReadStream(file, { highWaterMark: 2 ** 20 });
  const input = isGzip(file) ? raw.pipe(createGunzip()) : raw;
  // A read error of the file reaches the lines through the gunzip stream too. (No Promise.race per line
  // against a pending "failure" promise: each race would stay attached to it, keeping every line alive.)
  if (input !== raw) raw.on('error', (error) => input.destroy(error));
  return input;
}


/** A head line longer than this (a header with a vast error list) is not worth streaming for: the document is parsed whole. */
const HEAD_LIMIT = 16 * 2 ** 20;
const HEAD_PREFIX = '{"format":"sealcheck-snapshot",';

/** The first line of a file when it is at most HEAD_LIMIT long and starts like writeSnapshot's JSON; reads no further than that. */
async function readHead(file: string): Promise<string | undefined> {
  const input = openText(file);
  input.setEncoding('utf8');
  const parts: string[] = [];
  let length = 0;
  try {
    for await (const chunk of input as AsyncIterable<string>) {
      if (length === 0 && !chunk.startsWith(HEAD_PREFIX.slice(0, chunk.length))) return undefined;
      const nl = chunk.indexOf('\n');
      parts.push(nl < 0 ? chunk : chunk.slice(0, nl));
      if (nl >= 0) return parts.join('');
      length += chunk.length;
      if (length > HEAD_LIMIT) return undefined;
    }
    return undefined;
  } catch {
    // Unreadable: the whole-document read reports it.
    return undefined;
  } finally {
    input.destroy();
  }
}

/** The first line of a JSON snapshot as writeSnapshot lays it out: the document up to and including `"resources":[`. */
const JSON_HEAD = /^\{"format":"sealcheck-snapshot",.*,"resources":\[$/;

/**
 * A JSON snapshot read one resource per line, without holding the document
 * as one string: writeSnapshot (and bench/gen.mjs) put the header and
 * `"resources":[` on the first line, then one resource per line, each but the
 * last followed by a comma, then `]}`. Undefined when the first line is not
 * such a head. A later line that breaks the layout (a hand-edited file, a
 * truncated one) hands over to the whole-document parse, which continues from
 * the same array index or reports the syntax error with its line and column.
 */
async function openJsonLines(file: string, options: OpenOptions): Promise<InventorySource | undefined> {
  const head = await readHead(file);
  if (head === undefined || !JSON_HEAD.test(head)) return undefined;
  let headDoc: unknown;
  try {
    headDoc = JSON.parse(`${head}]}`);
  } catch {
    return undefined;
  }
  const { header } = snapshotDocument(headDoc, file);
  const lines = new LineReader(file);
  // The head line, read again: the stream restarts at the beginning of the file.
  await lines.next();
  const headerText = JSON.stringify(header);
  const unsupported: Record<string, number> = { ...(header.unsupported ?? {}) };
  const needles = options.onlyTypes ? [...options.onlyTypes].map((t) => JSON.stringify(t)) : undefined;
  const wanted = (r: Resource) => !options.onlyTypes || options.onlyTypes.has(r.resourceType);
  async function* resources(): AsyncIterable<Resource> {
    let index = 0;
    // Array index after the last line parsed: a line skipped unparsed might not have been a whole element.
    let parsedTo = 0;
    let closed = false;
    // After "[" and after a trailing comma another element must come; after the last element, "]}".
    let expectMore = true;
    let broken = false;
    try {
      while (true) {
        const line = lines.take() ?? ((await lines.fill()) ? lines.take() : undefined);
        if (line === undefined) break;
        const text = line.trim();
        if (text === '') continue;
        if (closed) {
          broken = true;
          break;
        }
        if (text === ']}') {
          closed = true;
          if (expectMore && index > 0) {
            broken = true;
            break;
          }
          continue;
        }
        if (!expectMore || text[0] !== '{') {
          broken = true;
          break;
        }
        expectMore = text.endsWith(',');
        const body = expectMore ? text.slice(0, -1) : text;
        // Lines without a wanted type are skipped unparsed, as for NDJSON; the array index still counts them.
        if (needles && options.onlyTypes && !mayHoldType(body, options.onlyTypes, needles)) {
          index++;
          continue;
        }
        let resource: unknown;
        try {
          resource = JSON.parse(body);
        } catch {
          broken = true;
          break;
        }
        if (admit(resource, file, `/resources/${index}`, unsupported) && wanted(resource)) yield resource;
        parsedTo = ++index;
      }
    } finally {
      // Also when the reader stops early (an error, or a scan starting over): the file is not left open.
      await lines.close();
    }
    if (!broken && closed) return;
    // Not the line layout after all: parse the whole document and go on after the last element parsed here.
    const text = await readText(file);
    const whole = snapshotDocument(parseJson(text, file), file);
    if (JSON.stringify(whole.header) !== headerText) throw new InputError(`${file}: /header: the document's header differs from its first line (duplicate keys?)`);
    for (let i = parsedTo; i < whole.resources.length; i++) {
      const r = whole.resources[i];
      if (admit(r, file, `/resources/${i}`, unsupported) && wanted(r)) yield r;
    }
  }
  return { header: { ...header, unsupported }, resources: resources(), unsupported, close: () => lines.close() };
}

/** Whether a snapshot is read one resource at a time (NDJSON, or JSON in writeSnapshot's layout), so reading it twice holds no more than one resource. */
export async function readsByLine(file: string): Promise<boolean> {
  if (isNdjson(file)) return true;
  const head = await readHead(file);
  return head !== undefined && JSON_HEAD.test(head);
}

/** An inventory already in memory (just collected), read the same way as one from a file. */
export function inventoryFromSnapshot(snapshot: Snapshot): InventorySource {
  return { header: snapshot.header, resources: fromArray(snapshot.resources), unsupported: { ...(snapshot.header.unsupported ?? {}) } };
}

/**
 * Opens a snapshot of any supported kind. NDJSON, and JSON snapshots laid out
 * one resource per line as sealcheck writes them, are streamed; everything
 * else is parsed whole (`onlyTypes` then does not apply).
 */
export async function openInventory(file: string, options: OpenOptions = {}): Promise<InventorySource> {
  if (isNdjson(file)) return openNdjson(file, options);
  const lines = await openJsonLines(file, options);
  if (lines) {
    lines.header.source.file ??= basename(file);
    return lines;
  }
  // AWS Config documents are often one line of hundreds of megabytes: parsed as a stream, item by item.
  if (looksLikeConfigDocument(await headOf(openText(file)))) {
    const snapshot = await importConfigStream(openText(file), file);
    return inventoryFromSnapshot(snapshot);
  }
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
