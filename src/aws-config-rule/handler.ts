import { ConfigServiceClient, type Evaluation } from '@aws-sdk/client-config-service';
import { ConfigError, InputError, clip } from '../errors.js';
import { compileRules } from '../engine/evaluate.js';
import { loadRules } from '../engine/load-rules.js';
import type { LoadedRule } from '../engine/rule-types.js';
import { CONFIG_MAPPERS, modelTypeOf } from '../inventory/config-map/mappers.js';
import { ConfigReads, type ConfigKey } from './config-reads.js';
import { evaluateTargets } from './evaluate-targets.js';
import { readInvocation, timeOf, type Invocation } from './invocation.js';
import { mapItem, type ItemOutcome } from './map-item.js';
import { putEvaluations } from './put-evaluations.js';
import { readRuleParameters, type RuleParameters } from './rule-parameters.js';
import { unreadable, verdictOf, type ComplianceType, type Verdict } from './verdict.js';
import { annotation } from './annotation.js';

/** What the handler is given; all optional, so AWS Lambda can call the default {@link handler}. */
export interface HandlerOptions {
  /** The AWS Config client (default: one for the function's Region and role). */
  client?: ConfigServiceClient;
  /** The rule catalogue (default: the rules shipped in the package). */
  rules?: LoadedRule[];
  /** The evaluation clock, epoch milliseconds (default: now). */
  now?: () => number;
  /** Where the one-line summary and warnings go (default: the function's log). */
  log?: (line: string) => void;
}

/** What one invocation reported: counts only, nothing about the resources. */
export interface HandlerSummary {
  messageType: Invocation['kind'];
  evaluations: number;
  calls: number;
  byCompliance: Record<ComplianceType, number>;
}

/** One resource to report on: its Config key, when its state was captured, and what its item became. */
interface Subject {
  key: ConfigKey;
  at: Date;
  outcome: ItemOutcome | { kind: 'left-scope' };
}

/** The sealcheck rules the Config rule runs: all, or those `rules` names (an unknown id is an error). */
function chosenRules(catalogue: readonly LoadedRule[], params: RuleParameters): LoadedRule[] {
  if (!params.rules) return [...catalogue];
  const byId = new Map(catalogue.map((r) => [r.rule.id, r]));
  return params.rules.map((id) => {
    const rule = byId.get(id);
    if (!rule) throw new ConfigError(`Config rule parameters: /rules: "${clip(id, 80)}" is not a sealcheck rule`);
    return rule;
  });
}

/** The Config types whose items become resources of the given modelled types. */
function configTypesOf(modelTypes: Iterable<string>): string[] {
  const wanted = new Set(modelTypes);
  return Object.keys(CONFIG_MAPPERS).filter((t) => wanted.has(modelTypeOf(t)));
}

function keyOfItem(item: Record<string, unknown>): ConfigKey {
  const { resourceType, resourceId } = item;
  if (typeof resourceType !== 'string' || typeof resourceId !== 'string' || !resourceType || !resourceId) {
    throw new InputError('AWS Config invocation event: /invokingEvent/configurationItem: resourceType or resourceId missing');
  }
  return { resourceType, resourceId };
}

/** The resources an invocation is about, each with what its configuration item became. */
async function subjectsOf(inv: Invocation, params: RuleParameters, rules: readonly LoadedRule[], reads: ConfigReads): Promise<Subject[]> {
  if (inv.kind === 'change') {
    const key = keyOfItem(inv.item);
    const at = timeOf(inv.item.configurationItemCaptureTime, '/invokingEvent/configurationItem/configurationItemCaptureTime');
    if (inv.common.eventLeftScope) return [{ key, at, outcome: { kind: 'left-scope' } }];
    return [{ key, at, outcome: mapItem(inv.item, 'configurationItems', 'AWS Config invocation event') }];
  }
  if (inv.kind === 'oversized') {
    const { resourceType, resourceId, capturedAt: at, status } = inv.summary;
    const key = { resourceType, resourceId };
    if (inv.common.eventLeftScope) return [{ key, at, outcome: { kind: 'left-scope' } }];
    if (status?.startsWith('ResourceDeleted')) return [{ key, at, outcome: { kind: 'gone', status } }];
    try {
      const item = await reads.latestItem(key, at);
      const outcome: ItemOutcome = item === undefined ? { kind: 'unreadable', reason: 'AWS Config has no configuration item for it.' } : mapItem(item, 'configurationItems', 'AWS Config GetResourceConfigHistory');
      return [{ key, at, outcome }];
    } catch (error) {
      return [{ key, at, outcome: { kind: 'unreadable', reason: `its oversized configuration item could not be read: ${error instanceof Error ? error.message : String(error)}` } }];
    }
  }
  const types = params.resourceTypes ?? configTypesOf(rules.flatMap((r) => r.rule.resourceTypes));
  const subjects: Subject[] = [];
  for (const type of types) {
    const keys = await reads.discovered(type);
    const items = await reads.items(keys);
    const byId = new Map(items.map((item) => [(item as { resourceId?: unknown }).resourceId, item]));
    for (const key of keys) {
      const item = byId.get(key.resourceId);
      const outcome: ItemOutcome =
        item === undefined ? { kind: 'unreadable', reason: 'AWS Config did not return its configuration item.' } : mapItem(item, 'baseConfigurationItems', 'AWS Config BatchGetResourceConfig');
      subjects.push({ key, at: inv.notifiedAt, outcome });
    }
  }
  return subjects;
}

