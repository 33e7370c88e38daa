import { readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { RuleLoadError, clip } from '../errors.js';
import { RULES_DIR } from '../paths.js';
import { compileRule } from './compile-rule.js';
import { lazySchema, readRuleDocument } from './rule-document.js';
import type { LoadedRule, RuleFile } from './rule-types.js';

const ruleSchema = lazySchema('rule.schema.json');

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

/** Rule files under `dir`: `<service>/<rule-id>.json`, leaving out case files and schemas (`*.schema.json`). */
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
    else if (entry.endsWith('.json') && !entry.endsWith('.cases.json') && !entry.endsWith('.schema.json')) {
      // A FIFO or device named *.json would block the read forever.
      if (kind !== 'file') throw new RuleLoadError(`${path}: not a regular file`);
      files.push(path);
    }
  }
  return files;
}

/** Reads and checks one rule file: JSON, the rule schema, id = file name = service prefix, and a full compile (paths against schemas). */
export function loadRuleFile(path: string, service: string, label = path): LoadedRule {
  const rule = readRuleDocument(path, label, ruleSchema) as RuleFile;
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

/**
 * The rules a run uses: the bundled catalogue (unless `bundled` is false) and
 * every custom folder, in that order. An id defined twice is an error naming
 * both files, so a custom rule never silently replaces a bundled one.
 */
export function loadCatalogue(dirs: readonly string[], bundled = true): LoadedRule[] {
  if (!bundled && dirs.length === 0) throw new RuleLoadError('--no-bundled-rules needs at least one --rules folder');
  const folders = [...(bundled ? [RULES_DIR] : []), ...dirs];
  const where = new Map<string, string>();
  const rules: LoadedRule[] = [];
  for (const dir of folders) {
    for (const loaded of loadRules(dir)) {
      const label = relative(process.cwd(), loaded.file) || loaded.file;
      const previous = where.get(loaded.rule.id);
      if (previous) throw new RuleLoadError(`${label}: /id: "${loaded.rule.id}" is already defined in ${previous}`);
      where.set(loaded.rule.id, label);
      rules.push(loaded);
    }
  }
  return rules;
}
