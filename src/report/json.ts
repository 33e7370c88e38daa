import { controlsOf, type References, type Result, type ResultResource, type RuleSummary, type ScanResults } from '../engine/result.js';

/**
 * The pieces of results.json (version 2) with a stable key order, so two runs
 * over the same inventory give byte-identical files and diffs show only what
 * changed. Known objects follow the order of `schemas/results.schema.json`;
 * keys we do not know (and values found in the inventory, which are data, not
 * structure) keep theirs. The document itself is assembled by
 * {@link ResultsJsonWriter} (results-json-stream.ts).
 */

/** Key order of one object; `children['*']` is the order of every item when the value is an array. */
type KeyOrder = { keys: readonly string[]; children?: Record<string, KeyOrder> };

const COUNTS: KeyOrder = { keys: ['PASS', 'FAIL', 'UNKNOWN', 'ERROR'] };
const REFERENCES: KeyOrder = { keys: ['awsConfig', 'securityHub', 'frameworks', 'links'] };


const RULE: KeyOrder = {
  keys: ['id', 'title', 'description', 'severity', 'severityReason', 'category', 'service', 'resourceTypes', 'references', 'remediation'],
  children: { references: REFERENCES, severityReason: { keys: ['basis', 'text'] }, remediation: { keys: ['text', 'url', 'cli', 'terraform', 'cloudformation', 'noSnippet'], children: { noSnippet: { keys: ['cli', 'terraform', 'cloudformation'] } } } },
};

const RUN: KeyOrder = {
  keys: ['tool', 'startedAt', 'finishedAt', 'snapshot', 'ruleCount', 'collectionErrors', 'baseline', 'suppressions', 'gate'],
  children: {
    tool: { keys: ['name', 'version', 'informationUri'] },
    snapshot: {
      keys: ['source', 'file', 'capturedAt', 'accounts', 'regions', 'resourceCount', 'unsupported', 'skipped', 'rejected'],
      children: { rejected: { keys: ['count', 'items'], children: { items: each({ keys: ['file', 'pointer', 'message'] }) } } },
    },
    collectionErrors: each({ keys: ['accountId', 'region', 'service', 'resourceArn', 'property', 'operation', 'code', 'message', 'resources'] }),
  },
};

const SUMMARY: KeyOrder = {
  keys: ['total', 'byStatus', 'bySeverity', 'resources'],
  children: {
    byStatus: COUNTS,
    bySeverity: { keys: ['critical', 'high', 'medium', 'low', 'info'], children: { critical: COUNTS, high: COUNTS, medium: COUNTS, low: COUNTS, info: COUNTS } },
  },
};

/** Marks an array whose items all follow `order`. */
function each(order: KeyOrder): KeyOrder {
  return { keys: [], children: { '*': order } };
}

function ordered(value: unknown, order: KeyOrder | undefined): unknown {
  if (order === undefined || value === null || typeof value !== 'object') return value;
  const itemOrder = order.children?.['*'];
  if (Array.isArray(value)) return itemOrder ? value.map((v) => ordered(v, itemOrder)) : value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of order.keys) {
    if (source[key] !== undefined) out[key] = ordered(source[key], order.children?.[key]);
  }
  for (const key of Object.keys(source).sort()) {
    if (!(key in out) && source[key] !== undefined) out[key] = source[key];
  }
  return out;
}

/** The head of results.json, up to the opening of the resources table. */
export function resultsJsonHead(rules: readonly RuleSummary[]): string {
  const listed = rules.map((rule) => JSON.stringify(ordered(rule, RULE)));
  return `{\n"format":"sealcheck-results",\n"version":2,\n"rules":[${listed.length ? `\n${listed.join(',\n')}\n` : ''}],\n"resources":[`;
}

/** One entry of the resources table. */
export function resourceJson(r: ResultResource): string {
  return JSON.stringify({ resourceType: r.resourceType, resourceId: r.resourceId, arn: r.arn, accountId: r.accountId, region: r.region, name: r.name });
}

const referencesJson = (references: References) =>
  JSON.stringify({ awsConfig: references.awsConfig, securityHub: references.securityHub, frameworks: references.frameworks, links: references.links });

/**
 * What every result of one rule carries alike: a finding leaves out its
 * category and references when they are these (readers take them from the
 * rules table), so a million findings do not repeat their rule's references.
 */
export class RuleShared {
  private readonly references: string;
  /** The result references last found equal: a rule's results share one object, so a comparison is mostly an identity check. */
  private same: References | undefined;

  constructor(readonly rule: Pick<RuleSummary, 'category' | 'references'>) {
    this.references = referencesJson(controlsOf(rule.references));
  }

  category(r: Pick<Result, 'category'>): string | undefined {
    return r.category === this.rule.category ? undefined : r.category;
  }

  referencesOf(r: Pick<Result, 'references'>): References | undefined {
    if (r.references === this.same) return undefined;
    if (referencesJson(r.references) !== this.references) return r.references;
    this.same = r.references;
    return undefined;
  }
}

/** One finding (or PASS kept as a full record), pointing at its rule and resource by index; `shared` is its rule's, for what the finding need not repeat. */
export function findingJson(r: Result, rule: number, resource: number, shared?: RuleShared): string {
  const references = shared ? shared.referencesOf(r) : r.references;
  const suppression = r.suppression;
  return JSON.stringify({
    rule,
    resource,
    status: r.status,
    severity: r.severity,
    category: shared ? shared.category(r) : r.category,
    message: r.message,
    evidence: r.evidence.map((e) => ({ path: e.path, found: e.found, expected: e.expected, missing: e.missing })),
    references: references && { awsConfig: references.awsConfig, securityHub: references.securityHub, frameworks: references.frameworks, links: references.links },
    fingerprint: r.fingerprint,
    suppression: suppression && { reason: suppression.reason, owner: suppression.owner, ticket: suppression.ticket, expires: suppression.expires, source: suppression.source },
    baselineState: r.baselineState,
  });
}

/** The run and summary, last: they are known only once every result is. */
export function runJson(scan: Pick<ScanResults, 'run' | 'summary'>): string {
  return `"run":${JSON.stringify(ordered(scan.run, RUN))},\n"summary":${JSON.stringify(ordered(scan.summary, SUMMARY))}\n}\n`;
}
