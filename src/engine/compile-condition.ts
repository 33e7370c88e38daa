import type { Resource } from '../inventory/resource.js';
import type { SchemaNode } from '../inventory/resource-schemas.js';
import { resourceSchemas } from '../inventory/resource-schemas.js';
import { ENCRYPTION_SCHEMA, deriveEncryption, type Derived } from './encryption.js';
import type { InventoryIndex } from './inventory-index.js';
import { OPERATORS, OperandError, resolveRelativeTime } from './operators.js';
import { MISSING, compileGetter, formatPath, parsePath, resolveSchemaPath, type Segment } from './path.js';
import { POLICY_SCHEMA, derivePolicy } from './policy-derived.js';
import type { Evidence } from './result.js';
import type { Condition, CountCondition, EachCondition, LeafCondition, RefCondition, RuleValue } from './rule-types.js';
import { FALSE, TRUE, UNKNOWN, triNot, type Tri } from './tri.js';
import { summarizeValue } from './summarize-value.js';

/** What evaluation needs besides the resource: the index for references, the clock, and per-resource caches of derived values. */
export interface EvalState {
  index: InventoryIndex;
  now: number;
  /** Derived values of the resources seen while evaluating the current top-level resource. */
  derived: Map<Resource, { encryption?: Derived | undefined; policy?: Derived | undefined }>;
  /** How messages name the resource being evaluated (`S3 bucket "x"`), worked out once for all its rules. */
  label?: { resource: Resource; text: string };
}

/**
 * A compiled condition. `test` is the fast path; `explain` evaluates the same
 * way and also records the evidence that decided it. `root` is what relative
 * paths start from: the resource's properties, an array element inside `each`,
 * or a referenced resource's properties inside `ref`.
 */
export interface CompiledCondition {
  test(resource: Resource, root: unknown, st: EvalState): Tri;
  explain(resource: Resource, root: unknown, st: EvalState, out: Evidence[], prefix: string): Tri;
}

/** A problem in a rule, with the JSON pointer of the place. */
export class ConditionError extends Error {
  constructor(
    readonly pointer: string,
    message: string,
  ) {
    super(message);
  }
}

/** Where paths are being checked: the schema of each resource type the condition can see, with a label for messages. */
export interface SchemaScope {
  nodes: { root: SchemaNode; node: SchemaNode; label: string }[];
  /** Resource types of the current resource, for derived values. */
  types: string[];
}

export interface CompileContext {
  params: Record<string, RuleValue>;
  now: number;
  /** Types of resources reached through `ref`, collected so the index knows what to hold. */
  refTypes: Set<string>;
  usesEncryption: { value: boolean };
}

const DERIVED_ROOTS: Record<string, SchemaNode | 'tags' | 'string'> = {
  $encryption: ENCRYPTION_SCHEMA,
  $policy: POLICY_SCHEMA,
  $tags: 'tags',
  $name: 'string',
  $region: 'string',
  $accountId: 'string',
  $type: 'string',
};

function resolveParam(value: RuleValue | undefined, ctx: CompileContext, pointer: string): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    if (!(value.param in ctx.params)) throw new ConditionError(pointer, `unknown parameter "${value.param}"`);
    return ctx.params[value.param];
  }
  if (Array.isArray(value)) return value.map((v, i) => resolveParam(v, ctx, `${pointer}/${i}`));
  return value;
}

/** Why a property is absent: the recorded collection error that covers it, if any. */
export function missingReason(resource: Resource, path: string): string {
  for (const e of resource.errors ?? []) {
    if (e.property === undefined || path === e.property || path.startsWith(`${e.property}.`) || path.startsWith(`${e.property}[`)) {
      return `not collected: ${e.code} on ${e.operation}${e.message ? ` (${e.message})` : ''}`;
    }
  }
  return 'not collected';
}

type Getter = (resource: Resource, root: unknown, st: EvalState) => unknown;

function derivedFor(kind: 'encryption' | 'policy', resource: Resource, st: EvalState): Derived | undefined {
  let slot = st.derived.get(resource);
  if (!slot) {
    slot = {};
    st.derived.set(resource, slot);
  }
  if (!(kind in slot)) slot[kind] = kind === 'encryption' ? deriveEncryption(resource, st.index, st.now) : derivePolicy(resource);
  return slot[kind];
}

