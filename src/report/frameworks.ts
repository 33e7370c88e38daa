import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RuleLoadError, UsageError } from '../errors.js';
import { FRAMEWORKS_DIR } from '../paths.js';
import { describeAjvErrors, schemaFileValidator } from '../util/ajv.js';
import { parseJsonText } from '../util/read-json-file.js';

/** One requirement of a framework as the mapping file states it. */
export interface FrameworkRequirementSpec {
  id: string;
  /** Short, in our words (or the control's own name). */
  title: string;
  /** The rules whose results evidence the requirement. */
  rules: string[];
  /** The part of the requirement no rule can evidence; absent when the rules cover all of it. */
  notEvidenced?: string;
}

/** A framework at one version (`frameworks/<id>.json`). */
export interface FrameworkMapping {
  id: string;
  name: string;
  version: string;
  scope: string;
  source: string;
  retrieved: string;
  /** Where rules cite it: `references.frameworks[id]`, or `references.securityHub` (FSBP, whose requirements are Security Hub controls). */
  citedBy: 'frameworks' | 'securityHub';
  requirements: FrameworkRequirementSpec[];
}

/** Files of the folder that are not framework mappings. */
const NOT_MAPPINGS = new Set(['security-hub-controls.json', 'case-mirrors.json']);

/** The framework ids shipped in `dir`: one per mapping file, sorted. */
export function frameworkIds(dir: string = FRAMEWORKS_DIR): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    throw new RuleLoadError(`${dir}: the framework mapping folder cannot be read`);
  }
  return names
    .filter((n) => n.endsWith('.json') && !n.endsWith('.schema.json') && !NOT_MAPPINGS.has(n))
    .map((n) => n.slice(0, -'.json'.length))
    .sort();
}

/** Reads and checks one mapping file: schema, id equal to the file name, requirement ids unique. A bad file is an error naming it and the place. */
export function loadFramework(id: string, dir: string = FRAMEWORKS_DIR): FrameworkMapping {
  const known = frameworkIds(dir);
  if (!known.includes(id)) throw new UsageError(`unknown framework "${id}" (known: ${known.join(', ')})`);
  const file = join(dir, `${id}.json`);
  const data = parseJsonText(file, readFileSync(file, 'utf8'));
  const validate = schemaFileValidator(join(dir, 'framework.schema.json'));
  if (!validate(data)) throw new RuleLoadError(`${file}: ${describeAjvErrors(validate.errors)}`);
  const mapping = data as FrameworkMapping;
  if (mapping.id !== id) throw new RuleLoadError(`${file}: /id: "${mapping.id}" differs from the file name`);
  const seen = new Set<string>();
  mapping.requirements.forEach((r, i) => {
    if (seen.has(r.id)) throw new RuleLoadError(`${file}: /requirements/${i}/id: "${r.id}" is listed twice`);
    seen.add(r.id);
  });
  return mapping;
}
