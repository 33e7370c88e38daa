import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { InputError } from '../errors.js';
import type { ScanResults } from '../engine/result.js';
import { SCHEMAS_DIR } from '../paths.js';
import { describeAjvErrors, schemaFileValidator } from '../util/ajv.js';
import { readJsonFile } from '../util/read-json-file.js';

let validator: ValidateFunction | undefined;

function validateResults(): ValidateFunction {
  validator ??= schemaFileValidator(join(SCHEMAS_DIR, 'results.schema.json'));
  return validator;
}

/** True when the value claims to be a sealcheck results document (before validation). */
export function looksLikeResults(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === 'sealcheck-results';
}

/** Validates an already-parsed value as results.json; throws an InputError naming the file and JSON pointer. */
export function asScanResults(value: unknown, file: string): ScanResults {
  if (!looksLikeResults(value)) throw new InputError(`${file}: /format: not a sealcheck results file ("format": "sealcheck-results")`);
  const validate = validateResults();
  if (!validate(value)) throw new InputError(`${file}: ${describeAjvErrors(validate.errors)}`);
  return value as ScanResults;
}

/** Reads and validates a `results.json` written by `sealcheck scan`. */
export async function readResultsFile(file: string): Promise<ScanResults> {
  return asScanResults(await readJsonFile(file), file);
}