/** A value a message template shows: the path's value on the resource, or undefined when it is not known. */
export type ValueGetter = (resource: Resource, st: EvalState) => unknown;

/** Compiles a `{value:<path>}` placeholder's path against the rule's scope; an error string when the path is not valid there. */
export function compileValuePath(path: string, scope: SchemaScope, ctx: CompileContext): ValueGetter | string {
  try {
    const { get } = compilePath(path, scope, ctx, '', false);
    return (r, st) => {
      const v = get(r, r.properties, st);
      return v === MISSING ? undefined : v;
    };
  } catch (error) {
    return (error as Error).message;
  }
}

/** Compiles a path into a getter and a function saying why it found nothing, checking it against the schemas in scope. */
function compilePath(path: string, scope: SchemaScope, ctx: CompileContext, pointer: string, allowEach: boolean): { get: Getter; why: (r: Resource, st: EvalState) => string; segments: Segment[] } {
  const segments = parsePath(path);
  if (typeof segments === 'string') throw new ConditionError(pointer, `bad path "${path}": ${segments}`);
  if (!allowEach && segments.some((s) => typeof s !== 'string')) throw new ConditionError(pointer, `"[*]" is only allowed in "via"; use "each" to test array elements`);
  const head = segments[0] as string;
  if (head.startsWith('$')) {
    const derived = DERIVED_ROOTS[head];
    if (derived === undefined) throw new ConditionError(pointer, `unknown derived value "${head}" (known: ${Object.keys(DERIVED_ROOTS).join(', ')})`);
    const rest = segments.slice(1);
    if (derived === 'tags') {
      if (rest.length !== 1 || typeof rest[0] !== 'string') throw new ConditionError(pointer, `"$tags" needs exactly one tag key, e.g. $tags["data-classification"]`);
      const key = rest[0];
      // Tags that were not collected (a recorded error on "tags") are unknown, not absent.
      const tagsMissing = (r: Resource) => r.errors?.some((e) => e.property === 'tags') ?? false;
      return {
        segments,
        get: (r) => (Object.prototype.hasOwnProperty.call(r.tags, key) ? r.tags[key] : tagsMissing(r) ? MISSING : null),
        why: (r) => (tagsMissing(r) ? missingReason(r, 'tags') : 'tag not present'),
      };
    }
    if (derived === 'string') {
      if (rest.length) throw new ConditionError(pointer, `"${head}" has no properties`);
      const field = head === '$name' ? 'name' : head === '$type' ? 'resourceType' : (head.slice(1) as 'region' | 'accountId');
      return { segments, get: (r) => r[field as keyof Resource] ?? null, why: () => 'not set' };
    }
    const check = resolveSchemaPath(derived, rest, head);
    if (typeof check === 'string') throw new ConditionError(pointer, check);
    const kind = head === '$encryption' ? 'encryption' : 'policy';
    if (kind === 'encryption') ctx.usesEncryption.value = true;
    const field = rest[0] as string | undefined;
    const below = compileGetter(rest.slice(1));
    return {
      segments,
      get(r, _root, st) {
        const d = derivedFor(kind, r, st);
        if (!d) return MISSING;
        if (field === undefined) return d.values;
        if (!(field in d.values)) return MISSING;
        return rest.length === 1 ? d.values[field] : below(d.values[field]);
      },
      why(r, st) {
        const d = derivedFor(kind, r, st);
        if (!d) return `${head} does not apply to ${r.resourceType}`;
        return (field !== undefined && d.missing[field]) || 'not known';
      },
    };
  }
  for (const s of scope.nodes) {
    const check = resolveSchemaPath(s.root, segments, s.label);
    if (typeof check === 'string') throw new ConditionError(pointer, check);
  }
  const get = compileGetter(segments);
  const text = formatPath(segments);
  return { segments, get: (_r, root) => get(root), why: (r) => missingReason(r, text) };
}

