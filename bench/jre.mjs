/**
 * The json-rules-engine side of the comparison: sealcheck conditions
 * translated mechanically (so the two rule sets cannot drift apart) into
 * json-rules-engine rules, one engine per resource type as sealcheck groups
 * its rules, run resource by resource with the resource's properties as the
 * fact. json-rules-engine is two-valued: where sealcheck says UNKNOWN (data
 * not collected) it says FAIL, so only PASS/FAIL verdicts are compared.
 */
import { createRequire } from 'node:module';
import { Engine } from 'json-rules-engine';

// The JSONPath implementation json-rules-engine itself resolves paths with (its own dependency).
const { JSONPath } = createRequire(createRequire(import.meta.url).resolve('json-rules-engine'))('jsonpath-plus');

/** sealcheck operator → json-rules-engine operator (and the value it compares with). */
const OPS = {
  equals: (v) => ['equal', v],
  notEquals: (v) => ['notEqual', v],
  in: (v) => ['in', v],
  notIn: (v) => ['notIn', v],
  contains: (v) => ['contains', v],
  notContains: (v) => ['doesNotContain', v],
  exists: () => ['notEqual', null],
  isNull: () => ['equal', null],
};

const jsonPath = (path) => `$.${path}`;

function leaf(c, prefix) {
  const op = OPS[c.op];
  if (!op) throw new Error(`operator ${c.op} has no json-rules-engine counterpart`);
  const [operator, value] = op(c.value);
  return { fact: 'properties', path: jsonPath(prefix + c.path), operator, value };
}

function translate(c) {
  if ('all' in c) return { all: c.all.map(translate) };
  if ('any' in c) return { any: c.any.map(translate) };
  if ('not' in c) return { not: translate(c.not) };
  if ('each' in c) {
    if (!('path' in c.where)) throw new Error('only a leaf test can sit under "each" in json-rules-engine');
    const inner = leaf(c.where, `${c.each}[*].`);
    // someFact/everyFact apply the operator to every element the [*] path yields.
    if (c.quantifier === 'any') return { ...inner, operator: `someFact:${inner.operator}` };
    if (c.quantifier === 'all') return { ...inner, operator: `everyFact:${inner.operator}` };
    return { not: { ...inner, operator: `someFact:${inner.operator}` } };
  }
  if ('path' in c) return leaf(c, '');
  throw new Error(`condition ${Object.keys(c)[0]} has no json-rules-engine counterpart`);
}

/** Loaded sealcheck rules → json-rules-engine rule definitions, grouped by resource type. */
export function toJreRules(loaded) {
  const byType = new Map();
  for (const { rule } of loaded) {
    if (rule.appliesTo) throw new Error(`${rule.id}: appliesTo is not translated`);
    const t = translate(rule.assert);
    const conditions = 'all' in t || 'any' in t || 'not' in t ? t : { all: [t] };
    for (const type of rule.resourceTypes) {
      const list = byType.get(type) ?? [];
      list.push({ name: rule.id, conditions, event: { type: rule.id } });
      byType.set(type, list);
    }
  }
  return byType;
}

/**
 * The default path resolver of json-rules-engine unwraps a single match,
 * which makes `[*]` paths ambiguous; arrays stay arrays here, as the
 * json-rules-engine docs suggest for array paths (`pathResolver` option).
 */
const pathResolver = (value, path) => JSONPath({ path, json: value, wrap: path.includes('[*]') });

/** Runs the rules over resources; returns elapsed ms, evaluations and the verdict of each rule × resource. */
export async function runJre(byType, resources) {
  const engines = new Map();
  for (const [type, rules] of byType) {
    const engine = new Engine([], { allowUndefinedFacts: true, pathResolver });
    for (const r of rules) engine.addRule(r);
    engines.set(type, engine);
  }
  const verdicts = new Map();
  let evaluations = 0;
  const started = performance.now();
  for (const r of resources) {
    const engine = engines.get(r.resourceType);
    if (!engine) continue;
    const { results, failureResults } = await engine.run({ properties: r.properties });
    for (const x of results) verdicts.set(`${x.name}|${r.arn}`, 'PASS');
    for (const x of failureResults) verdicts.set(`${x.name}|${r.arn}`, 'FAIL');
    evaluations += results.length + failureResults.length;
  }
  return { ms: performance.now() - started, evaluations, verdicts };
}
