import type { Resource } from '../inventory/resource.js';
import { RuleLoadError } from '../errors.js';
import { ConditionError, compileCondition, compileValuePath, scopeFor, whereFalseCanPass, type CompileContext, type CompiledCondition, type EvalState, type ValueGetter } from './compile-condition.js';
import type { LoadedRule, RuleValue } from './rule-types.js';
import { EvaluatedResult, type MessageOf } from './evaluated-result.js';
import { compileMessages, templateShowsEvidence } from './messages.js';
import { describeResource } from './resource-labels.js';
import { controlsOf, type Evidence, type Result, type RuleSummary, type Status } from './result.js';
import { ERROR, FALSE, STATUS_OF, TRUE, type Tri } from './tri.js';
import { inputRecord, walksIntoPrototype } from '../util/own.js';

/** A rule ready to run: its catalogue entry and an evaluate function. */
export interface CompiledRule {
  summary: RuleSummary;
  types: ReadonlySet<string>;
  /** Resource types this rule reaches through references: the index must hold them. */
  refTypes: ReadonlySet<string>;
  usesEncryption: boolean;
  /** The result for one resource, or undefined when the rule does not apply to it. */
  evaluate(resource: Resource, st: EvalState): Result | undefined;
}

/**
 * Which results carry evidence: `failures` (FAIL, UNKNOWN and ERROR; a PASS
 * has `evidence: []`), or `all`. A PASS needs no explanation, and building
 * one for every passing resource costs more than deciding the verdict.
 */
export type EvidenceMode = 'failures' | 'all';

/** Every evidence mode, for option parsing. */
export const EVIDENCE_MODES: readonly EvidenceMode[] = ['failures', 'all'];

export interface CompileOptions {
  /** The evaluation clock (epoch ms): relative dates in rules resolve against it. */
  now: number;
  /** Parameter values overriding the rule's defaults, by rule id. */
  parameters?: Record<string, RuleValue>;
  /** Severity override for this rule. */
  severity?: RuleSummary['severity'];
  label?: string;
  /** Which results carry evidence (default `failures`). */
  evidence?: EvidenceMode;
}

/** Compiles a loaded rule; a bad condition throws a {@link RuleLoadError} naming the file and JSON pointer. */
export function compileRule(loaded: LoadedRule, options: CompileOptions): CompiledRule {
  const { rule } = loaded;
  const label = options.label ?? loaded.file;
  const params = ruleParameters(loaded, options.parameters, label);
  const ctx = { params, now: options.now, refTypes: new Set<string>(), usesEncryption: { value: false } };
  const { appliesTo, assertion } = compileConditions(loaded, ctx, label);
  const valueGetters = new Map<string, ValueGetter>();
  const scope = scopeFor(rule.resourceTypes, '/resourceTypes');
  const render = compileMessages(rule.title, rule.messages, params, (path) => {
    const getter = compileValuePath(path, scope, ctx);
    if (typeof getter === 'string') return getter;
    valueGetters.set(path, getter);
    return undefined;
  });
  if (typeof render === 'string') throw new RuleLoadError(`${label}: /messages: ${render}`);
  const summary = ruleSummary(loaded, options.severity);
  // A result names the equivalent controls, so results can be filtered by them without a join; the
  // rule's documentation links stay in its catalogue entry (they were a fifth of every results.json line).
  const controls = deepFreeze(controlsOf(summary.references));
  const types = new Set(rule.resourceTypes);
  // A PASS is decided by the fast test() path unless its evidence is wanted: asked for, or shown by the rule's pass message.
  const explainPass = options.evidence === 'all' || templateShowsEvidence(rule.messages?.pass);
  // Made per evaluation: a compiled rule is shared by every scan that uses it, its state is not.
  const valuesIn = (st: EvalState) => (path: string, r: Resource) => valueGetters.get(path)?.(r, st);
  const errorMessage = (why: string): MessageOf => () => `Rule ${rule.id} could not be evaluated on this resource: ${why}`;

  const result = (r: Resource, status: Status, evidence: Evidence[], message: MessageOf): Result =>
    new EvaluatedResult(rule.id, r, status, summary.severity, summary.category, evidence, controls, message);

  return {
    summary,
    types,
    refTypes: ctx.refTypes,
    usesEncryption: ctx.usesEncryption.value,
    evaluate(r, st) {
      let label = st.label;
      if (label?.resource !== r) st.label = label = { resource: r, text: describeResource(r) };
      const who = label.text;
      const valueOf = valuesIn(st);
      const evidence: Evidence[] = [];
      // Conditions never throw: a value they cannot test makes them ERROR, with the reason in st.error. The sentence
      // is written when something reads it (a finding being gated or written), not for every PASS.
      const verdict = (t: Tri): Result => {
        const status: Status = STATUS_OF[t] as Status;
        const message: MessageOf = status === 'ERROR' ? errorMessage(st.error ?? 'no reason recorded') : (res, s, ev) => render(res, s, ev, valueOf, who);
        return result(r, status, evidence, message);
      };
      st.error = undefined;
      try {
        if (appliesTo) {
          const applies = appliesTo.test(r, r.properties, st);
          if (applies === FALSE) return undefined;
          if (applies !== TRUE) return verdict(appliesTo.explain(r, r.properties, st, evidence, ''));
        }
        let t = explainPass ? assertion.explain(r, r.properties, st, evidence, '') : assertion.test(r, r.properties, st);
        // Only a verdict other than PASS is explained: evaluated again, recording the evidence that decided it.
        if (t !== TRUE && !explainPass) t = assertion.explain(r, r.properties, st, evidence, '');
        return verdict(t);
      } catch (error) {
        // Not an operand problem (those are ERROR values): a fault in a derived value's code met by odd data. One
        // resource's result says so rather than the scan stopping; nothing is evaluated again.
        st.error = error instanceof Error ? error.message : String(error);
        return verdict(ERROR);
      }
    },
  };
}

