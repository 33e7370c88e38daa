import { ListRecoveryPointsByBackupVaultCommand, type RecoveryPointByBackupVault } from '@aws-sdk/client-backup';
import type { Resource } from '../inventory/resource.js';
import { identified, lacking, unknownIfAbsent } from './always-present.js';
import { forEach, isoDate, type CollectorContext } from './context.js';
import { RECOVERY_POINTS_PER_VAULT } from './limits.js';
import { regionalResource } from './resource.js';

const LIST = 'backup:ListRecoveryPointsByBackupVault';

/** A listed recovery point in the model's terms: whether and with which key it is encrypted, and where it came from. */
export function recoveryPointProperties(p: RecoveryPointByBackupVault, vaultName: string): Record<string, unknown> {
  return {
    vaultName,
    vaultArn: p.BackupVaultArn ?? null,
    // Set when the point is a copy from another vault, possibly in another account or region.
    sourceBackupVaultArn: p.SourceBackupVaultArn ?? null,
    resourceArn: p.ResourceArn ?? null,
    resourceType: p.ResourceType ?? null,
    status: p.Status ?? null,
    creationDate: isoDate(p.CreationDate),
    isEncrypted: p.IsEncrypted,
    // Absent for an unencrypted point, and for one under a key AWS owns (EncryptionKeyType says which).
    encryptionKeyArn: p.EncryptionKeyArn ?? null,
    encryptionKeyType: p.EncryptionKeyType ?? null,
    deleteAt: isoDate(p.CalculatedLifecycle?.DeleteAt),
  };
}

/** The last part of an ARN (a recovery point id, `snapshot/snap-…` gives `snap-…`). */
function shortName(arn: string): string {
  return arn.slice(Math.max(arn.lastIndexOf(':'), arn.lastIndexOf('/')) + 1) || arn;
}

/**
 * The recovery points of one vault, at most {@link RECOVERY_POINTS_PER_VAULT}:
 * a vault can hold millions, and a scan must stay bounded. A vault with more
 * is counted as skipped on purpose (the snapshot header says so); a page that
 * fails ends the list and is recorded for the scope, as any list is.
 */
async function pointsOfVault(ctx: CollectorContext, vault: Resource): Promise<RecoveryPointByBackupVault[]> {
  const backup = ctx.client('backup');
  const vaultName = vault.properties.vaultName as string;
  const points: RecoveryPointByBackupVault[] = [];
  let token: string | undefined;
  do {
    const page = await ctx.call(LIST, () => backup.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: vaultName, MaxResults: 100, ...(token ? { NextToken: token } : {}) })));
    if (!page.ok) {
      ctx.scopeError({ ...page.error, message: `vault ${vaultName}: ${page.error.message}; its recovery points may be incomplete` });
      return points;
    }
    const items = page.value.RecoveryPoints;
    if (items === undefined) {
      ctx.scopeError(lacking(LIST, 'RecoveryPoints'));
      return points;
    }
    points.push(...items);
    token = page.value.NextToken;
    if (points.length >= RECOVERY_POINTS_PER_VAULT && (token !== undefined || points.length > RECOVERY_POINTS_PER_VAULT)) {
      ctx.skip(`AWS::Backup::RecoveryPoint beyond the first ${RECOVERY_POINTS_PER_VAULT} of a vault (vaults)`);
      return points.slice(0, RECOVERY_POINTS_PER_VAULT);
    }
  } while (token);
  return points;
}

/** AWS Backup recovery points of the listed vaults: encryption and key, per point. */
export async function collectRecoveryPoints(ctx: CollectorContext, vaults: readonly Resource[]): Promise<Resource[]> {
  const resources: Resource[] = [];
  // A vault whose name was withheld cannot be asked for its points.
  const named = vaults.filter((v) => typeof v.properties.vaultName === 'string');
  await forEach(named, async (vault) => {
    const listed = identified(ctx, await pointsOfVault(ctx, vault), 'RecoveryPointArn', (p) => p.RecoveryPointArn, LIST);
    for (const p of listed) {
      const arn = p.RecoveryPointArn!;
      const point = regionalResource(ctx, 'AWS::Backup::RecoveryPoint', arn, arn, recoveryPointProperties(p, vault.properties.vaultName as string), { name: shortName(arn) });
      // The reference does not say what a missing IsEncrypted means: unknown, never read as "not encrypted".
      unknownIfAbsent(point, LIST, { isEncrypted: p.IsEncrypted });
      resources.push(point);
    }
    ctx.found(listed.length);
  });
  return resources.sort((a, b) => a.resourceId.localeCompare(b.resourceId));
}
