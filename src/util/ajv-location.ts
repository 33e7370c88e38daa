import type { ErrorObject } from 'ajv';
import { clip } from '../errors.js';
import type { SourceDocument } from './source-document.js';

/** One schema violation, placed where a person fixes it. */
export interface LocatedProblem {
  line: number;
  /** JSON pointer of the offending value (or of the missing/unknown key). */
  pointer: string;
  message: string;
}

function valueAt(value: unknown, pointer: string): unknown {
  let node = value;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * Turns ajv's first error into a sentence naming the line. Messages name the
 * key that is wrong, since "must be string" alone does not say what to change.
 */
export function locateAjvError(doc: SourceDocument, error: ErrorObject): LocatedProblem {
  const at = error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      return { line: doc.keyLineOf(at, name), pointer: `${at}/${name}`, message: `unknown key "${clip(name, 60)}"` };
    }
    case 'required': {
      const name = String(params.missingProperty);
      return { line: doc.lineOf(at), pointer: at || '/', message: `missing required key "${name}"` };
    }
    case 'dependencies':
    case 'dependentRequired': {
      return {
        line: doc.lineOf(at),
        pointer: at || '/',
        message: `"${String(params.property)}" also needs "${String(params.missingProperty)}"`,
      };
    }
    case 'enum':
      return {
        line: doc.lineOf(at),
        pointer: at,
        message: `${clip(JSON.stringify(valueAt(doc.value, at)) ?? 'value', 60)} is not one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'type': {
      const found = valueAt(doc.value, at);
      const hint =
        typeof found === 'number' && /^\d{1,12}$/.test(String(found)) && params.type === 'string'
          ? ' (quote it: YAML reads unquoted digits as a number and drops leading zeros)'
          : '';
      return { line: doc.lineOf(at), pointer: at, message: `must be ${String(params.type)}, found ${found === null ? 'null' : Array.isArray(found) ? 'array' : typeof found}${hint}` };
    }
    case 'format':
      return {
        line: doc.lineOf(at),
        pointer: at,
        message: `${clip(JSON.stringify(valueAt(doc.value, at)) ?? 'value', 60)} is not a valid ${String(params.format)}${params.format === 'date' ? ' (YYYY-MM-DD)' : ''}`,
      };
    case 'const':
      return { line: doc.lineOf(at), pointer: at, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'pattern':
      return { line: doc.lineOf(at), pointer: at, message: `${clip(JSON.stringify(valueAt(doc.value, at)) ?? 'value', 60)} does not have the expected form (${String(params.pattern)})` };
    default:
      return { line: doc.lineOf(at), pointer: at || '/', message: error.message ?? 'invalid' };
  }
}

const COMBINATORS = new Set(['anyOf', 'oneOf', 'if', 'not', 'allOf']);

/**
 * The error to show from ajv's list. Under `anyOf` ajv reports every branch;
 * the deepest concrete error is the one that names the bad value
 * (`/regions/1` rather than "/regions must match a schema in anyOf").
 */
export function pickAjvError(errors: readonly ErrorObject[]): ErrorObject | undefined {
  let best: ErrorObject | undefined;
  for (const e of errors) {
    if (COMBINATORS.has(e.keyword)) continue;
    if (!best || e.instancePath.split('/').length > best.instancePath.split('/').length) best = e;
  }
  return best ?? errors[0];
}

/** `file:line: pointer: message`, the one shape every config-like error takes. */
export function formatProblem(file: string, problem: LocatedProblem): string {
  return `${file}:${problem.line}: ${problem.pointer || '/'}: ${problem.message}`;
}
