import type { Readable } from 'node:stream';
import { createWriteStream } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { InputError, clip } from '../errors.js';
import { jsonErrorLocation } from '../util/json-location.js';
import { LIMIT_VARIABLES, StrictUtf8Decoder, checkRegularFile, isStdin, decodeUtf8, gunzipError, openByteStream, readBoundedBytes, readLimits } from '../util/bounded-read.js';
import { SNAPSHOT_FORMAT, type Resource, type Snapshot, type SnapshotHeader } from './resource.js';
import { validateHeader, validateResource } from './snapshot-validate.js';
import { importConfigDocument, isConfigDocument, type ImportedConfig } from './config-import.js';
import { SpoolStore } from './config-store.js';
import { makeTempDir } from '../util/temp-dir.js';
import { headOf, importConfigStream, looksLikeConfigDocument } from './config-stream.js';
import { inputRecord, own } from '../util/own.js';

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
const isNdjson = (file: string) => /\.(ndjson|jsonl)(\.gz)?$/.test(file);

async function readText(file: string): Promise<string> {
  // Capped at what V8 can hold as one string (or less, by SEALCHECK_MAX_DOCUMENT_MIB): larger snapshots are read as NDJSON, one resource at a time.
  const data = await readBoundedBytes(file);
  return decodeUtf8(file, data);
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
  unsupported[type] = (own(unsupported, type) ?? 0) + 1;
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
  const unsupported: Record<string, number> = Object.assign(inputRecord<number>(), d.header.unsupported);
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
  const decoder = new StrictUtf8Decoder(file);
  const maxLine = readLimits().lineBytes;
  let pendingLength = 0;
  let lineNo = 1;
  // The pieces of a line longer than a chunk, joined once when its end arrives: only new text is searched for "\n", so a long line costs its length, not its length squared.
  let pending: string[] = [];
  const cr = (line: string) => (line.endsWith('\r') ? line.slice(0, -1) : line);
  try {
    for await (const bytes of input as AsyncIterable<Buffer>) {
      const chunk = decoder.write(bytes);
      const batch: string[] = [];
      let start = 0;
      for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', start)) {
        if (pendingLength + nl - start > maxLine) throw lineTooLong(file, lineNo, maxLine);
        let line = chunk.slice(start, nl);
        if (pending.length > 0) {
          pending.push(line);
          line = pending.join('');
          pending = [];
          pendingLength = 0;
        }
        batch.push(cr(line));
        lineNo++;
        start = nl + 1;
      }
      if (start < chunk.length) {
        pending.push(chunk.slice(start));
        pendingLength += chunk.length - start;
        // Without this check one endless line (a gzip bomb, /dev/zero) would grow until V8 gives up.
        if (pendingLength > maxLine) throw lineTooLong(file, lineNo, maxLine);
      }
      if (batch.length > 0) yield batch;
    }
    decoder.end();
  } catch (error) {
    if (error instanceof InputError) throw error;
    const e = error as NodeJS.ErrnoException;
    if (e.code?.startsWith('Z_')) throw gunzipError(file, e, maxLine, LIMIT_VARIABLES.lineBytes);
    throw new InputError(`${file}: cannot read (${e.code ?? e.message})`);
  }
  const rest = pending.join('');
  if (rest !== '') yield [cr(rest)];
}

function lineTooLong(file: string, lineNo: number, limit: number): InputError {
  return new InputError(`${file}:${lineNo}: line longer than ${Math.round(limit / 2 ** 20)} MiB (limit; raise ${LIMIT_VARIABLES.lineBytes} if the file is genuine)`);
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
  return openByteStream(file, isGzip(file));
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
  await checkRegularFile(file);
  if (isNdjson(file)) return true;
  const head = await readHead(file);
  return head !== undefined && JSON_HEAD.test(head);
}

/** An inventory already in memory (just collected), read the same way as one from a file. */
export function inventoryFromSnapshot(snapshot: Snapshot): InventorySource {
  return { header: snapshot.header, resources: fromArray(snapshot.resources), unsupported: { ...(snapshot.header.unsupported ?? {}) } };
}

/**
 * A source over a finished AWS Config import: each reading goes through the
 * store again, the document is not read again. A source opened for one
 * reading (`once`) removes the spool when it is read or closed.
 */
