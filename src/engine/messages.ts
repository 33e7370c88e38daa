import type { Resource } from '../inventory/resource.js';
import type { Evidence, Status } from './result.js';
import type { RuleValue } from './rule-types.js';

/**
 * Renders the sentence of a result from a template and the evidence; `valueOf`
 * reads `{value:<path>}` placeholders; `who` is `describeResource` of
 * the resource, computed once per resource by the caller and shared by its rules.
 */
export type MessageRenderer = (r: Resource, status: Status, evidence: Evidence[], valueOf: (path: string, r: Resource) => unknown, who: string) => string;

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

/** A piece of a compiled template: literal text, or a reader for one placeholder. */
type Part = string | MessageRenderer;

/** Cuts a (validated) template into literal text and placeholder readers; `{param.*}` is resolved now, it cannot change during a run. */
function templateParts(template: string, params: Record<string, RuleValue>): Part[] {
  const parts: Part[] = [];
  let at = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    const key = m[1]!;
    if (m.index > at) parts.push(template.slice(at, m.index));
    at = m.index + m[0].length;
    switch (key) {
      case 'resource':
        parts.push((_r, _s, _e, _v, who) => who);
        break;
      case 'name':
        parts.push((r) => r.name ?? r.resourceId);
        break;
      case 'type':
        parts.push((r) => r.resourceType);
        break;
      case 'region':
        parts.push((r) => r.region);
        break;
      case 'account':
        parts.push((r) => r.accountId);
        break;
      case 'evidence':
        parts.push((_r, status, evidence) => evidenceSentence(evidence, status));
        break;
      default:
        if (key.startsWith('value:')) {
          const path = key.slice(6);
          parts.push((r, _s, _e, valueOf) => inline(valueOf(path, r)));
        } else {
          parts.push(String(params[key.slice(6)]));
        }
    }
  }
  if (at < template.length) parts.push(template.slice(at));
  return parts;
}

/** Whether a template shows the evidence: a PASS message that does must still be explained. */
export function templateShowsEvidence(template: string | undefined): boolean {
  return template !== undefined && template.includes('{evidence}');
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
      } else if (!/^(resource|name|type|region|account|evidence)$/.test(name) && !(name.startsWith('param.') && Object.hasOwn(params, name.slice(6)))) {
        return `unknown placeholder "{${name}}"`;
      }
    }
  }
  // Each template is cut into literal text and placeholder readers once, so a result costs a few concatenations, not a regex replace.
  const compiled: Partial<Record<Status, Part[]>> = {};
  if (templates?.fail) compiled.FAIL = templateParts(templates.fail, params);
  if (templates?.pass) compiled.PASS = templateParts(templates.pass, params);
  if (templates?.unknown) compiled.UNKNOWN = templateParts(templates.unknown, params);
  return (r, status, evidence, valueOf, who) => {
    const parts = compiled[status];
    if (parts) {
      let text = '';
      for (const part of parts) text += typeof part === 'string' ? part : part(r, status, evidence, valueOf, who);
      return text;
    }
    switch (status) {
      case 'PASS':
        return `${who}: ${title}.`;
      case 'FAIL':
        return `${who} fails "${title}": ${evidenceSentence(evidence, status)}.`;
      case 'UNKNOWN':
        return `${who}: cannot tell whether "${title}" holds: ${evidenceSentence(evidence, status)}.`;
      default:
        return `${who}: the rule could not be evaluated.`;
    }
  };
}
