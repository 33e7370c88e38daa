import type { Resource } from '../inventory/resource.js';
import type { SchemaNode } from '../inventory/resource-schemas.js';
import { resourceSchemas } from '../inventory/resource-schemas.js';
import { ENCRYPTION_SCHEMA, deriveEncryption, type Derived } from './encryption.js';
import type { InventoryIndex } from './inventory-index.js';
import { OperandProblem, RULE_OPERATORS, isProblem, resolveRelativeTime } from './operators.js';
import { MISSING, compileGetter, formatPath, parsePath, resolveSchemaPath, type Segment } from './path.js';
import { POLICY_SCHEMA, derivePolicy } from './policy-derived.js';
import { IAM_SCHEMA, deriveIam } from './iam-derived.js';
import { ACCESS_INDEX_TYPES, ACCESS_SCHEMA, deriveAccess } from './access-derived.js';
import type { Evidence } from './result.js';
import type { Condition, CountCondition, EachCondition, LeafCondition, RefCondition, RuleValue } from './rule-types.js';
import { ERROR, FALSE, TRUE, UNKNOWN, join, triNot, undecided, type Junction, type Tri } from './tri.js';
import { summarizeValue } from './summarize-value.js';
import { own, walksIntoPrototype } from '../util/own.js';

/** What evaluation needs besides the resource: the index for references, the clock, and per-resource caches of derived values. */
export interface EvalState {
  index: InventoryIndex;
  now: number;
  /** Derived values of the resources seen while evaluating the current top-level resource. */
  derived: Map<Resource, { encryption?: Derived | undefined; policy?: Derived | undefined; iam?: Derived | undefined; access?: Derived | undefined }>;
  /** How messages name the resource being evaluated (`S3 bucket "x"`), worked out once for all its rules. */
  label?: { resource: Resource; text: string };
  /**
   * Why the condition being explained is ERROR: set by `explain` when an
   * operand could not be tested, and cleared again by any enclosing condition
   * whose verdict that ERROR did not decide. The caller clears it before explaining.
   */
  error?: string | undefined;
}

/**
 * A compiled condition. `test` is the fast path; `explain` evaluates the same
 * way and also records the evidence that decided it, and for an ERROR its
 * reason (in {@link EvalState.error}). Neither throws on any data. `root` is what relative
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
  /**
   * Set while compiling a part where a FALSE can turn into a PASS or take a
   * resource out of the rule (under `not`, a `none` quantifier, a `count`, or
   * in `appliesTo`): the pointer of that part. `unknownAs` is refused there, so
   * that it can only ever turn missing data into a FAIL, never into a PASS.
   */
  falseCanPass?: string | undefined;
}

/** Compiles `f` with {@link CompileContext.falseCanPass} set (the outermost such part is the one named). */
export function whereFalseCanPass<T>(ctx: CompileContext, pointer: string, f: () => T): T {
  const before = ctx.falseCanPass;
  ctx.falseCanPass ??= pointer;
  try {
    return f();
  } finally {
    ctx.falseCanPass = before;
  }
}

const DERIVED_ROOTS: Record<string, SchemaNode | 'tags' | 'string'> = {
  $encryption: ENCRYPTION_SCHEMA,
  $policy: POLICY_SCHEMA,
  $iam: IAM_SCHEMA,
  $access: ACCESS_SCHEMA,
  $tags: 'tags',
  $name: 'string',
  $region: 'string',
  $accountId: 'string',
  $type: 'string',
};

function resolveParam(value: RuleValue | undefined, ctx: CompileContext, pointer: string): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    if (!Object.hasOwn(ctx.params, value.param)) throw new ConditionError(pointer, `unknown parameter "${value.param}"`);
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

type DerivedKind = 'encryption' | 'policy' | 'iam' | 'access';

const DERIVE: Record<DerivedKind, (resource: Resource, st: EvalState) => Derived | undefined> = {
  encryption: (r, st) => deriveEncryption(r, st.index, st.now),
  policy: (r) => derivePolicy(r),
  iam: (r) => deriveIam(r),
  access: (r, st) => deriveAccess(r, st.index),
};