function leaf(c: LeafCondition, scope: SchemaScope, ctx: CompileContext, pointer: string): CompiledCondition {
  const op = OPERATORS[c.op];
  if (!op) throw new ConditionError(`${pointer}/op`, `unknown operator "${c.op}" (known: ${Object.keys(OPERATORS).join(', ')})`);
  if (op.needsValue && c.value === undefined) throw new ConditionError(pointer, `operator "${c.op}" needs a "value"`);
  if (!op.needsValue && c.value !== undefined) throw new ConditionError(`${pointer}/value`, `operator "${c.op}" takes no "value"`);
  const raw = resolveParam(c.value, ctx, `${pointer}/value`);
  const expected = resolveRelativeTime(raw, ctx.now);
  let check: (found: unknown) => boolean;
  try {
    check = op.prepare(expected, c.op);
  } catch (error) {
    throw new ConditionError(`${pointer}/value`, (error as Error).message);
  }
  const { get, why } = compilePath(c.path, scope, ctx, `${pointer}/path`, false);
  // Relative dates read better as written, with the instant they stand for.
  const shown = expected !== raw && typeof expected === 'number' ? `${String(raw)} (${new Date(expected).toISOString().slice(0, 10)})` : raw;
  const expectText = c.expect ?? op.describe(shown);
  const test = (r: Resource, root: unknown, st: EvalState): Tri => {
    const v = get(r, root, st);
    if (v === MISSING) return UNKNOWN;
    return check(v) ? TRUE : FALSE;
  };
  return {
    test,
    explain(r, root, st, out, prefix) {
      const v = get(r, root, st);
      const path = prefix + c.path;
      if (v === MISSING) {
        out.push({ path, expected: expectText, missing: why(r, st) });
        return UNKNOWN;
      }
      const t = check(v) ? TRUE : FALSE;
      out.push({ path, found: summarizeValue(v), expected: expectText });
      return t;
    },
  };
}

function combine(kind: 'all' | 'any', children: CompiledCondition[]): CompiledCondition {
  // all: FALSE wins, any: TRUE wins; otherwise UNKNOWN if any child is unknown (Kleene).
  const decisive = kind === 'all' ? FALSE : TRUE;
  const otherwise = kind === 'all' ? TRUE : FALSE;
  return {
    test(r, root, st) {
      let unknown = false;
      for (const c of children) {
        const t = c.test(r, root, st);
        if (t === decisive) return decisive;
        if (t === UNKNOWN) unknown = true;
      }
      return unknown ? UNKNOWN : otherwise;
    },
    explain(r, root, st, out, prefix) {
      // Keep the evidence that decided: the decisive child alone, or every child when none was decisive.
      const all: Evidence[] = [];
      let unknown = false;
      for (const c of children) {
        const mine: Evidence[] = [];
        const t = c.explain(r, root, st, mine, prefix);
        if (t === decisive) {
          out.push(...mine);
          return decisive;
        }
        if (t === UNKNOWN) unknown = true;
        all.push(...mine);
      }
      out.push(...all);
      return unknown ? UNKNOWN : otherwise;
    },
  };
}

function asArray(v: unknown, pointer: string, path: string): unknown[] {
  if (v === null) return [];
  if (!Array.isArray(v)) throw new OperandError(`${path} is not an array (at ${pointer})`);
  return v;
}

/** The scope for paths inside an array's elements: each type's items schema, re-rooted there. */
function elementScope(path: string, segments: Segment[], scope: SchemaScope, pointer: string): SchemaScope {
  return {
    types: scope.types,
    nodes: scope.nodes.map((s) => {
      const node = resolveSchemaPath(s.root, segments, s.label);
      const items = typeof node === 'string' ? undefined : node.items;
      if (!items && !path.startsWith('$')) throw new ConditionError(pointer, `${s.label}: "${path}" is not an array`);
      const label = `${s.label} ${path}[]`;
      return { root: items ?? {}, node: items ?? {}, label };
    }),
  };
}

