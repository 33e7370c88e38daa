import type { Result, ScanResults } from '../engine/result.js';
import { compareByUrgency, rulesById, serviceOf } from './facets.js';

/** Evidence values longer than this are cut in the report (results.json keeps them whole). */
const MAX_FOUND = 20_000;

/** Tags of a resource by ARN, when the caller has the inventory at hand (results do not carry tags). */
export type TagsOf = (arn: string) => Record<string, string> | undefined;

/**
 * The report's data island: the rule catalogue, the distinct values of each
 * facet, and one compact array per result (indexes into those lists) so that
 * 50,000 results stay a few megabytes and parse in one `JSON.parse`.
 */
export interface ReportData {
  rules: {
    id: string;
    title: string;
    description: string;
    severity: string;
    category: string;
    service: string;
    remediation: { text: string; url?: string };
    references: Result['references'];
  }[];
  dims: { type: string[]; account: string[]; region: string[]; service: string[] };
  /** [rule, status, severity, type, account, region, service, name, arn, resourceId, message, evidence, tags, suppression, baselineState] */
  rows: unknown[][];
}

function interner(): { list: string[]; id: (value: string) => number } {
  const list: string[] = [];
  const index = new Map<string, number>();
  return {
    list,
    id(value) {
      let i = index.get(value);
      if (i === undefined) {
        i = list.length;
        list.push(value);
        index.set(value, i);
      }
      return i;
    },
  };
}

function foundText(found: unknown): string | null {
  if (found === undefined) return null;
  const text = typeof found === 'string' ? JSON.stringify(found) : (JSON.stringify(found, null, 2) ?? String(found));
  return text.length > MAX_FOUND ? `${text.slice(0, MAX_FOUND)}\n… (${text.length} characters, cut)` : text;
}

export function reportData(scan: ScanResults, tagsOf?: TagsOf): ReportData {
  const byId = rulesById(scan.rules);
  const ruleIds = interner();
  const rules: ReportData['rules'] = [];
  const addRule = (id: string, fallback: Result | undefined) => {
    const before = ruleIds.list.length;
    const i = ruleIds.id(id);
    if (ruleIds.list.length > before) {
      const rule = byId.get(id);
      rules.push(
        rule
          ? { id, title: rule.title, description: rule.description, severity: rule.severity, category: rule.category, service: rule.service, remediation: rule.remediation, references: rule.references }
          : { id, title: id, description: '', severity: fallback?.severity ?? 'info', category: fallback?.category ?? '', service: '', remediation: { text: '' }, references: fallback?.references ?? {} },
      );
    }
    return i;
  };
  for (const rule of scan.rules) addRule(rule.id, undefined);

  const types = interner();
  const accounts = interner();
  const regions = interner();
  const services = interner();
  const ordered = [...scan.findings].sort(compareByUrgency);
  const rows = ordered.map((r) => [
    addRule(r.ruleId, r),
    r.status,
    r.severity,
    types.id(r.resourceType),
    accounts.id(r.accountId),
    regions.id(r.region),
    services.id(serviceOf(r, byId)),
    r.name ?? null,
    r.arn,
    r.resourceId,
    r.message,
    r.evidence.map((e) => [e.path, foundText(e.found), e.expected, e.missing ?? null]),
    tagsOf?.(r.arn) ?? null,
    r.suppression ?? null,
    r.baselineState ?? null,
  ]);
  return { rules, dims: { type: types.list, account: accounts.list, region: regions.list, service: services.list }, rows };
}
