import type { Resource } from '../inventory/resource.js';
import { RuleLoadError } from '../errors.js';
import { ConditionError, compileCondition, compileValuePath, scopeFor, type CompiledCondition, type EvalState, type ValueGetter } from './compile-condition.js';
import type { LoadedRule } from './load-rules.js';
import { EvaluatedResult, type MessageOf } from './evaluated-result.js';
import { compileMessages, templateShowsEvidence } from './messages.js';
import { OperandError } from './operators.js';
import { describeResource } from './resource-labels.js';
import type { Evidence, References, Result, RuleSummary, Status } from './result.js';
import type { RuleValue } from './rule-types.js';
import { FALSE, TRUE, UNKNOWN } from './tri.js';

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
  const params: Record<string, RuleValue> = {};
  for (const [name, p] of Object.entries(rule.parameters ?? {})) params[name] = p.default;
  for (const [name, v] of Object.entries(options.parameters ?? {})) {
    if (!(name in params)) throw new RuleLoadError(`${label}: parameter "${name}" is not declared by rule ${rule.id}`);
    params[name] = v;
  }
  const ctx = { params, now: options.now, refTypes: new Set<string>(), usesEncryption: { value: false } };
  let appliesTo: CompiledCondition | undefined;
  let assertion: CompiledCondition;
  try {
    const scope = scopeFor(rule.resourceTypes, '/resourceTypes');
    appliesTo = rule.appliesTo ? compileCondition(rule.appliesTo, scope, ctx, '/appliesTo') : undefined;
    assertion = compileCondition(rule.assert, scope, ctx, '/assert');
  } catch (error) {
    if (error instanceof ConditionError || error instanceof OperandError) {
      throw new RuleLoadError(`${label}: ${error instanceof ConditionError ? error.pointer : ''}: ${error.message}`);
    }
    throw error;
  }
  const valueGetters = new Map<string, ValueGetter>();
  const scope = scopeFor(rule.resourceTypes, '/resourceTypes');
  const render = compileMessages(rule.title, rule.messages, params, (path) => {
    const getter = compileValuePath(path, scope, ctx);
    if (typeof getter === 'string') return getter;
    valueGetters.set(path, getter);
    return undefined;
  });
  if (typeof render === 'string') throw new RuleLoadError(`${label}: /messages: ${render}`);
  const summary: RuleSummary = {
    id: rule.id,
    title: rule.title,
    description: rule.description,
    severity: options.severity ?? rule.severity,
    category: rule.category,
    service: loaded.service,
    resourceTypes: rule.resourceTypes,
    // Frozen (a copy, deeply) so that writers may serialize it once per rule: no result can change it under them.
    references: deepFreeze(structuredClone(rule.references)),
    remediation: rule.remediation,
  };
  // A result names the equivalent controls, so results can be filtered by them without a join; the
  // rule's documentation links stay in its catalogue entry (they were a fifth of every results.json line).
  const controls = deepFreeze(controlsOf(summary.references));
  const types = new Set(rule.resourceTypes);
  // A PASS is decided by the fast test() path unless its evidence is wanted: asked for, or shown by the rule's pass message.
  const explainPass = options.evidence === 'all' || templateShowsEvidence(rule.messages?.pass);
  let state: EvalState;
  const valueOf = (path: string, r: Resource) => valueGetters.get(path)?.(r, state);
  // The sentence is written when something reads it (a finding being gated or written), not for every PASS.
  const messageOf: MessageOf = (r, status, evidence) => render(r, status, evidence, valueOf, describeResource(r));
  const errorMessage = (why: string): MessageOf => () => `Rule ${rule.id} could not be evaluated on this resource: ${why}`;

  const result = (r: Resource, status: Status, evidence: Evidence[], message: MessageOf = messageOf): Result =>
    new EvaluatedResult(rule.id, r, status, summary.severity, summary.category, evidence, controls, message);

  return {
    summary,
    types,
    refTypes: ctx.refTypes,
    usesEncryption: ctx.usesEncryption.value,
    evaluate(r, st) {
      state = st;
      let evidence: Evidence[] = [];
      let explaining: CompiledCondition | undefined;
      try {
        if (appliesTo) {
          explaining = appliesTo;
          const applies = appliesTo.test(r, r.properties, st);
          if (applies === FALSE) return undefined;
          if (applies === UNKNOWN) {
            appliesTo.explain(r, r.properties, st, evidence, '');
            return result(r, 'UNKNOWN', evidence);
          }
        }
        explaining = assertion;
        let t = explainPass ? assertion.explain(r, r.properties, st, evidence, '') : assertion.test(r, r.properties, st);
        // Only a verdict other than PASS is explained: evaluated again, recording the evidence that decided it.
        if (t !== TRUE && !explainPass) t = assertion.explain(r, r.properties, st, evidence, '');
        return result(r, t === TRUE ? 'PASS' : t === FALSE ? 'FAIL' : 'UNKNOWN', evidence);
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        // The error came from test(): explain the same condition to keep the evidence gathered up to the failure.
        if (evidence.length === 0 && explaining) {
          evidence = [];
          try {
            explaining.explain(r, r.properties, st, evidence, '');
          } catch {
            // Expected: it fails at the same place; what it recorded before that is kept.
          }
        }
        return result(r, 'ERROR', evidence, errorMessage(why));
      }
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The references that name controls in other tools (AWS Config, Security Hub, CIS), without the documentation links. */
function controlsOf(references: References): References {
  const out: References = {};
  if (references.awsConfig !== undefined) out.awsConfig = references.awsConfig;
  if (references.securityHub !== undefined) out.securityHub = [...references.securityHub];
  if (references.cis !== undefined) out.cis = [...references.cis];
  return out;
}
