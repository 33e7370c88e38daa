import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ScanResults } from '../engine/result.js';
import { InputError, clip } from '../errors.js';
import { SCHEMAS_DIR } from '../paths.js';
import { createAjv, describeAjvErrors } from '../util/ajv.js';
import { jsonErrorLocation } from '../util/json-location.js';

/**
 * Reads a saved results.json (optionally gzipped) and validates it against
 * `schemas/results.schema.json`, so reports rendered by another job get the
 * same guarantees as a fresh scan. Bad input is an {@link InputError} naming
 * the file and the place (`line:column` for JSON syntax, a JSON pointer for
 * schema violations).
 */
export async function readResults(file: string): Promise<ScanResults> {
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
  if (text.trim() === '') throw new InputError(`${file}:1:1: empty file`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const { line, column, detail } = jsonErrorLocation(text, error);
    throw new InputError(`${file}:${line}:${column}: not valid JSON: ${clip(detail, 160)}`);
  }
  const schema = JSON.parse(await readFile(join(SCHEMAS_DIR, 'results.schema.json'), 'utf8')) as object;
  const validate = createAjv().compile(schema);
  if (!validate(doc)) throw new InputError(`${file}: ${clip(describeAjvErrors(validate.errors), 300)}`);
  return doc as ScanResults;
}
