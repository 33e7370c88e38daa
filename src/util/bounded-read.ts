import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import { InputError } from '../errors.js';
import { isS3Location } from './storage/location.js';
import { headObject, openObjectStream, readObjectBytes } from './storage/s3-objects.js';

/**
 * How much an input may expand to. Set from the environment so a user with a
 * genuinely larger file can raise them; the defaults are far above any real
 * snapshot line or config, and below what makes V8 fail on its own.
 */
export interface ReadLimits {
  /** Bytes of one whole document after decompression (a JSON snapshot, baseline, results file). */
  readonly documentBytes: number;
  /** Bytes of one line of a streamed snapshot (one resource). */
  readonly lineBytes: number;
  /** Bytes of a config or suppressions file (YAML parsing time grows fast with size). */
  readonly settingsBytes: number;
}

const MIB = 2 ** 20;
/** The longest string V8 (Node 20, 64-bit) can create, in UTF-16 units: a document must fit in one. */
const MAX_STRING_LENGTH = 2 ** 29 - 24;

/** The environment variable that sets each limit, in MiB. */
export const LIMIT_VARIABLES: Record<keyof ReadLimits, string> = {
  documentBytes: 'SEALCHECK_MAX_DOCUMENT_MIB',
  lineBytes: 'SEALCHECK_MAX_LINE_MIB',
  settingsBytes: 'SEALCHECK_MAX_SETTINGS_MIB',
};

const DEFAULTS: ReadLimits = { documentBytes: MAX_STRING_LENGTH, lineBytes: 128 * MIB, settingsBytes: 4 * MIB };

/** The limits in force: the defaults, or a positive number of MiB from the environment (never above what V8 can hold as a string). */
export function readLimits(env: NodeJS.ProcessEnv = process.env): ReadLimits {
  const pick = (key: keyof ReadLimits): number => {
    const raw = env[LIMIT_VARIABLES[key]];
    if (raw === undefined || raw === '') return DEFAULTS[key];
    const mib = Number(raw);
    if (!Number.isFinite(mib) || mib <= 0) throw new InputError(`${LIMIT_VARIABLES[key]}=${JSON.stringify(raw).slice(0, 40)}: must be a positive number of MiB`);
    return Math.min(Math.floor(mib * MIB), MAX_STRING_LENGTH);
  };
  return { documentBytes: pick('documentBytes'), lineBytes: pick('lineBytes'), settingsBytes: pick('settingsBytes') };
}

const mib = (bytes: number) => `${Math.round((bytes / MIB) * 10) / 10} MiB`;

/** Whether `file` names standard input. */
export const isStdin = (file: string) => file === '-' || file === '/dev/stdin';

/**
 * Refuses what is not a regular file (a device such as /dev/zero, a FIFO, a
 * folder): reading one could block forever or never end. Standard input is
 * allowed only when named `-` (or /dev/stdin).
 */
export async function checkRegularFile(file: string): Promise<void> {
  if (isStdin(file)) return;
  // An object in S3 is read like a regular file; a missing bucket or key is an InputError naming it.
  if (isS3Location(file)) {
    await headObject(file);
    return;
  }
  let kind: string;
  try {
    const s = await stat(file);
    if (s.isFile()) return;
    kind = s.isDirectory() ? 'a folder' : s.isFIFO() ? 'a FIFO' : s.isCharacterDevice() || s.isBlockDevice() ? 'a device' : s.isSocket() ? 'a socket' : 'not a regular file';
  } catch (error) {
    throw new InputError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  throw new InputError(`${file}: not a regular file (${kind}); give a file, or - for standard input`);
}

/** Whether `file` exists and is a regular file (following symlinks): the only kind of path taken from inside an input that is ever read. */
export async function isRegularFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Reads standard input, refusing more than `limit` bytes. */
async function readStdin(limit: number, file: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > limit) throw new InputError(`${file}: more than ${mib(limit)} on standard input (limit; raise ${LIMIT_VARIABLES.documentBytes})`);
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

const isGzipData = (data: Buffer) => data[0] === 0x1f && data[1] === 0x8b;

/** The gunzip failure as an input error: over the limit, truncated, or not gzip at all. */
export function gunzipError(file: string, error: unknown, limit: number, variable: string): InputError {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
    return new InputError(`${file}: decompresses to more than ${mib(limit)} (limit; raise ${variable} if the file is genuine)`);
  }
  if (e.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(e.message ?? '')) return new InputError(`${file}: not a valid gzip file: truncated (unexpected end of file)`);
  return new InputError(`${file}: not a valid gzip file (${e.code ?? 'corrupt'})`);
}

/**
 * The bytes of a whole input (gunzipped when it starts with the gzip magic
 * bytes), refusing anything not a regular file and anything over `limit` bytes
 * as read or as decompressed. Every failure is an InputError naming the file.
 */
