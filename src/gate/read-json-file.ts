import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { InputError, clip } from '../errors.js';
import { jsonErrorLocation } from '../util/json-location.js';

/** Reads a JSON (optionally gzipped) file, turning every failure into an InputError that names the file and place. */
export async function readJsonFile(file: string): Promise<unknown> {
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
  const text = data.toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    const { line, column, detail } = jsonErrorLocation(text, error);
    throw new InputError(`${file}:${line}:${column}: not valid JSON: ${clip(detail, 160)}`);
  }
}
