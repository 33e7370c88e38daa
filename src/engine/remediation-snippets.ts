import type { Remediation, SnippetKey } from './result.js';

/** A kind of remediation snippet: its field, its name for people, and the language of its code. */
export interface SnippetKind {
  key: SnippetKey;
  label: string;
  lang: 'sh' | 'hcl' | 'yaml';
}

/** The snippet kinds, in the order reports show them. */
export const SNIPPET_KINDS: readonly SnippetKind[] = [
  { key: 'cli', label: 'AWS CLI', lang: 'sh' },
  { key: 'terraform', label: 'Terraform', lang: 'hcl' },
  { key: 'cloudformation', label: 'CloudFormation', lang: 'yaml' },
];

/** The snippets a remediation has, in report order, each with its kind. */
export function snippetsOf(remediation: Remediation): { kind: SnippetKind; code: string }[] {
  return SNIPPET_KINDS.flatMap((kind) => {
    const code = remediation[kind.key];
    return typeof code === 'string' && code.trim() !== '' ? [{ kind, code }] : [];
  });
}

/** A snippet form as people see it: the code, or the rule's reason why the form has none. */
export type SnippetForm = { kind: SnippetKind; code: string; reason?: undefined } | { kind: SnippetKind; code?: undefined; reason: string };

/** Each form the remediation speaks of, in report order: its snippet, else its `noSnippet` reason; forms with neither are left out. */
export function snippetFormsOf(remediation: Remediation): SnippetForm[] {
  const codes = new Map(snippetsOf(remediation).map(({ kind, code }) => [kind.key, code]));
  return SNIPPET_KINDS.flatMap((kind): SnippetForm[] => {
    const code = codes.get(kind.key);
    if (code !== undefined) return [{ kind, code }];
    const reason = remediation.noSnippet?.[kind.key];
    return typeof reason === 'string' && reason.trim() !== '' ? [{ kind, reason }] : [];
  });
}