export async function readBoundedBytes(file: string, limit: number = readLimits().documentBytes, variable: string = LIMIT_VARIABLES.documentBytes): Promise<Buffer> {
  await checkRegularFile(file);
  let data: Buffer;
  if (isStdin(file)) data = await readStdin(limit, file);
  else if (isS3Location(file)) {
    // Compressed objects are bounded by the limit as read here and again as decompressed below.
    data = await readObjectBytes(file, limit, (bytes) => new InputError(`${file}: more than ${mib(bytes)} (limit; raise ${variable})`));
  } else {
    try {
      data = await readFile(file);
    } catch (error) {
      throw new InputError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  if (isGzipData(data)) {
    try {
      data = gunzipSync(data, { maxOutputLength: limit });
    } catch (error) {
      throw gunzipError(file, error, limit, variable);
    }
  }
  if (data.length > limit) throw new InputError(`${file}: ${mib(data.length)} is more than the limit of ${mib(limit)} (raise ${variable} if the file is genuine)`);
  return data;
}

/** The byte offset of the first invalid UTF-8 sequence in `data`, or -1. */
export function invalidUtf8Offset(data: Uint8Array): number {
  for (let i = 0; i < data.length; ) {
    const b = data[i]!;
    const n = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) {
      const c = data[i + k];
      if (c === undefined) return i;
      // The second byte's range is narrower for E0/ED/F0/F4 (no overlong forms, no surrogates, nothing past U+10FFFF).
      const lo = k === 1 && b === 0xe0 ? 0xa0 : k === 1 && b === 0xf0 ? 0x90 : 0x80;
      const hi = k === 1 && b === 0xed ? 0x9f : k === 1 && b === 0xf4 ? 0x8f : 0xbf;
      if (c < lo || c > hi) return i;
    }
    i += n + 1;
  }
  return -1;
}

function assertUtf8(file: string, data: Buffer, baseOffset: number): void {
  if (!isUtf8(data)) throw new InputError(`${file}: invalid UTF-8 at byte ${baseOffset + Math.max(0, invalidUtf8Offset(data))}`);
}

/** UTF-8 text of an input: a leading byte-order mark is dropped, invalid UTF-8 is an InputError with its byte offset. */
export function decodeUtf8(file: string, data: Buffer): string {
  assertUtf8(file, data, 0);
  const start = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? 3 : 0;
  return data.toString('utf8', start);
}

/** Reads a whole text input with the limits and checks of {@link readBoundedBytes} and {@link decodeUtf8}. */
export async function readBoundedText(file: string, limit?: number, variable?: string): Promise<string> {
  return decodeUtf8(file, await readBoundedBytes(file, limit, variable));
}

/** A byte stream of a file (gunzipped when `gzip`), or of standard input for `-`; read errors reach the consumer. */
export function openByteStream(file: string, gzip: boolean): Readable {
  // 1 MiB chunks: a line reader of a large inventory waits on fewer reads and decodes in bigger pieces.
  const raw: Readable = isStdin(file) ? process.stdin : isS3Location(file) ? openObjectStream(file) : createReadStream(file, { highWaterMark: 2 ** 20 });
  if (!gzip) return raw;
  const input = raw.pipe(createGunzip());
  // A read error of the file reaches the lines through the gunzip stream too.
  raw.on('error', (error) => input.destroy(error));
  return input;
}

/**
 * Decodes a byte stream chunk by chunk as strict UTF-8: a sequence split
 * between chunks is carried over, invalid bytes are an InputError with their
 * offset in the stream, a leading byte-order mark is dropped.
 */
export class StrictUtf8Decoder {
  private carry: Buffer | undefined;
  private offset = 0;

  constructor(private readonly file: string) {}

  write(chunk: Buffer): string {
    const data = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    let cut = data.length;
    // Back off an incomplete sequence at the end (at most 3 bytes): it is completed by the next chunk.
    for (let k = 1; k <= 3 && k <= data.length; k++) {
      const b = data[data.length - k]!;
      if ((b & 0xc0) === 0x80) continue;
      if (b >= 0xc0 && (b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2) > k) cut = data.length - k;
      break;
    }
    const body = data.subarray(0, cut);
    this.carry = cut < data.length ? Buffer.from(data.subarray(cut)) : undefined;
    const start = this.offset === 0 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
    assertUtf8(this.file, body, this.offset);
    this.offset += body.length;
    return body.toString('utf8', start);
  }

  /** The end of the stream: bytes still carried are an incomplete sequence. */
  end(): void {
    if (this.carry) throw new InputError(`${this.file}: invalid UTF-8 at byte ${this.offset} (incomplete sequence at the end)`);
  }
}