function each(c: EachCondition, scope: SchemaScope, ctx: CompileContext, pointer: string): CompiledCondition {
  const { get, why, segments } = compilePath(c.each, scope, ctx, `${pointer}/each`, false);
  const where = compileCondition(c.where, elementScope(c.each, segments, scope, `${pointer}/each`), ctx, `${pointer}/where`);
  const quantifier = c.quantifier;
  const expected = `${quantifier} elements match`;
  const fold = (values: Tri[]): Tri => {
    const hit = quantifier === 'all' ? FALSE : TRUE;
    let unknown = false;
    for (const v of values) {
      if (v === hit) return quantifier === 'none' ? FALSE : hit;
      if (v === UNKNOWN) unknown = true;
    }
    if (unknown) return UNKNOWN;
    return quantifier === 'any' ? FALSE : TRUE;
  };
  return {
    test(r, root, st) {
      const v = get(r, root, st);
      if (v === MISSING) return UNKNOWN;
      return fold(asArray(v, pointer, c.each).map((item) => where.test(r, item, st)));
    },
    explain(r, root, st, out, prefix) {
      const v = get(r, root, st);
      if (v === MISSING) {
        out.push({ path: prefix + c.each, expected, missing: why(r, st) });
        return UNKNOWN;
      }
      const items = asArray(v, pointer, c.each);
      if (items.length === 0) out.push({ path: prefix + c.each, found: [], expected });
      const results = items.map((item, i) => {
        const mine: Evidence[] = [];
        const t = where.explain(r, item, st, mine, `${prefix}${c.each}[${i}].`);
        return { t, mine };
      });
      const verdict = fold(results.map((x) => x.t));
      // Show the elements that made the verdict: misses for "all", matches for "any" and "none".
      const relevant = quantifier === 'all' && verdict !== TRUE ? FALSE : TRUE;
      const shown = results.filter((x) => x.t === relevant || x.t === UNKNOWN);
      for (const x of (shown.length ? shown : results).slice(0, 20)) out.push(...x.mine);
      return verdict;
    },
  };
}

function count(c: CountCondition, scope: SchemaScope, ctx: CompileContext, pointer: string): CompiledCondition {
  const { get, why, segments } = compilePath(c.count, scope, ctx, `${pointer}/count`, false);
  const where = c.where ? compileCondition(c.where, elementScope(c.count, segments, scope, `${pointer}/count`), ctx, `${pointer}/where`) : undefined;
  const limit = resolveParam(c.value, ctx, `${pointer}/value`);
  if (typeof limit !== 'number') throw new ConditionError(`${pointer}/value`, 'count needs a number');
  const cmp = OPERATORS[c.op].prepare(limit, c.op);
  const expected = `${where ? 'matching elements' : 'elements'} ${OPERATORS[c.op].describe(limit)}`;
  /** Counts sure and possible matches; the verdict is known only if both counts agree on it. */
  const tally = (r: Resource, items: unknown[], st: EvalState): { t: Tri; sure: number } => {
    let sure = 0;
    let maybe = 0;
    for (const item of items) {
      const t = where ? where.test(r, item, st) : TRUE;
      if (t === TRUE) sure++;
      else if (t === UNKNOWN) maybe++;
    }
    const low = cmp(sure);
    return { t: low === cmp(sure + maybe) ? (low ? TRUE : FALSE) : UNKNOWN, sure };
  };
  return {
    test(r, root, st) {
      const v = get(r, root, st);
      return v === MISSING ? UNKNOWN : tally(r, asArray(v, pointer, c.count), st).t;
    },
    explain(r, root, st, out, prefix) {
      const v = get(r, root, st);
      if (v === MISSING) {
        out.push({ path: prefix + c.count, expected, missing: why(r, st) });
        return UNKNOWN;
      }
      const { t, sure } = tally(r, asArray(v, pointer, c.count), st);
      out.push({ path: prefix + c.count, found: sure, expected });
      return t;
    },
  };
}

