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

/** The reasons a remediation gives for its missing snippets, in report order, each with its kind. */
export function noSnippetReasonsOf(remediation: Remediation): { kind: SnippetKind; reason: string }[] {
  return SNIPPET_KINDS.flatMap((kind) => {
    const reason = remediation.noSnippet?.[kind.key];
    return typeof reason === 'string' && reason.trim() !== '' ? [{ kind, reason }] : [];
  });
}
