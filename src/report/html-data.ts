import type { Remediation, Result, RuleSummary, ScanResults } from '../engine/result.js';
import { compareByUrgency, rulesById, serviceOf } from './facets.js';

/** Evidence values longer than this are cut in the report (results.json keeps them whole). */
const MAX_FOUND = 20_000;

/** Tags of a resource by ARN, when the caller has the inventory at hand (results do not carry tags). */
export type TagsOf = (arn: string) => Record<string, string> | undefined;

/** A finding as the HTML spool keeps it: with its resource's tags when the scan had the resource at hand. */
export interface TaggedResult extends Result {
  resourceTags?: Record<string, string>;
}

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
    severityReason?: { basis: string; text: string };
    remediation: Remediation;
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

/**
 * Builds the data island row by row: rules the catalogue lacks and the facet
 * values are added as the rows that name them come, so the lists are in the
 * order of the rows. Holds the lists, never the rows.
 */
export class ReportDataBuilder {
  readonly rules: ReportData['rules'] = [];
  private readonly byId: Map<string, RuleSummary>;
  private readonly ruleIds = interner();
  private readonly types = interner();
  private readonly accounts = interner();
  private readonly regions = interner();
  private readonly services = interner();

  constructor(
    catalogue: readonly RuleSummary[],
    private readonly tagsOf?: TagsOf,
  ) {
    this.byId = rulesById(catalogue);
    for (const rule of catalogue) this.addRule(rule.id, undefined);
  }

  private addRule(id: string, fallback: Result | undefined): number {
    const before = this.ruleIds.list.length;
    const i = this.ruleIds.id(id);
    if (this.ruleIds.list.length > before) {
      const rule = this.byId.get(id);
      this.rules.push(
        rule
          ? { id, title: rule.title, description: rule.description, severity: rule.severity, category: rule.category, service: rule.service, ...(rule.severityReason ? { severityReason: rule.severityReason } : {}), remediation: rule.remediation, references: rule.references }
          : { id, title: id, description: '', severity: fallback?.severity ?? 'info', category: fallback?.category ?? '', service: '', remediation: { text: '' }, references: fallback?.references ?? {} },
      );
    }
    return i;
  }

  /** One result's row (results must come most urgent first). */
  row(r: TaggedResult): unknown[] {
    return [
      this.addRule(r.ruleId, r),
      r.status,
      r.severity,
      this.types.id(r.resourceType),
      this.accounts.id(r.accountId),
      this.regions.id(r.region),
      this.services.id(serviceOf(r, this.byId)),
      r.name ?? null,
      r.arn,
      r.resourceId,
      r.message,
      r.evidence.map((e) => [e.path, foundText(e.found), e.expected, e.missing ?? null]),
      r.resourceTags ?? this.tagsOf?.(r.arn) ?? null,
      r.suppression ?? null,
      r.baselineState ?? null,
    ];
  }

  get dims(): ReportData['dims'] {
    return { type: this.types.list, account: this.accounts.list, region: this.regions.list, service: this.services.list };
  }
}

export function reportData(scan: ScanResults, tagsOf?: TagsOf): ReportData {
  const builder = new ReportDataBuilder(scan.rules, tagsOf);
  const rows = [...scan.findings].sort(compareByUrgency).map((r) => builder.row(r));
  return { rules: builder.rules, dims: builder.dims, rows };
}
