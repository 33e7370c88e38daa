import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScanResults } from '../engine/result.js';
import { InputError, clip } from '../errors.js';
import { SCHEMAS_DIR } from '../paths.js';
import { describeAjvErrors, schemaValidator } from '../util/ajv.js';
import { parseJsonText, readMaybeGzipped } from '../util/read-json-file.js';

/**
 * Reads a saved results.json (optionally gzipped) and validates it against
 * `schemas/results.schema.json`, so reports rendered by another job get the
 * same guarantees as a fresh scan. Bad input is an {@link InputError} naming
 * the file and the place (`line:column` for JSON syntax, a JSON pointer for
 * schema violations).
 */
export async function readResults(file: string): Promise<ScanResults> {
  const text = await readMaybeGzipped(file);
  if (text.trim() === '') throw new InputError(`${file}:1:1: empty file`);
  const doc = parseJsonText(file, text);
  const validate = schemaValidator(await readFile(join(SCHEMAS_DIR, 'results.schema.json'), 'utf8'));
  if (!validate(doc)) throw new InputError(`${file}: ${clip(describeAjvErrors(validate.errors), 300)}`);
  return doc as ScanResults;
}
