import type { Resource } from '../inventory/resource.js';
import type { Evidence, Status } from './result.js';
import type { RuleValue } from './rule-types.js';
import { describeResource } from './resource-labels.js';

/** Renders the sentence of a result from a template and the evidence; `valueOf` reads `{value:<path>}` placeholders. */
export type MessageRenderer = (r: Resource, status: Status, evidence: Evidence[], valueOf: (path: string, r: Resource) => unknown) => string;

const show = (v: unknown): string => {
  const text = typeof v === 'string' ? `"${v}"` : (JSON.stringify(v) ?? 'nothing');
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
};

/** The first evidence items, in words: `encryption is null (expected: is set)`. */
export function evidenceSentence(evidence: Evidence[], status: Status): string {
  const picked = status === 'UNKNOWN' ? evidence.filter((e) => e.missing !== undefined) : evidence.filter((e) => e.missing === undefined);
  const items = (picked.length ? picked : evidence).slice(0, 2);
  return items
    .map((e) => (e.missing !== undefined ? `${e.path}: ${e.missing}` : `${e.path} is ${show(e.found)} (expected: ${e.expected})`))
    .join('; ');
}

const PLACEHOLDER = /\{(resource|name|type|region|account|evidence|param\.[A-Za-z0-9_]+|value:[^{}]+)\}/g;

/** A value shown inside a sentence: strings as they are (clipped), anything else as compact JSON. */
function inline(v: unknown): string {
  if (v === undefined) return 'unknown';
  const text = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * Compiles a rule's message templates. Placeholders: `{resource}` (`S3 bucket "x"`),
 * `{name}`, `{type}`, `{region}`, `{account}`, `{evidence}`, `{param.<name>}`,
 * and `{value:<path>}` (any property or derived path, e.g. `{value:$encryption.keyArn}`).
 * `checkPath` validates a value path; returns an error string for an unknown placeholder or bad path.
 */
export function compileMessages(
  title: string,
  templates: { fail?: string; pass?: string; unknown?: string } | undefined,
  params: Record<string, RuleValue>,
  checkPath: (path: string) => string | undefined,
): MessageRenderer | string {
  for (const t of Object.values(templates ?? {})) {
    const unknown = /\{([^}]*)\}/g;
    for (let m = unknown.exec(t); m; m = unknown.exec(t)) {
      const name = m[1]!;
      if (name.startsWith('value:')) {
        const bad = checkPath(name.slice(6));
        if (bad) return `placeholder "{${name}}": ${bad}`;
      } else if (!/^(resource|name|type|region|account|evidence)$/.test(name) && !(name.startsWith('param.') && name.slice(6) in params)) {
        return `unknown placeholder "{${name}}"`;
      }
    }
  }
  const fill = (template: string, r: Resource, status: Status, evidence: Evidence[], valueOf: (path: string, r: Resource) => unknown) =>
    template.replace(PLACEHOLDER, (_, key: string) => {
      switch (key) {
        case 'resource':
          return describeResource(r);
        case 'name':
          return r.name ?? r.resourceId;
        case 'type':
          return r.resourceType;
        case 'region':
          return r.region;
        case 'account':
          return r.accountId;
        case 'evidence':
          return evidenceSentence(evidence, status);
        default:
          return key.startsWith('value:') ? inline(valueOf(key.slice(6), r)) : String(params[key.slice(6)]);
      }
    });
  return (r, status, evidence, valueOf) => {
    const custom = status === 'FAIL' ? templates?.fail : status === 'PASS' ? templates?.pass : status === 'UNKNOWN' ? templates?.unknown : undefined;
    if (custom) return fill(custom, r, status, evidence, valueOf);
    const who = describeResource(r);
    const why = evidenceSentence(evidence, status);
    switch (status) {
      case 'PASS':
        return `${who}: ${title}.`;
      case 'FAIL':
        return `${who} fails "${title}": ${why}.`;
      case 'UNKNOWN':
        return `${who}: cannot tell whether "${title}" holds: ${why}.`;
      default:
        return `${who}: the rule could not be evaluated.`;
    }
  };
}
