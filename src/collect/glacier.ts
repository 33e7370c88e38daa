import { GetVaultAccessPolicyCommand, GetVaultLockCommand, ListTagsForVaultCommand, ListVaultsCommand, type DescribeVaultOutput } from '@aws-sdk/client-glacier';
import { isoDate, policyDocumentFromText, type Collector } from './context.js';
import { declarativeCollector, readInto, tagsFrom } from './declarative.js';
import { inputRecord } from '../util/own.js';

// Glacier takes the account in every request; "-" names the account of the credentials.
const SELF = '-';

/** Glacier's model types its dates as strings; a date parsed on the way is written back in ISO form. */
const when = (v: unknown): string | null => (v instanceof Date ? isoDate(v) : typeof v === 'string' ? v : null);

/** S3 Glacier vaults: their access policy and Vault Lock. Archives are never listed. */
export const glacierCollector: Collector = declarativeCollector({
  service: 'glacier',
  client: 'glacier',
  resourceType: 'AWS::Glacier::Vault',
  list: {
    operation: 'glacier:ListVaults',
    page: (g, t) => g.send(new ListVaultsCommand({ accountId: SELF, ...(t ? { marker: t } : {}) })),
    items: (o) => o.VaultList,
    next: (o) => o.Marker,
  },
  id: (v: DescribeVaultOutput) => (v.VaultARN ? v.VaultName : undefined),
  idField: 'VaultARN or VaultName',
  arn: (_ctx, v) => v.VaultARN!,
  listed: (v, name) => ({ vaultName: name, creationDate: when(v.CreationDate), numberOfArchives: v.NumberOfArchives ?? null }),
  reads: [
    readInto({
      property: 'policy',
      operation: 'glacier:GetVaultAccessPolicy',
      send: (g, v) => g.send(new GetVaultAccessPolicyCommand({ accountId: SELF, vaultName: v.VaultName! })),
      map: (o) => policyDocumentFromText(o.policy?.Policy),
      // A vault without an access policy answers ResourceNotFoundException.
      none: { codes: ['ResourceNotFoundException'], value: null },
    }),
    readInto({
      property: 'vaultLock',
      operation: 'glacier:GetVaultLock',
      send: (g, v) => g.send(new GetVaultLockCommand({ accountId: SELF, vaultName: v.VaultName! })),
      // InProgress: a lock policy is attached but can still be aborted until it is completed or expires.
      map: (o) => ({ state: o.State ?? null, expirationDate: when(o.ExpirationDate), policy: policyDocumentFromText(o.Policy) }),
      // A vault that was never locked answers ResourceNotFoundException.
      none: { codes: ['ResourceNotFoundException'], value: null },
      carries: ['State'],
    }),
    tagsFrom({
      operation: 'glacier:ListTagsForVault',
      send: (g, v) => g.send(new ListTagsForVaultCommand({ accountId: SELF, vaultName: v.VaultName! })),
      map: (o) => Object.assign(inputRecord<string>(), o.Tags),
    }),
  ],
});
