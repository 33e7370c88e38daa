import { existsSync } from 'node:fs';
import { RuleLoadError, clip } from '../errors.js';
import type { Resource } from '../inventory/resource.js';
import { validateResource } from '../inventory/snapshot-validate.js';
import { compileRule } from './compile-rule.js';
import { Evaluator } from './evaluate.js';
import { InventoryIndex } from './inventory-index.js';
import type { Result, Status } from './result.js';
import { lazySchema, readRuleDocument } from './rule-document.js';
import type { LoadedRule, RuleCases } from './rule-types.js';

/**
 * A rule's case file, run the way a scan would run the rule: the engine's own
 * tester, shipped so that authors of custom rules test them as the catalogue is tested.
 */

/** The account and region a case resource is placed in when it names none. */
export const CASE_ACCOUNT = '111122223333';
export const CASE_REGION = 'eu-west-1';

/** What one case expects: a status, or that the rule does not apply. */
export type CaseExpectation = Status | 'NOT_APPLICABLE';

/** One case's outcome. `actual` is NOT_APPLICABLE when the rule gave no result for the resource. */
export interface CaseVerdict {
  name: string;
  expect: CaseExpectation;
  actual: CaseExpectation;
  ok: boolean;
  /** The result's message, when the rule gave one. */
  message?: string;
  /** Why the case could not run (an unmodelled type, a property the type's schema rejects, a bad parameter). */
  problem?: string;
}

/** The case file beside a rule file. */
export const casesFileOf = (ruleFile: string): string => ruleFile.replace(/\.json$/, '.cases.json');

const casesSchema = lazySchema('cases.schema.json');

/** Reads and checks a case file against the case schema and the rule it belongs to; errors name the file and the place. */
export function readRuleCases(file: string, ruleId: string, label = file): RuleCases {
  if (!existsSync(file)) throw new RuleLoadError(`${label}: missing: every rule has a case file beside it`);
  const cases = readRuleDocument(file, label, casesSchema) as RuleCases;
  if (cases.rule !== ruleId) throw new RuleLoadError(`${label}: /rule: "${clip(cases.rule)}" must be the id of the rule beside it, "${ruleId}"`);
  return cases;
}

/** Fills the envelope of a resource written briefly in a case file: only the type is required there. */
export function caseResource(input: unknown): Resource {
  const r = input as Partial<Resource> & { resourceType: string; properties?: Record<string, unknown> };
  const accountId = r.accountId ?? CASE_ACCOUNT;
  const region = r.region ?? CASE_REGION;
  const resourceId = r.resourceId ?? r.name ?? 'case-resource';
  const [, service = 'x', kind = 'x'] = r.resourceType.split('::');
  const out: Resource = {
    resourceType: r.resourceType,
    resourceId,
    arn: r.arn ?? `arn:aws:${service.toLowerCase()}:${region}:${accountId}:${kind.toLowerCase()}/${resourceId}`,
    accountId,
    region,
    tags: r.tags ?? {},
    properties: r.properties ?? {},
  };
  if (r.name !== undefined) out.name = r.name;
  if (r.errors !== undefined) out.errors = r.errors;
  return out;
}

/** The instant the cases run at: `--now`, else the file's `evaluatedAt`, else the present. */
export function casesInstant(cases: RuleCases, now?: number): number {
  if (now !== undefined) return now;
  return cases.evaluatedAt !== undefined ? Date.parse(cases.evaluatedAt) : Date.now();
}

/** Checks a case resource against its type's schema; a problem is returned, not thrown, so the other cases still run. */
function resourceProblem(resource: Resource, label: string, pointer: string): string | undefined {
  const type = resource.resourceType;
  try {
    return validateResource(resource, label, pointer) ? undefined : `${label}: ${pointer}: ${type} is not a type sealcheck models`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Runs every case of a rule and gives each one's verdict, in file order. */
export function runRuleCases(loaded: LoadedRule, cases: RuleCases, options: { now?: number; label?: string } = {}): { verdicts: CaseVerdict[]; results: (Result | undefined)[] } {
  const label = options.label ?? casesFileOf(loaded.file);
  const now = casesInstant(cases, options.now);
  const context = (cases.context ?? []).map(caseResource);
  const contextProblem = context.map((r, i) => resourceProblem(r, label, `/context/${i}`)).find((p) => p !== undefined);
  const verdicts: CaseVerdict[] = [];
  const results: (Result | undefined)[] = [];
  for (const [i, c] of cases.cases.entries()) {
    const resource = caseResource(c.resource);
    const own = (c.context ?? []).map(caseResource);
    const problem =
      contextProblem ??
      resourceProblem(resource, label, `/cases/${i}/resource`) ??
      own.map((r, j) => resourceProblem(r, label, `/cases/${i}/context/${j}`)).find((p) => p !== undefined);
    if (problem !== undefined) {
      verdicts.push({ name: c.name, expect: c.expect, actual: 'ERROR', ok: false, problem });
      results.push(undefined);
      continue;
    }
    let compiled;
    try {
      compiled = compileRule(loaded, { now, label: `${label}: /cases/${i}/parameters`, ...(c.parameters ? { parameters: c.parameters } : {}) });
    } catch (error) {
      verdicts.push({ name: c.name, expect: c.expect, actual: 'ERROR', ok: false, problem: error instanceof Error ? error.message : String(error) });
      results.push(undefined);
      continue;
    }
    const index = new InventoryIndex();
    for (const r of [resource, ...context, ...own]) index.add(r);
    const emitted: Result[] = [];
    new Evaluator([compiled], index, now).evaluate(resource, (r) => emitted.push(r));
    const [result] = emitted;
    const actual: CaseExpectation = result?.status ?? 'NOT_APPLICABLE';
    verdicts.push({ name: c.name, expect: c.expect, actual, ok: actual === c.expect && emitted.length <= 1, ...(result ? { message: result.message } : {}) });
    results.push(result);
  }
  return { verdicts, results };
}