/** The rule's parameter defaults with the configured values over them; a value for an undeclared parameter is a load error. */
function ruleParameters({ rule }: LoadedRule, overrides: Record<string, RuleValue> | undefined, label: string): Record<string, RuleValue> {
  const params = inputRecord<RuleValue>();
  for (const [name, p] of Object.entries(rule.parameters ?? {})) {
    if (walksIntoPrototype(name)) throw new RuleLoadError(`${label}: /parameters/${name}: "${name}" is not allowed as a parameter name (it names the prototype)`);
    params[name] = p.default;
  }
  for (const [name, v] of Object.entries(overrides ?? {})) {
    if (!Object.hasOwn(params, name)) throw new RuleLoadError(`${label}: parameter "${name}" is not declared by rule ${rule.id}`);
    params[name] = v;
  }
  return params;
}

/** The rule's `appliesTo` and `assert` conditions compiled; a bad one is a load error at its JSON pointer. */
function compileConditions({ rule }: LoadedRule, ctx: CompileContext, label: string): { appliesTo: CompiledCondition | undefined; assertion: CompiledCondition } {
  try {
    const scope = scopeFor(rule.resourceTypes, '/resourceTypes');
    // A FALSE in appliesTo takes the resource out of the rule, as good as a pass.
    const appliesTo = rule.appliesTo ? whereFalseCanPass(ctx, '/appliesTo', () => compileCondition(rule.appliesTo!, scope, ctx, '/appliesTo')) : undefined;
    return { appliesTo, assertion: compileCondition(rule.assert, scope, ctx, '/assert') };
  } catch (error) {
    if (error instanceof ConditionError) throw new RuleLoadError(`${label}: ${error.pointer}: ${error.message}`);
    throw error;
  }
}

/** The rule's catalogue entry, as results and reports show it. */
function ruleSummary(loaded: LoadedRule, severity: RuleSummary['severity'] | undefined): RuleSummary {
  const { rule } = loaded;
  return {
    id: rule.id,
    title: rule.title,
    description: rule.description,
    severity: severity ?? rule.severity,
    category: rule.category,
    service: loaded.service,
    resourceTypes: rule.resourceTypes,
    // Frozen (a copy, deeply) so that writers may serialize it once per rule: no result can change it under them.
    references: deepFreeze(structuredClone(rule.references)),
    severityReason: rule.severityReason,
    remediation: rule.remediation,
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