function importedSource(imported: ImportedConfig, options: OpenOptions, once = false): InventorySource {
  const header = { ...imported.header, errors: [...imported.header.errors] };
  const unsupported = { ...(header.unsupported ?? {}) };
  if (!once) return { header, resources: imported.resources(options.onlyTypes), unsupported };
  async function* thenDispose(): AsyncIterable<Resource> {
    try {
      yield* imported.resources(options.onlyTypes);
    } finally {
      imported.dispose();
    }
  }
  return { header, resources: thenDispose(), unsupported, close: async () => imported.dispose() };
}

/**
 * An AWS Config document, imported into a spool on disk: Config documents are
 * often one line of hundreds of megabytes, so they are parsed as a stream,
 * item by item, before anything reads the file by line (its first line would
 * be the whole document), and the mapped resources wait on disk, referenced
 * types first, so a scan reads them once.
 */
async function importConfigFile(file: string): Promise<ImportedConfig | undefined> {
  if (!looksLikeConfigDocument(await headOf(openText(file)))) return undefined;
  return importConfigStream(openText(file), file, new SpoolStore());
}

/**
 * Opens a snapshot of any supported kind. NDJSON, and JSON snapshots laid out
 * one resource per line as sealcheck writes them, are streamed; AWS Config
 * documents are streamed into a spool; everything else is parsed whole
 * (`onlyTypes` then does not apply).
 */
export async function openInventory(file: string, options: OpenOptions = {}): Promise<InventorySource> {
  await checkRegularFile(file);
  if (isNdjson(file)) return openNdjson(file, options);
  const imported = await importConfigFile(file);
  if (imported) return importedSource(imported, options, true);
  return openOther(file, options);
}

/** A snapshot file opened once and read as often as a scan asks (an AWS Config document is imported once, not per reading). */
export interface SnapshotFile {
  read(options?: OpenOptions): Promise<InventorySource>;
  /** Removes what opening it left on disk (an AWS Config import's spool). */
  close?(): void;
}

export async function openSnapshotFile(file: string): Promise<SnapshotFile> {
  await checkRegularFile(file);
  const imported = isNdjson(file) ? undefined : await importConfigFile(file);
  if (imported) return { read: async (options = {}) => importedSource(imported, options), close: () => imported.dispose() };
  return { read: (options = {}) => (isNdjson(file) ? openNdjson(file, options) : openOther(file, options)) };
}

/** A sealcheck snapshot that is not NDJSON: streamed when laid out one resource per line, else parsed whole. */
async function openOther(file: string, options: OpenOptions): Promise<InventorySource> {
  const lines = await openJsonLines(file, options);
  if (lines) {
    lines.header.source.file ??= basename(file);
    return lines;
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

/**
 * The snapshot to read, as a path: standard input (`-`, /dev/stdin) is copied
 * to a private temporary file first, because a scan reads its input twice (and
 * sniffs its layout); the file is removed when the process exits. Any other
 * path must be a regular file.
 */
export async function snapshotPath(file: string): Promise<string> {
  if (!isStdin(file)) {
    await checkRegularFile(file);
    return file;
  }
  const dir = makeTempDir('sealcheck-stdin-');
  const spool = join(dir, 'stdin');
  await pipeline(process.stdin, createWriteStream(spool, { flags: 'wx', mode: 0o600 }));
  const head = (await readBoundedHead(spool)).toString('latin1');
  const gz = head.charCodeAt(0) === 0x1f && head.charCodeAt(1) === 0x8b;
  const firstLine = head.split('\n', 1)[0] ?? '';
  // A sealcheck header line without the resource array: NDJSON (gzipped input is named by its magic bytes and read whole).
  const ndjson = !gz && firstLine.startsWith('{"format":"sealcheck-snapshot"') && head.includes('\n') && !firstLine.includes('"resources":');
  const named = join(dir, `stdin.${ndjson ? 'ndjson' : 'json'}${gz ? '.gz' : ''}`);
  await rename(spool, named);
  return named;
}

/** The first 16 MiB of a file. */
async function readBoundedHead(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(16 * 2 ** 20);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
