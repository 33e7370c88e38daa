import { readBoundedText } from './bounded-read.js';
import { InputError, clip } from '../errors.js';
import { jsonErrorLocation } from './json-location.js';

/**
 * The text of a file, gunzipped when it starts with the gzip magic bytes. Not a
 * regular file, more than the document limit as read or decompressed, or not
 * UTF-8: an InputError naming the file (see bounded-read.ts).
 */
export async function readMaybeGzipped(file: string): Promise<string> {
  return readBoundedText(file);
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