function ref(c: RefCondition, scope: SchemaScope, ctx: CompileContext, pointer: string): CompiledCondition {
  const schemas = resourceSchemas();
  const target = schemas.schema(c.ref);
  if (!target) throw new ConditionError(`${pointer}/ref`, `unknown resource type "${c.ref}"`);
  if ((c.via === undefined) === (c.scope === undefined)) throw new ConditionError(pointer, 'a reference needs exactly one of "via" or "scope"');
  ctx.refTypes.add(c.ref);
  if (c.ref === 'AWS::KMS::Key') ctx.refTypes.add('AWS::KMS::Alias');
  const where = compileCondition(c.where, { types: [c.ref], nodes: [{ root: target, node: target, label: c.ref }] }, ctx, `${pointer}/where`);
  const via = c.via === undefined ? undefined : compilePath(c.via, scope, ctx, `${pointer}/via`, true);
  const quantifier = c.quantifier ?? 'all';
  const label = `ref(${c.ref})`;

  /** The referenced resources, or why they cannot be found. */
  const targets = (r: Resource, root: unknown, st: EvalState): { found: Resource[]; unresolved: string[] } | string => {
    if (c.scope) {
      const t = st.index.inScope(c.ref, r, c.scope);
      return t ? { found: [t], unresolved: [] } : `no ${c.ref} for ${c.scope === 'region' ? `region ${r.region} of ` : ''}account ${r.accountId} in the inventory`;
    }
    const v = via!.get(r, root, st);
    if (v === MISSING) return via!.why(r, st);
    const names = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x !== '');
    const found: Resource[] = [];
    const unresolved: string[] = [];
    for (const name of names) {
      const t = st.index.resolve(c.ref, name, r);
      if (t) found.push(t);
      else unresolved.push(name);
    }
    return { found, unresolved };
  };
  const fold = (values: Tri[]): Tri => {
    const hit = quantifier === 'all' ? FALSE : TRUE;
    let unknown = false;
    for (const v of values) {
      if (v === hit) return hit;
      if (v === UNKNOWN) unknown = true;
    }
    return unknown ? UNKNOWN : quantifier === 'all' ? TRUE : FALSE;
  };
  return {
    test(r, root, st) {
      const t = targets(r, root, st);
      if (typeof t === 'string') return UNKNOWN;
      return fold([...t.found.map((x) => where.test(x, x.properties, st)), ...t.unresolved.map(() => UNKNOWN)]);
    },
    explain(r, root, st, out, prefix) {
      const t = targets(r, root, st);
      if (typeof t === 'string') {
        out.push({ path: `${prefix}${label}`, expected: `${quantifier === 'all' ? 'every' : 'some'} referenced ${c.ref} matches`, missing: t });
        return UNKNOWN;
      }
      const verdicts: Tri[] = [];
      for (const x of t.found) {
        verdicts.push(where.explain(x, x.properties, st, out, `${prefix}${label}[${x.name ?? x.resourceId}].`));
      }
      for (const name of t.unresolved) {
        out.push({ path: `${prefix}${label}`, found: name, expected: `${c.ref} "${name}" in the inventory`, missing: `${c.ref} "${name}" is not in the inventory` });
        verdicts.push(UNKNOWN);
      }
      if (verdicts.length === 0) out.push({ path: prefix + (c.via ?? label), found: null, expected: `a referenced ${c.ref}` });
      return fold(verdicts);
    },
  };
}

/** Compiles a condition tree, checking operators, parameters and every path against the schemas in scope. */
export function compileCondition(c: Condition, scope: SchemaScope, ctx: CompileContext, pointer: string): CompiledCondition {
  if ('all' in c) return combine('all', c.all.map((x, i) => compileCondition(x, scope, ctx, `${pointer}/all/${i}`)));
  if ('any' in c) return combine('any', c.any.map((x, i) => compileCondition(x, scope, ctx, `${pointer}/any/${i}`)));
  if ('not' in c) {
    const inner = compileCondition(c.not, scope, ctx, `${pointer}/not`);
    return {
      test: (r, root, st) => triNot(inner.test(r, root, st)),
      explain: (r, root, st, out, prefix) => triNot(inner.explain(r, root, st, out, prefix)),
    };
  }
  if ('each' in c) return each(c, scope, ctx, pointer);
  if ('count' in c) return count(c, scope, ctx, pointer);
  if ('ref' in c) return ref(c, scope, ctx, pointer);
  return leaf(c, scope, ctx, pointer);
}

/** The schema scope for a rule's resource types. */
export function scopeFor(types: string[], pointer: string): SchemaScope {
  const schemas = resourceSchemas();
  return {
    types,
    nodes: types.map((type, i) => {
      const root = schemas.schema(type);
      if (!root) throw new ConditionError(`${pointer}/${i}`, `unknown resource type "${type}" (known: ${schemas.types.join(', ')})`);
      return { root, node: root, label: type };
    }),
  };
}
