import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { InputError, clip } from '../errors.js';
import { jsonErrorLocation } from './json-location.js';

/** The text of a file, gunzipped when it starts with the gzip magic bytes; an unreadable file is an InputError naming it. */
export async function readMaybeGzipped(file: string): Promise<string> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (error) {
    throw new InputError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (data[0] === 0x1f && data[1] === 0x8b) {
    try {
      data = gunzipSync(data);
    } catch {
      throw new InputError(`${file}: not a valid gzip file (truncated?)`);
    }
  }
  return data.toString('utf8');
}

/** Parses the JSON text of `file`; a syntax error is an InputError naming the file, line and column. */
export function parseJsonText(file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const { line, column, detail } = jsonErrorLocation(text, error);
    throw new InputError(`${file}:${line}:${column}: not valid JSON: ${clip(detail, 160)}`);
  }
}

/** Reads a JSON (optionally gzipped) file, turning every failure into an InputError that names the file and place. */
export async function readJsonFile(file: string): Promise<unknown> {
  return parseJsonText(file, await readMaybeGzipped(file));
}
