import { readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { RuleLoadError, clip } from '../errors.js';
import { RULES_DIR } from '../paths.js';
import { describeAjvErrors, schemaValidator } from '../util/ajv.js';
import { jsonErrorLocation } from '../util/json-location.js';
import { compileRule } from './compile-rule.js';
import type { LoadedRule, RuleFile } from './rule-types.js';
import { NON_FINITE_NUMBER, nonFiniteNumberAt } from '../util/finite-numbers.js';

let ruleSchema: { validate: ValidateFunction; schema: unknown } | undefined;

/** The rule schema's validator, and the schema itself to place errors under its alternatives. */
function ruleValidator(): { validate: ValidateFunction; schema: unknown } {
  if (!ruleSchema) {
    const text = readFileSync(join(RULES_DIR, 'rule.schema.json'), 'utf8');
    ruleSchema = { validate: schemaValidator(text), schema: JSON.parse(text) as unknown };
  }
  return ruleSchema;
}

/** What a rules-folder entry is, following symlinks; a dangling link or a loop is a RuleLoadError naming it. */
function entryKind(path: string): 'folder' | 'file' | 'other' {
  try {
    const s = statSync(path);
    return s.isDirectory() ? 'folder' : s.isFile() ? 'file' : 'other';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RuleLoadError(`${path}: cannot read (${code === 'ENOENT' ? 'dangling symlink' : code === 'ELOOP' ? 'symlink loop' : (code ?? 'error')})`);
  }
}

/** Rule files under `dir`: `<service>/<rule-id>.json`, leaving out case files and the schema. */
export function ruleFiles(dir: string, visited: Set<string> = new Set()): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
    // A folder reached twice (a symlink to an ancestor) would be walked forever.
    const real = realpathSync(dir);
    if (visited.has(real)) throw new RuleLoadError(`${dir}: symlink loop in the rules folder`);
    visited.add(real);
  } catch (error) {
    if (error instanceof RuleLoadError) throw error;
    throw new RuleLoadError(`${dir}: cannot read the rules folder`);
  }
  const files: string[] = [];
  for (const entry of entries.sort()) {
    const path = join(dir, entry);
    const kind = entryKind(path);
    if (kind === 'folder') files.push(...ruleFiles(path, visited));
    else if (entry.endsWith('.json') && !entry.endsWith('.cases.json') && entry !== 'rule.schema.json') {
      // A FIFO or device named *.json would block the read forever.
      if (kind !== 'file') throw new RuleLoadError(`${path}: not a regular file`);
      files.push(path);
    }
  }
  return files;
}

/** Deepest nesting of objects and arrays a rule file may have; far above any real condition tree, far below the stack. */
const MAX_RULE_DEPTH = 64;

/** Whether `value` nests deeper than `max`, measured without recursion (a 20,000-deep file must not overflow the stack here either). */
function nestsDeeper(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Reads and checks one rule file: JSON, the rule schema, id = file name = service prefix, and a full compile (paths against schemas). */
export function loadRuleFile(path: string, service: string, label = path): LoadedRule {
  const text = readFileSync(path, 'utf8');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const { line, column, detail } = jsonErrorLocation(text, error);
    throw new RuleLoadError(`${label}:${line}:${column}: not valid JSON: ${clip(detail)}`);
  }
  if (nestsDeeper(doc, MAX_RULE_DEPTH)) throw new RuleLoadError(`${label}: nested more than ${MAX_RULE_DEPTH} levels deep`);
  const infinite = nonFiniteNumberAt(doc);
  if (infinite !== undefined) throw new RuleLoadError(`${label}: ${infinite}: ${NON_FINITE_NUMBER}`);
  const { validate, schema } = ruleValidator();
  if (!validate(doc)) throw new RuleLoadError(`${label}: ${describeAjvErrors(validate.errors, '', { data: doc, schema })}`);
  const rule = doc as RuleFile;
  const expectedId = basename(path, '.json');
  if (rule.id !== expectedId) throw new RuleLoadError(`${label}: /id: "${clip(rule.id)}" must equal the file name "${expectedId}"`);
  if (!rule.id.startsWith(`${service}-`)) throw new RuleLoadError(`${label}: /id: "${rule.id}" must start with its service folder "${service}-"`);
  const loaded = { file: path, service, rule };
  compileRule(loaded, { now: Date.now(), label });
  return loaded;
}

/** Loads every rule under `dir` (default: the bundled catalogue), failing closed on the first bad file. */
export function loadRules(dir: string = RULES_DIR): LoadedRule[] {
  const seen = new Map<string, string>();
  const rules: LoadedRule[] = [];
  for (const file of ruleFiles(dir)) {
    const rel = relative(dir, file);
    const service = rel.includes('/') ? rel.split('/')[0]! : basename(dir);
    const label = relative(process.cwd(), file) || file;
    const loaded = loadRuleFile(file, service, label);
    const previous = seen.get(loaded.rule.id);
    if (previous) throw new RuleLoadError(`${label}: /id: "${loaded.rule.id}" is already defined in ${previous}`);
    seen.set(loaded.rule.id, label);
    rules.push(loaded);
  }
  if (rules.length === 0) throw new RuleLoadError(`${dir}: no rule files found`);
  return rules;
}
