import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layers of src/ and what each may import, following the data flow:
 * inputs (collect, inventory) → engine → gate → reports, with policy and access
 * as libraries the engine asks, util and the root modules beneath everything,
 * config planning a run over all of them, and the command line on top.
 */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  /** src/errors.ts, src/paths.ts, src/tool.ts: error classes, folder locations, the tool's name and version. */
  root: [],
  util: ['root'],
  policy: ['util', 'root'],
  inventory: ['util', 'root'],
  access: ['policy', 'inventory', 'util', 'root'],
  collect: ['inventory', 'policy', 'util', 'root'],
  engine: ['access', 'policy', 'inventory', 'util', 'root'],
  gate: ['engine', 'policy', 'inventory', 'util', 'root'],
  report: ['gate', 'engine', 'policy', 'inventory', 'util', 'root'],
  history: ['report', 'engine', 'inventory', 'util', 'root'],
  config: ['report', 'gate', 'engine', 'collect', 'access', 'policy', 'inventory', 'util', 'root'],
  /** src/export: sending results to another service (Security Hub). */
  export: ['report', 'gate', 'engine', 'inventory', 'util', 'root'],
  /** src/aws-config-rule: the AWS Lambda handler of an AWS Config custom rule, a second entry point beside the CLI. */
  'aws-config-rule': ['engine', 'inventory', 'util', 'root'],
  cli: ['history', 'export', 'config', 'report', 'gate', 'engine', 'collect', 'access', 'policy', 'inventory', 'util', 'root'],
};

const SRC = 'src';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** The layer a file of src/ belongs to: its top folder, or `root` for the files directly in src/. */
function layerOf(file: string): string {
  const parts = relative(SRC, file).split(sep);
  return parts.length === 1 ? 'root' : (parts[0] as string);
}

/** Every relative module a file imports or re-exports, statically or with import(), type-only imports included. */
function importsOf(file: string, text: string): string[] {
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((i) => i.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => normalize(join(dirname(file), name)).replace(/\.js$/, '.ts'));
}

/** The import graph of src/, read from the files as they are. */
function graphOf(files: readonly string[], read: (file: string) => string): Map<string, string[]> {
  return new Map(files.map((f) => [f, importsOf(f, read(f))]));
}

/** Imports that go against the table, as `from -> to (layer -> layer)`. */
function layeringBreaks(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const breaks: string[] = [];
  for (const [from, targets] of graph) {
    const a = layerOf(from);
    const allowed = MAY_IMPORT[a];
    if (!allowed) {
      breaks.push(`${from}: folder "${a}" has no place in the layering table`);
      continue;
    }
    for (const to of targets) {
      const b = layerOf(to);
      if (a !== b && !allowed.includes(b)) breaks.push(`${from} -> ${to} (${a} may not import ${b})`);
    }
  }
  return breaks;
}

/** Each import cycle once, as the files around it (Tarjan's strongly connected components of more than one file, or a self-import). */
function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

describe('layering of src/', () => {
  const files = sourceFiles(SRC);
  const graph = graphOf(files, (f) => readFileSync(f, 'utf8'));

  it('every import follows the layering table', () => {
    expect(layeringBreaks(graph)).toEqual([]);
  });

  it('there is no import cycle, between files or between folders', () => {
    expect(cyclesOf(graph)).toEqual([]);
    const folders = new Map(Object.entries(MAY_IMPORT).map(([layer, allowed]) => [layer, [...allowed]]));
    expect(cyclesOf(folders)).toEqual([]);
  });

  it('sees every kind of import, and fails on a break and on a cycle', () => {
    // The checks run on text, so a made-up tree proves they can fail.
    const fake: Record<string, string> = {
      [join(SRC, 'util', 'a.ts')]: "import type { X } from '../gate/b.js';",
      [join(SRC, 'gate', 'b.ts')]: "export { y } from '../engine/c.js';",
      [join(SRC, 'engine', 'c.ts')]: "const m = await import('../gate/b.js');",
      [join(SRC, 'engine', 'd.ts')]: "import './c.js';",
      [join(SRC, 'odd', 'e.ts')]: '',
    };
    const g = graphOf(Object.keys(fake), (f) => fake[f] as string);
    expect(layeringBreaks(g)).toEqual([
      `${join(SRC, 'util', 'a.ts')} -> ${join(SRC, 'gate', 'b.ts')} (util may not import gate)`,
      `${join(SRC, 'engine', 'c.ts')} -> ${join(SRC, 'gate', 'b.ts')} (engine may not import gate)`,
      `${join(SRC, 'odd', 'e.ts')}: folder "odd" has no place in the layering table`,
    ]);
    expect(cyclesOf(g)).toEqual([[join(SRC, 'engine', 'c.ts'), join(SRC, 'gate', 'b.ts')]]);
  });
});
