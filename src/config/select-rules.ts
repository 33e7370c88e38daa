import { SEVERITY_LEVEL, type References, type Severity } from '../engine/result.js';
import { compileGlob, matchGlob } from '../util/glob.js';
import { own } from '../util/own.js';
import type { RuleFilter, RuleSelection, SeverityOverrides } from './config-types.js';

/** What selection reads from a rule: a RuleSummary or a full rule both fit. */
export interface SelectableRule {
  id: string;
  severity: Severity;
  category: string;
  references: References;
  /** When absent, the id's prefix (`s3` of `s3-bucket-tls-only`). */
  service?: string;
}

const serviceOf = (rule: SelectableRule) => rule.service ?? rule.id.split('-')[0] ?? rule.id;

/**
 * Framework names that are not mapping files: Security Hub and AWS Config
 * (the rule's own fields) and `cis`, any CIS benchmark version. Every other
 * name is a framework id of `frameworks/` (`cis-aws-v5.0.0`, `pci-dss-v4.0`).
 */
export const FRAMEWORK_ALIASES: Readonly<Record<string, (r: References) => string[]>> = {
  'security-hub': (r) => r.securityHub ?? [],
  'aws-config': (r) => (r.awsConfig ? [r.awsConfig] : []),
  cis: (r) => Object.entries(r.frameworks ?? {}).flatMap(([f, ids]) => (f.startsWith('cis-') ? ids : [])),
};

/** The rule's requirement ids in framework `name` (empty when it cites none). */
export function frameworkControls(name: string, r: References): string[] {
  const alias = own(FRAMEWORK_ALIASES, name);
  return alias ? alias(r) : (own(r.frameworks ?? {}, name) ?? []);
}

function matchesFramework(rule: SelectableRule, spec: string): boolean {
  const [name = '', control] = spec.split(':', 2);
  const controls = frameworkControls(name, rule.references);
  return control === undefined ? controls.length > 0 : controls.includes(control);
}

/** True when `id` matches one of the patterns (`*`/`?` wildcards). */
export function idMatches(id: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => matchGlob(compileGlob(p), id));
}

const has = <T>(list: readonly T[] | undefined): list is readonly T[] => list !== undefined && list.length > 0;

/** An include filter: listed ids always match; otherwise every other field given must match (services AND categories AND frameworks). */
function included(rule: SelectableRule, f: RuleFilter): boolean {
  if (has(f.ids) && idMatches(rule.id, f.ids)) return true;
  const others = [f.services, f.categories, f.frameworks].filter(has);
  if (others.length === 0) return false;
  return (
    (!has(f.services) || f.services.includes(serviceOf(rule))) &&
    (!has(f.categories) || (f.categories as readonly string[]).includes(rule.category)) &&
    (!has(f.frameworks) || f.frameworks.some((spec) => matchesFramework(rule, spec)))
  );
}

/** An exclude filter: any one field matching excludes the rule. */
function excluded(rule: SelectableRule, f: RuleFilter): boolean {
  return (
    (has(f.ids) && idMatches(rule.id, f.ids)) ||
    (has(f.services) && f.services.includes(serviceOf(rule))) ||
    (has(f.categories) && (f.categories as readonly string[]).includes(rule.category)) ||
    (has(f.frameworks) && f.frameworks.some((spec) => matchesFramework(rule, spec)))
  );
}

const isEmptyFilter = (f: RuleFilter | undefined) => !f || ![f.ids, f.services, f.categories, f.frameworks].some(has);

/**
 * The rules a selection keeps, in their original order:
 * 1. all rules, or with an `include` only those it matches (an id listed, or
 *    every other given field — so `services: [s3]` with `categories: [encryption-at-rest]` means both);
 * 2. minus those citing none of the `compliance` frameworks, when some are given;
 * 3. minus those below `minSeverity` (pass rules after {@link applySeverityOverrides});
 * 4. minus those any `exclude` field matches.
 */
export function selectRules<T extends SelectableRule>(rules: readonly T[], selection: RuleSelection = {}): T[] {
  const { include, exclude, minSeverity, compliance } = selection;
  return rules.filter(
    (rule) =>
      (isEmptyFilter(include) || included(rule, include!)) &&
      (!has(compliance) || compliance.some((spec) => matchesFramework(rule, spec))) &&
      (!minSeverity || SEVERITY_LEVEL[rule.severity] >= SEVERITY_LEVEL[minSeverity]) &&
      (isEmptyFilter(exclude) || !excluded(rule, exclude!)),
  );
}

/** Copies of the rules with overridden severities; the original severity and reason stay visible on `severityOverride`. */
export function applySeverityOverrides<T extends { id: string; severity: Severity }>(
  rules: readonly T[],
  overrides: SeverityOverrides = {},
): (T & { severityOverride?: { from: Severity; reason: string } })[] {
  return rules.map((rule) => {
    const o = Object.hasOwn(overrides, rule.id) ? overrides[rule.id] : undefined;
    return o ? { ...rule, severity: o.severity, severityOverride: { from: rule.severity, reason: o.reason } } : rule;
  });
}
