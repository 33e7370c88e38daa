import { derefSchema, type SchemaNode } from '../inventory/resource-schemas.js';
import { own } from '../util/own.js';

/** Marks a value that is not there: the property was never collected. Distinct from `null` (collected, empty). */
export const MISSING: unique symbol = Symbol('missing');
export type Missing = typeof MISSING;

/** One step of a path: a property name, or `*` for every element of an array. */
export type Segment = string | { each: true };

/**
 * Parses `a.b["c.d"][*].e` into segments. Returns an error string for a
 * malformed path instead of throwing, so the rule loader can name the place.
 */
export function parsePath(path: string): Segment[] | string {
  const segments: Segment[] = [];
  let i = 0;
  const readName = () => {
    const start = i;
    while (i < path.length && path[i] !== '.' && path[i] !== '[') i++;
    return path.slice(start, i);
  };
  while (i < path.length) {
    if (path[i] === '[') {
      if (path.startsWith('[*]', i)) {
        segments.push({ each: true });
        i += 3;
      } else if (path[i + 1] === '"') {
        const end = path.indexOf('"]', i + 2);
        if (end === -1) return `unterminated ["…"] at character ${i + 1}`;
        segments.push(path.slice(i + 2, end));
        i = end + 2;
      } else return `expected [*] or ["name"] at character ${i + 1}`;
    } else {
      const name = readName();
      if (name === '') return `empty segment at character ${i + 1}`;
      segments.push(name);
    }
    if (i < path.length) {
      if (path[i] === '.') {
        i++;
        if (i === path.length) return 'path ends with "."';
      } else if (path[i] !== '[') return `unexpected "${path[i]}" at character ${i + 1}`;
    }
  }
  return segments.length ? segments : 'empty path';
}

/** Renders segments back to the canonical text form, for evidence. */
export function formatPath(segments: readonly Segment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s !== 'string') out += '[*]';
    else if (/^[A-Za-z0-9_$:-]+$/.test(s)) out += out ? `.${s}` : s;
    else out += `["${s}"]`;
  }
  return out;
}

// eslint-disable-next-line @typescript-eslint/unbound-method -- only ever called as has.call(node, key)
const has = Object.prototype.hasOwnProperty;

/**
 * Compiles segments into a getter. Without `[*]` it returns the value or
 * {@link MISSING}; with `[*]` it returns the array of values found (MISSING
 * when an array on the way is absent).
 */
export function compileGetter(segments: readonly Segment[]): (root: unknown) => unknown {
  if (segments.every((s) => typeof s === 'string')) {
    const names = segments as string[];
    if (names.length === 1) {
      const [a] = names as [string];
      return (root) => (root !== null && typeof root === 'object' && has.call(root, a) ? (root as Record<string, unknown>)[a] : MISSING);
    }
    const isObject = (node: unknown): node is Record<string, unknown> => node !== null && typeof node === 'object';
    // Two and three names cover most paths in the catalogue; written out, they skip the loop's iterator.
    if (names.length === 2) {
      const [a, b] = names as [string, string];
      return (root) => {
        if (!isObject(root) || !has.call(root, a)) return root === null ? null : MISSING;
        const n = root[a];
        if (!isObject(n) || !has.call(n, b)) return n === null ? null : MISSING;
        return n[b];
      };
    }
    if (names.length === 3) {
      const [a, b, c] = names as [string, string, string];
      return (root) => {
        if (!isObject(root) || !has.call(root, a)) return root === null ? null : MISSING;
        const n = root[a];
        if (!isObject(n) || !has.call(n, b)) return n === null ? null : MISSING;
        const m = n[b];
        if (!isObject(m) || !has.call(m, c)) return m === null ? null : MISSING;
        return m[c];
      };
    }
    return (root) => {
      let node: unknown = root;
      for (const name of names) {
        if (node === null || typeof node !== 'object' || !has.call(node, name)) return node === null ? null : MISSING;
        node = (node as Record<string, unknown>)[name];
      }
      return node;
    };
  }
  return (root) => {
    let nodes: unknown[] = [root];
    for (const seg of segments) {
      const next: unknown[] = [];
      for (const node of nodes) {
        if (typeof seg === 'string') {
          if (node !== null && typeof node === 'object' && has.call(node, seg)) next.push((node as Record<string, unknown>)[seg]);
          else if (node === null) continue;
          else return MISSING;
        } else if (Array.isArray(node)) next.push(...(node as unknown[]));
        else if (node === null) continue;
        else return MISSING;
      }
      nodes = next;
    }
    return nodes;
  };
}

/**
 * Walks a property schema along a path. Returns the schema node reached, or
 * an error naming the first segment the schema does not have.
 */
export function resolveSchemaPath(root: SchemaNode, segments: readonly Segment[], label: string): SchemaNode | string {
  let node = derefSchema(root, root);
  for (const seg of segments) {
    node = derefSchema(root, node);
    if (typeof seg !== 'string') {
      if (!node.items) return `${label} has no array at "${formatPath(segments)}"`;
      node = node.items;
      continue;
    }
    const child = node.properties && own(node.properties, seg);
    if (child) {
      node = child;
      continue;
    }
    if (typeof node.additionalProperties === 'object') {
      node = node.additionalProperties;
      continue;
    }
    // A node without declared structure (a policy document, a free map) accepts any path below it.
    if (!node.properties && node.additionalProperties !== false && !node.items) {
      node = {};
      continue;
    }
    return `${label} has no property "${seg}" (in path "${formatPath(segments)}")`;
  }
  return derefSchema(root, node);
}
