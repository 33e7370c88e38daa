import { ACCOUNT, REGION, nextHex, type AccountState, type KeyState } from './state.js';
import { epochSeconds, json, jsonError, page, type Reply } from './wire.js';

const keyArn = (id: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${id}`;

function defaultPolicy(): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
  });
}

function newKey(state: AccountState, manager: KeyState['manager'], description: string, spec = 'SYMMETRIC_DEFAULT', usage = 'ENCRYPT_DECRYPT'): KeyState {
  const id = `${nextHex(state, 8)}-0000-4000-8000-${nextHex(state, 12)}`;
  const key: KeyState = {
    id,
    arn: keyArn(id),
    description,
    manager,
    state: 'Enabled',
    keySpec: spec,
    keyUsage: usage,
    created: new Date(),
    // AWS rotates its managed keys every year; a new customer key starts without rotation.
    rotation: manager === 'AWS',
    policy: defaultPolicy(),
    tags: {},
  };
  state.keys.set(id, key);
  return key;
}

/**
 * The key a reference names: key id, key ARN, alias name or alias ARN. An
 * `alias/aws/<service>` that does not exist yet is created, as AWS creates its
 * managed key the first time a service uses it.
 */
export function resolveKey(state: AccountState, ref: string): KeyState | undefined {
  const alias = ref.startsWith('alias/') ? ref : /^arn:aws:kms:[^:]*:\d*:(alias\/.+)$/.exec(ref)?.[1];
  if (alias) {
    const target = state.aliases.get(alias);
    if (target) return state.keys.get(target);
    if (!alias.startsWith('alias/aws/')) return undefined;
    const key = newKey(state, 'AWS', `Default key that protects my ${alias.slice('alias/aws/'.length)} data when no other key is defined`);
    state.aliases.set(alias, key.id);
    return key;
  }
  const id = ref.startsWith('arn:') ? ref.slice(ref.lastIndexOf('/') + 1) : ref;
  return state.keys.get(id);
}

function metadata(k: KeyState): Record<string, unknown> {
  return {
    AWSAccountId: ACCOUNT,
    KeyId: k.id,
    Arn: k.arn,
    CreationDate: epochSeconds(k.created),
    Enabled: k.state === 'Enabled',
    Description: k.description,
    KeyUsage: k.keyUsage,
    KeyState: k.state,
    Origin: 'AWS_KMS',
    KeyManager: k.manager,
    KeySpec: k.keySpec,
    CustomerMasterKeySpec: k.keySpec,
    EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    MultiRegion: false,
    ...(k.deletionDate ? { DeletionDate: epochSeconds(k.deletionDate), PendingDeletionWindowInDays: k.pendingWindowInDays } : {}),
  };
}

const notFound = (ref: unknown) => jsonError('NotFoundException', `Key '${String(ref)}' does not exist`);

/** KMS (JSON 1.1, target prefix TrentService). */
export function kms(state: AccountState, op: string, body: Record<string, unknown>, pageSize: number | undefined): Reply | undefined {
  const key = () => resolveKey(state, String(body.KeyId ?? body.TargetKeyId ?? ''));
  switch (op) {
    case 'CreateKey': {
      const k = newKey(state, 'CUSTOMER', String(body.Description ?? ''), String(body.KeySpec ?? 'SYMMETRIC_DEFAULT'), String(body.KeyUsage ?? 'ENCRYPT_DECRYPT'));
      if (typeof body.Policy === 'string') k.policy = body.Policy;
      for (const t of (body.Tags as { TagKey: string; TagValue: string }[] | undefined) ?? []) k.tags[t.TagKey] = t.TagValue;
      return json({ KeyMetadata: metadata(k) });
    }
    case 'EnableKeyRotation':
    case 'DisableKeyRotation': {
      const k = key();
      if (!k) return notFound(body.KeyId);
      if (k.state !== 'Enabled') return jsonError('KMSInvalidStateException', `${k.arn} is ${k.state}`);
      k.rotation = op === 'EnableKeyRotation';
      return json({});
    }
    case 'DisableKey':
    case 'EnableKey': {
      const k = key();
      if (!k) return notFound(body.KeyId);
      k.state = op === 'DisableKey' ? 'Disabled' : 'Enabled';
      return json({});
    }
    case 'ScheduleKeyDeletion': {
      const k = key();
      if (!k) return notFound(body.KeyId);
      const days = Number(body.PendingWindowInDays ?? 30);
      k.state = 'PendingDeletion';
      k.pendingWindowInDays = days;
      k.deletionDate = new Date(Date.now() + days * 86_400_000);
      return json({ KeyId: k.arn, DeletionDate: epochSeconds(k.deletionDate), KeyState: k.state, PendingWindowInDays: days });
    }
    case 'CreateAlias': {
      const name = String(body.AliasName);
      const k = key();
      if (!k) return notFound(body.TargetKeyId);
      if (state.aliases.has(name)) return jsonError('AlreadyExistsException', `An alias with the name ${name} already exists`);
      state.aliases.set(name, k.id);
      return json({});
    }
    case 'ListKeys': {
      const { items, next } = page([...state.keys.values()], body.Marker as string | undefined, pageSize);
      return json({ Keys: items.map((k) => ({ KeyId: k.id, KeyArn: k.arn })), Truncated: next !== undefined, ...(next ? { NextMarker: next } : {}) });
    }
    case 'ListAliases':
      return json({
        Aliases: [...state.aliases].map(([name, target]) => ({ AliasName: name, AliasArn: `arn:aws:kms:${REGION}:${ACCOUNT}:${name}`, TargetKeyId: target })),
        Truncated: false,
      });
    // The fake account has no custom key stores: AWS answers an empty list.
    case 'DescribeCustomKeyStores':
      return json({ CustomKeyStores: [], Truncated: false });
    case 'DescribeKey': {
      const k = key();
      return k ? json({ KeyMetadata: metadata(k) }) : notFound(body.KeyId);
    }
    case 'GetKeyRotationStatus': {
      const k = key();
      if (!k) return notFound(body.KeyId);
      if (k.state === 'PendingDeletion') return jsonError('KMSInvalidStateException', `${k.arn} is pending deletion`);
      return json({ KeyId: k.arn, KeyRotationEnabled: k.rotation, ...(k.rotation ? { RotationPeriodInDays: 365 } : {}) });
    }
    case 'GetKeyPolicy': {
      const k = key();
      return k ? json({ PolicyName: 'default', Policy: k.policy }) : notFound(body.KeyId);
    }
    case 'CreateGrant': {
      const k = key();
      if (!k) return notFound(body.KeyId);
      const grant = { GrantId: nextHex(state, 64), GranteePrincipal: String(body.GranteePrincipal), Operations: body.Operations as string[], IssuingAccount: `arn:aws:iam::${ACCOUNT}:root`, KeyId: k.arn };
      (k.grants ??= []).push(grant);
      return json({ GrantId: grant.GrantId, GrantToken: 'token' });
    }
    case 'ListGrants': {
      const k = key();
      if (!k) return notFound(body.KeyId);
      const { items, next } = page(k.grants ?? [], body.Marker as string | undefined, pageSize);
      return json({ Grants: items, Truncated: next !== undefined, ...(next ? { NextMarker: next } : {}) });
    }
    case 'ListResourceTags': {
      const k = key();
      if (!k) return notFound(body.KeyId);
      return json({ Tags: Object.entries(k.tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })), Truncated: false });
    }
    default:
      return undefined;
  }
}