const plainVerdict = (complianceType: ComplianceType, text: string): Verdict => ({ complianceType, annotation: annotation(text) });

/**
 * Makes the AWS Lambda handler of an AWS Config custom rule. Each invocation maps the configuration
 * item(s) with the AWS Config importer, evaluates the sealcheck rules for their types (reading the
 * resources they refer to from Config), and reports one evaluation per resource through PutEvaluations.
 * Nothing is stored: the evaluations go to Config, the log gets counts.
 */
export function createHandler(options: HandlerOptions = {}): (event: unknown) => Promise<HandlerSummary> {
  let client = options.client;
  let catalogue = options.rules;
  const log = options.log ?? ((line: string) => console.log(line));
  return async (event: unknown) => {
    const inv = readInvocation(event);
    const params = readRuleParameters(inv.common.ruleParameters);
    catalogue ??= loadRules();
    client ??= new ConfigServiceClient({});
    const reads = new ConfigReads(client);
    const chosen = chosenRules(catalogue, params);
    const subjects = await subjectsOf(inv, params, chosen, reads);

    const targets = subjects.flatMap((s) => (s.outcome.kind === 'resource' ? [s.outcome.resource] : []));
    const types = new Set(targets.map((r) => r.resourceType));
    const now = options.now?.() ?? Date.now();
    const compiled = compileRules(chosen.filter((r) => r.rule.resourceTypes.some((t) => types.has(t))), now);
    const scope = { account: inv.common.accountId, region: inv.common.region ?? process.env.AWS_REGION, warn: (line: string) => log(`sealcheck aws-config-rule: ${line}`) };
    const results = await evaluateTargets(targets, compiled, now, reads, scope);

    let next = 0;
    const evaluations: Evaluation[] = subjects.map((s) => {
      const o = s.outcome;
      const verdict: Verdict =
        o.kind === 'resource'
          ? verdictOf(results[next++] ?? [], params.unknownAs)
          : o.kind === 'left-scope'
            ? plainVerdict('NOT_APPLICABLE', 'The resource is no longer in the scope of this rule.')
            : o.kind === 'gone'
              ? plainVerdict('NOT_APPLICABLE', `The resource is not evaluated: AWS Config reports it as ${o.status}.`)
              : o.kind === 'unsupported'
                ? plainVerdict('NOT_APPLICABLE', `sealcheck has no rules for ${s.key.resourceType}.`)
                : unreadable(o.reason, params.unknownAs);
      return {
        ComplianceResourceType: s.key.resourceType,
        ComplianceResourceId: s.key.resourceId,
        ComplianceType: verdict.complianceType,
        Annotation: verdict.annotation,
        OrderingTimestamp: s.at,
      };
    });
    const calls = await putEvaluations(client, evaluations, inv.common.resultToken);
    const byCompliance: Record<ComplianceType, number> = { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0 };
    for (const e of evaluations) byCompliance[e.ComplianceType as ComplianceType]++;
    const summary: HandlerSummary = { messageType: inv.kind, evaluations: evaluations.length, calls, byCompliance };
    log(`sealcheck aws-config-rule: ${JSON.stringify(summary)}`);
    return summary;
  };
}

/**
 * The handler AWS Lambda calls (`sealcheck/aws-config-rule`, export `handler`). It keeps its client and
 * the loaded catalogue between invocations of a warm function; evaluations and results are not kept.
 */
export const handler = createHandler();

