import { createRequire } from 'node:module';
import type { Document, LineCounter, Node } from 'yaml';
import { clip } from '../errors.js';
import { jsonErrorLocation } from './json-location.js';

const requireModule = createRequire(import.meta.url);
/** The YAML parser, loaded by the first YAML or JSON document read for its locations (a config, suppressions or rule file); a scan of a snapshot alone goes without it. */
const yaml = (): typeof import('yaml') => requireModule('yaml') as typeof import('yaml');
import { NON_FINITE_NUMBER, nonFiniteNumberAt } from './finite-numbers.js';

/**
 * A configuration-like file (YAML or JSON) parsed into plain data, with a way
 * back from a JSON pointer (as ajv reports it) to the line a person edits.
 */
export interface SourceDocument {
  file: string;
  value: unknown;
  /** 1-based line of the node at `pointer`; when the pointer runs past the document, the line of its deepest existing ancestor. */
  lineOf(pointer: string): number;
  /** 1-based line of the key `name` inside the object at `pointer` (for "unknown property" errors), else the object's line. */
  keyLineOf(pointer: string, name: string): number;
}

/** A syntax problem: no data to validate, only the place it broke. */
export interface SyntaxProblem {
  line: number;
  column: number;
  message: string;
}

export type ParseOutcome = { ok: true; document: SourceDocument } | { ok: false; problem: SyntaxProblem };

const isJsonFile = (file: string) => /\.json$/i.test(file);

/** Splits `/a/0/b~1c` into `['a', '0', 'b/c']`. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function childOf(node: unknown, segment: string): Node | undefined {
  if (yaml().isMap(node)) {
    const pair = node.items.find((p) => yaml().isScalar(p.key) && String(p.key.value) === segment);
    return (pair?.value ?? undefined) as Node | undefined;
  }
  if (yaml().isSeq(node) && /^\d+$/.test(segment)) return node.items[Number(segment)] as Node | undefined;
  return undefined;
}

function locator(doc: Document, counter: LineCounter, file: string, value: unknown): SourceDocument {
  const lineAt = (offset: number) => counter.linePos(offset).line;
  const rootLine = () => (doc.contents?.range ? lineAt(doc.contents.range[0]) : 1);
  const walk = (pointer: string): Node | undefined => {
    let node: Node | undefined = doc.contents ?? undefined;
    let deepest = node;
    for (const segment of pointerSegments(pointer)) {
      node = childOf(node, segment);
      if (!node) break;
      deepest = node;
    }
    return deepest;
  };
  return {
    file,
    value,
    lineOf(pointer) {
      const node = walk(pointer);
      return node?.range ? lineAt(node.range[0]) : rootLine();
    },
    keyLineOf(pointer, name) {
      const node = walk(pointer);
      if (yaml().isMap(node)) {
        const pair = node.items.find((p) => yaml().isScalar(p.key) && String(p.key.value) === name);
        if (yaml().isScalar(pair?.key) && pair.key.range) return lineAt(pair.key.range[0]);
      }
      return node?.range ? lineAt(node.range[0]) : rootLine();
    },
  };
}

/**
 * Parses YAML (or JSON, when the file name ends in `.json`) without throwing.
 * JSON is read with `JSON.parse` so its stricter syntax is enforced, then the
 * same text is read as YAML (JSON is YAML's flow syntax) only to map pointers
 * to lines.
 */
export function parseSource(text: string, file: string): ParseOutcome {
  if (isJsonFile(file)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const { line, column, detail } = jsonErrorLocation(text, error);
      return { ok: false, problem: { line, column, message: `not valid JSON: ${clip(detail, 160)}` } };
    }
    const counter = new (yaml().LineCounter)();
    const doc = yaml().parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
    // JSON.parse keeps the last of two equal keys without a word; YAML's reading of the same text names the first repeat, as for a .yaml file.
    const duplicate = doc.errors.find((e) => e.code === 'DUPLICATE_KEY');
    if (duplicate) {
      const pos = counter.linePos(duplicate.pos[0]);
      return { ok: false, problem: { line: pos.line, column: pos.col, message: 'duplicate key: each key may appear once in an object' } };
    }
    return finiteOnly(locator(doc, counter, file, value));
  }
  const counter = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const pos = counter.linePos(first.pos[0]);
    const message = first.message.split('\n')[0] ?? first.message;
    return { ok: false, problem: { line: pos.line, column: pos.col, message: `not valid YAML: ${clip(message, 160)}` } };
  }
  let value: unknown;
  try {
    // Alias expansion is capped so a "billion laughs" file fails instead of exhausting memory.
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { ok: false, problem: { line: 1, column: 1, message: `not valid YAML: ${clip(String((error as Error).message), 160)}` } };
  }
  return finiteOnly(locator(doc, counter, file, value));
}

/** A document holding a number that is not finite (`1e400`, `.inf`, `.nan`) is a problem at that number. */
function finiteOnly(document: SourceDocument): ParseOutcome {
  const at = nonFiniteNumberAt(document.value);
  if (at === undefined) return { ok: true, document };
  return { ok: false, problem: { line: document.lineOf(at), column: 1, message: `${at}: ${NON_FINITE_NUMBER}` } };
}
