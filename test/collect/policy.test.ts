import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_ACTIONS } from '../../src/collect/iam-actions.js';

const ROOT = join(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src/collect');

/**
 * The SDK commands the collect source constructs: each `new XCommand(` whose
 * name is imported from an `@aws-sdk/client-*` package, keyed like the table.
 */
function commandsInSource(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const file of readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(join(SRC, file), 'utf8');
    const local = new Map<string, string>();
    for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/(client-[a-z0-9-]+)'/g)) {
      for (const spec of m[1]!.split(',').map((s) => s.trim()).filter(Boolean)) {
        const [original, alias] = spec.replace(/^type\s+/, '').split(/\s+as\s+/);
        local.set((alias ?? original)!, `${m[2]}:${original}`);
      }
    }
    for (const m of text.matchAll(/new\s+([A-Za-z0-9]+Command)\s*\(/g)) {
      const key = local.get(m[1]!);
      expect(key, `${file}: ${m[1]} is constructed but not imported from an @aws-sdk client`).toBeDefined();
      used.set(key!, [...(used.get(key!) ?? []), file]);
    }
  }
  return used;
}

/**
 * Commands sent with the caller's own credentials, before any audited account is
 * reached: the caller needs these actions, the audited role does not.
 */
const CALLER_SIDE: Readonly<Record<string, { action: string; file: string }>> = {
  'client-sts:AssumeRoleCommand': { action: 'sts:AssumeRole', file: 'credentials.ts' },
  // Expanding Organizations OUs into accounts happens in the management or delegated administrator account.
  'client-organizations:ListAccountsForParentCommand': { action: 'organizations:ListAccountsForParent', file: 'organizations.ts' },
  'client-organizations:ListOrganizationalUnitsForParentCommand': { action: 'organizations:ListOrganizationalUnitsForParent', file: 'organizations.ts' },
};

describe('least privilege', () => {
  const all = commandsInSource();
  const used = new Map([...all].filter(([k]) => !(k in CALLER_SIDE)));

  it('sends caller-side commands only from their own modules, and the audited role is not granted them', () => {
    for (const [k, files] of all) if (k in CALLER_SIDE) expect(files, k).toEqual([CALLER_SIDE[k]!.file]);
    for (const k of Object.keys(CALLER_SIDE)) expect(all.has(k), `${k} is sent`).toBe(true);
    const granted = policy.Statement.flatMap((s) => s.Action);
    for (const { action } of Object.values(CALLER_SIDE)) expect(granted).not.toContain(action);
  });
  const policy = JSON.parse(readFileSync(join(ROOT, 'policies/sealcheck-readonly.json'), 'utf8')) as {
    Statement: { Sid: string; Effect: string; Action: string[]; Resource: string | string[] }[];
  };

  it('maps every command the collectors send to an IAM action, and lists no command they do not send', () => {
    const missing = [...used.keys()].filter((k) => !(k in COMMAND_ACTIONS));
    const stale = Object.keys(COMMAND_ACTIONS).filter((k) => !used.has(k));
    expect(missing, 'commands without an IAM action in src/collect/iam-actions.ts').toEqual([]);
    expect(stale, 'table entries no collector sends').toEqual([]);
    expect(used.size).toBeGreaterThan(40);
  });

  it('grants exactly the actions of those commands, all read-only', () => {
    const granted = policy.Statement.flatMap((s) => (s.Effect === 'Allow' ? s.Action : [])).sort();
    const needed = [...new Set([...used.keys()].map((k) => COMMAND_ACTIONS[k]!))].sort();
    expect(granted).toEqual(needed);
    // API Gateway authorizes every read with apigateway:GET, API key values included: its grant names the paths read instead of '*'.
    expect(policy.Statement.filter((s) => s.Resource !== '*').map((s) => [s.Sid, s.Action])).toEqual([['SealcheckApiGatewayRead', ['apigateway:GET']]]);
    expect(policy.Statement.find((s) => s.Sid === 'SealcheckApiGatewayRead')!.Resource).not.toContain('arn:aws:apigateway:*::/apikeys');
    for (const action of granted) {
      expect(action, 'no wildcards').not.toContain('*');
      expect(action.split(':')[1], 'read-only verbs').toMatch(/^(Get|List|Describe|Select|GET$)/);
    }
  });

  it('never calls an API that returns secret values', () => {
    const forbidden = /(GetSecretValue|GetParameters?Command|GetParametersByPath|Decrypt|GetFunctionConfiguration|GetFunctionCommand|GenerateDataKey)/;
    for (const key of used.keys()) expect(key).not.toMatch(forbidden);
    // Of Secrets Manager only secret metadata and resource policies: never a secret value.
    expect([...used.keys()].filter((k) => k.startsWith('client-secrets-manager:')).sort()).toEqual(['client-secrets-manager:GetResourcePolicyCommand', 'client-secrets-manager:ListSecretsCommand']);
    // Of Systems Manager only parameter metadata and tags: never a parameter value.
    expect([...used.keys()].filter((k) => k.startsWith('client-ssm:')).sort()).toEqual(['client-ssm:DescribeParametersCommand', 'client-ssm:ListTagsForResourceCommand']);
  });
});