function derivedFor(kind: DerivedKind, resource: Resource, st: EvalState): Derived | undefined {
  let slot = st.derived.get(resource);
  if (!slot) {
    slot = {};
    st.derived.set(resource, slot);
  }
  if (!(kind in slot)) slot[kind] = DERIVE[kind](resource, st);
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
  const prototypeStep = segments.find((s): s is string => typeof s === 'string' && walksIntoPrototype(s));
  // A tag key is data (`$tags["__proto__"]` is a tag like any other); a property path never names the prototype.
  if (prototypeStep !== undefined && !(segments[0] === '$tags' && segments.length === 2)) {
    throw new ConditionError(pointer, `bad path "${path}": "${prototypeStep}" walks into the prototype, not a property`);
  }
  if (!allowEach && segments.some((s) => typeof s !== 'string')) throw new ConditionError(pointer, `"[*]" is only allowed in "via"; use "each" to test array elements`);
  const head = segments[0] as string;
  if (head.startsWith('$')) {
    const derived = own(DERIVED_ROOTS, head);
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
    const kind = head.slice(1) as DerivedKind;
    if (kind === 'encryption') ctx.usesEncryption.value = true;
    // The engine answers from identities, keys and guardrails: the index holds them only when a rule asks.
    if (kind === 'access') for (const t of ACCESS_INDEX_TYPES) ctx.refTypes.add(t);
    const field = rest[0] as string | undefined;
    const below = compileGetter(rest.slice(1));
    return {
      segments,
      get(r, _root, st) {
        const d = derivedFor(kind, r, st);
        if (!d) return MISSING;
        if (field === undefined) return d.values;
        if (!Object.hasOwn(d.values, field)) return MISSING;
        return rest.length === 1 ? d.values[field] : below(d.values[field]);
      },
      why(r, st) {
        const d = derivedFor(kind, r, st);
        if (!d) return `${head} does not apply to ${r.resourceType}`;
        return (field !== undefined && own(d.missing, field)) || 'not known';
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
  const op = own(RULE_OPERATORS, c.op);
  if (!op) throw new ConditionError(`${pointer}/op`, `unknown operator "${c.op}" (known: ${Object.keys(RULE_OPERATORS).join(', ')})`);
  if (op.needsValue && c.value === undefined) throw new ConditionError(pointer, `operator "${c.op}" needs a "value"`);
  if (!op.needsValue && c.value !== undefined) throw new ConditionError(`${pointer}/value`, `operator "${c.op}" takes no "value"`);
  const raw = resolveParam(c.value, ctx, `${pointer}/value`);
  const expected = resolveRelativeTime(raw, ctx.now);
  const check = op.prepare(expected, c.op);
  if (isProblem(check)) throw new ConditionError(`${pointer}/value`, check.problem);
  const { get, why } = compilePath(c.path, scope, ctx, `${pointer}/path`, false);
  // Relative dates read better as written, with the instant they stand for.
  const shown = expected !== raw && typeof expected === 'number' ? `${String(raw)} (${new Date(expected).toISOString().slice(0, 10)})` : raw;
  const expectText = c.expect ?? op.describe(shown);
  const test = (r: Resource, root: unknown, st: EvalState): Tri => {
    const v = get(r, root, st);
    if (v === MISSING) return UNKNOWN;
    const outcome = check(v);
    return outcome === true ? TRUE : outcome === false ? FALSE : ERROR;
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
      const outcome = check(v);
      out.push({ path, found: summarizeValue(v), expected: expectText });
      if (isProblem(outcome)) return erred(st, `${outcome.problem} (at ${path})`);
      return outcome ? TRUE : FALSE;
    },
  };
}

/** Records why a condition is ERROR (the first reason that stands) and returns ERROR. */
function erred(st: EvalState, reason: string): Tri {
  st.error ??= reason;
  return ERROR;
}

function combine(kind: Junction, children: CompiledCondition[]): CompiledCondition {
  const decisive = kind === 'all' ? FALSE : TRUE;
  return {
    test: (r, root, st) => join(kind, children.length, (i) => (children[i] as CompiledCondition).test(r, root, st)),
    explain(r, root, st, out, prefix) {
      // Keep the evidence that decided: the decisive child alone, or every child when none was decisive.
      const all: Evidence[] = [];
      let decided: Evidence[] | undefined;
      const t = join(kind, children.length, (i) => {
        const mine: Evidence[] = [];
        const v = (children[i] as CompiledCondition).explain(r, root, st, mine, prefix);
        if (v === decisive) decided = mine;
        else all.push(...mine);
        return v;
      });
      out.push(...(decided ?? all));
      return t;
    },
  };
}

function asArray(v: unknown, pointer: string, path: string): unknown[] | OperandProblem {
  if (v === null) return [];
  if (!Array.isArray(v)) return new OperandProblem(`${path} is not an array (at ${pointer})`);
  return v as unknown[];
}

/** Folds a quantifier over element verdicts: `none` is "not any". */
function quantify(quantifier: 'all' | 'any' | 'none', values: readonly Tri[]): Tri {
  const joined = join(quantifier === 'all' ? 'all' : 'any', values.length, (i) => values[i] as Tri);
  return quantifier === 'none' ? triNot(joined) : joined;
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
  const compileWhere = () => compileCondition(c.where, elementScope(c.each, segments, scope, `${pointer}/each`), ctx, `${pointer}/where`);
  const where = c.quantifier === 'none' ? whereFalseCanPass(ctx, pointer, compileWhere) : compileWhere();
  const quantifier = c.quantifier;
  const expected = `${quantifier} elements match`;
  const inner = quantifier === 'all' ? 'all' : 'any';
  return {
    test(r, root, st) {
      const v = get(r, root, st);
      if (v === MISSING) return UNKNOWN;
      const items = asArray(v, pointer, c.each);
      if (isProblem(items)) return ERROR;
      const joined = join(inner, items.length, (i) => where.test(r, items[i], st));
      return quantifier === 'none' ? triNot(joined) : joined;
    },
    explain(r, root, st, out, prefix) {
      const v = get(r, root, st);
      if (v === MISSING) {
        out.push({ path: prefix + c.each, expected, missing: why(r, st) });
        return UNKNOWN;
      }
      const items = asArray(v, pointer, c.each);
      if (isProblem(items)) {
        out.push({ path: prefix + c.each, found: summarizeValue(v), expected });
        return erred(st, items.problem);
      }
      if (items.length === 0) out.push({ path: prefix + c.each, found: [], expected });
      const results = items.map((item, i) => {
        const mine: Evidence[] = [];
        const t = where.explain(r, item, st, mine, `${prefix}${c.each}[${i}].`);
        return { t, mine };
      });
      const verdict = quantify(quantifier, results.map((x) => x.t));
      // Show the elements that made the verdict: misses for "all", matches for "any" and "none".
      const relevant = quantifier === 'all' && verdict !== TRUE ? FALSE : TRUE;
      const shown = results.filter((x) => x.t === relevant || undecided(x.t));
      for (const x of (shown.length ? shown : results).slice(0, 20)) out.push(...x.mine);
      return verdict;
    },
  };
}

function count(c: CountCondition, scope: SchemaScope, ctx: CompileContext, pointer: string): CompiledCondition {
  const { get, why, segments } = compilePath(c.count, scope, ctx, `${pointer}/count`, false);
  // A FALSE counts one element less, which a limit such as "lte" turns into a pass.
  const where = c.where ? whereFalseCanPass(ctx, pointer, () => compileCondition(c.where!, elementScope(c.count, segments, scope, `${pointer}/count`), ctx, `${pointer}/where`)) : undefined;
  const limit = resolveParam(c.value, ctx, `${pointer}/value`);
  if (typeof limit !== 'number') throw new ConditionError(`${pointer}/value`, 'count needs a number');
  const cmp = RULE_OPERATORS[c.op].prepare(limit, c.op);
  if (isProblem(cmp)) throw new ConditionError(`${pointer}/value`, cmp.problem);
  const expected = `${where ? 'matching elements' : 'elements'} ${RULE_OPERATORS[c.op].describe(limit)}`;
  /**
   * Counts sure and possible matches (elements UNKNOWN or ERROR); the verdict
   * is known only if both counts agree on it, else it is as undecided as the
   * most undecided element.
   */
  const tally = (r: Resource, items: unknown[], st: EvalState, explaining: boolean): { t: Tri; sure: number } => {
    let sure = 0;
    let maybe = 0;
    let open: Tri = UNKNOWN;
    for (const item of items) {
      const t = !where ? TRUE : explaining ? where.explain(r, item, st, [], '') : where.test(r, item, st);
      if (t === TRUE) sure++;
      else if (undecided(t)) {
        maybe++;
        if (t === ERROR) open = ERROR;
      }
    }
    const low = cmp(sure);
    return { t: low === cmp(sure + maybe) ? (low === true ? TRUE : FALSE) : open, sure };
  };
  return {
    test(r, root, st) {
      const v = get(r, root, st);
      if (v === MISSING) return UNKNOWN;
      const items = asArray(v, pointer, c.count);
      return isProblem(items) ? ERROR : tally(r, items, st, false).t;
    },
    explain(r, root, st, out, prefix) {
      const v = get(r, root, st);
      if (v === MISSING) {
        out.push({ path: prefix + c.count, expected, missing: why(r, st) });
        return UNKNOWN;
      }
      const items = asArray(v, pointer, c.count);
      if (isProblem(items)) {
        out.push({ path: prefix + c.count, found: summarizeValue(v), expected });
        return erred(st, items.problem);
      }
      // Elements are explained only for the ERROR reason; the evidence is the count.
      const { t, sure } = tally(r, items, st, true);
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
  if (c.unknownAs !== undefined && ctx.falseCanPass !== undefined) {
    throw new ConditionError(`${pointer}/unknownAs`, `"unknownAs" would let missing data pass here: it is refused under ${ctx.falseCanPass || '/'} (a "not", a "none" quantifier, a "count" or "appliesTo")`);
  }
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
  // A guard that counts only when known (`unknownAs: false`): an undecidable reference weighs as FALSE; an ERROR stays one.
  const fold = (values: readonly Tri[]): Tri => {
    const t = quantify(quantifier, values);
    return t === UNKNOWN && c.unknownAs === false ? FALSE : t;
  };
  return {
    test(r, root, st) {
      const t = targets(r, root, st);
      if (typeof t === 'string') return fold([UNKNOWN]);
      return fold([...t.found.map((x) => where.test(x, x.properties, st)), ...t.unresolved.map((): Tri => UNKNOWN)]);
    },
    explain(r, root, st, out, prefix) {
      const t = targets(r, root, st);
      if (typeof t === 'string') {
        out.push({ path: `${prefix}${label}`, expected: `${quantifier === 'all' ? 'every' : 'some'} referenced ${c.ref} matches`, missing: t });
        return fold([UNKNOWN]);
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
  if ('all' in c) return ownErrorsOnly(combine('all', c.all.map((x, i) => compileCondition(x, scope, ctx, `${pointer}/all/${i}`))));
  if ('any' in c) return ownErrorsOnly(combine('any', c.any.map((x, i) => compileCondition(x, scope, ctx, `${pointer}/any/${i}`))));
  if ('not' in c) {
    const inner = whereFalseCanPass(ctx, pointer, () => compileCondition(c.not, scope, ctx, `${pointer}/not`));
    return {
      test: (r, root, st) => triNot(inner.test(r, root, st)),
      explain: (r, root, st, out, prefix) => triNot(inner.explain(r, root, st, out, prefix)),
    };
  }
  if ('each' in c) return ownErrorsOnly(each(c, scope, ctx, pointer));
  if ('count' in c) return ownErrorsOnly(count(c, scope, ctx, pointer));
  if ('ref' in c) return ownErrorsOnly(ref(c, scope, ctx, pointer));
  return leaf(c, scope, ctx, pointer);
}

/**
 * A combining condition whose verdict is not ERROR forgets the ERROR reasons
 * its parts recorded (an `all` decided by a FALSE, say), so the reason a
 * result shows is one that decided it.
 */
function ownErrorsOnly(c: CompiledCondition): CompiledCondition {
  return {
    test: (r, root, st) => c.test(r, root, st),
    explain(r, root, st, out, prefix) {
      const before = st.error;
      const t = c.explain(r, root, st, out, prefix);
      if (t !== ERROR) st.error = before;
      return t;
    },
  };
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
