import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { InputError } from '../errors.js';
import { SCHEMAS_DIR } from '../paths.js';
import { describeAjvErrors, schemaValidator } from '../util/ajv.js';
import type { Resource, SnapshotHeader } from './resource.js';
import { resourceSchemas } from './resource-schemas.js';
import { NON_FINITE_NUMBER, nonFiniteNumberAt } from '../util/finite-numbers.js';

interface Validators {
  header: ValidateFunction;
  resource: ValidateFunction;
}

let validators: Validators | undefined;

function compile(): Validators {
  if (validators) return validators;
  const text = readFileSync(join(SCHEMAS_DIR, 'snapshot.schema.json'), 'utf8');
  validators = {
    header: schemaValidator(text, 'definitions/header'),
    resource: schemaValidator(text, 'definitions/resource'),
  };
  return validators;
}

/** Checks a snapshot header; throws an {@link InputError} naming the file and JSON pointer on the first problem. */
export function validateHeader(header: unknown, file: string, pointer: string): SnapshotHeader {
  const { header: check } = compile();
  rejectNonFinite(header, file, pointer);
  if (!check(header)) throw new InputError(`${file}: ${describeAjvErrors(check.errors, pointer)}`);
  return header as SnapshotHeader;
}

function rejectNonFinite(value: unknown, file: string, pointer: string): void {
  const at = nonFiniteNumberAt(value);
  if (at !== undefined) throw new InputError(`${file}: ${pointer}${at}: ${NON_FINITE_NUMBER}`);
}

/**
 * Checks one resource: the envelope, then its properties against the type's schema.
 * Returns false for a type sealcheck does not model (the caller counts it); throws on anything malformed.
 */
export function validateResource(resource: unknown, file: string, pointer: string): resource is Resource {
  const { resource: check } = compile();
  // Before the schema: an overflowing number is named as such, not as whatever the schema expected in its place.
  rejectNonFinite(resource, file, pointer);
  if (!check(resource)) throw new InputError(`${file}: ${describeAjvErrors(check.errors, pointer)}`);
  const r = resource as Resource;
  const schemas = resourceSchemas();
  if (!schemas.schema(r.resourceType)) return false;
  const errors = schemas.validate(r.resourceType, r.properties);
  if (errors) throw new InputError(`${file}: ${describeAjvErrors(errors, `${pointer}/properties`)} (${r.resourceType})`);
  return true;
}
