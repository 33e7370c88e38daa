import { put, type ItemReader, type MappedResource } from './item.js';

/** Automatic rotation applies only to symmetric keys whose material KMS generated and holds itself. */
function rotationApplies(keySpec: string | null | undefined, origin: string | null | undefined, keyManager: string | null | undefined): boolean | undefined {
  if (keyManager === 'AWS') return true;
  if (keySpec === undefined || origin === undefined) return undefined;
  return (keySpec ?? 'SYMMETRIC_DEFAULT') === 'SYMMETRIC_DEFAULT' && (origin ?? 'AWS_KMS') === 'AWS_KMS';
}

export function mapKey(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const keySpec = r.conf('keySpec', 'customerMasterKeySpec').str();
  const origin = r.conf('origin').str();
  const keyManager = r.conf('keyManager').str();
  put(p, 'keyId', r.conf('keyId').str() ?? r.item.resourceId);
  put(p, 'description', r.conf('description').str());
  put(p, 'keyManager', keyManager ?? undefined);
  put(p, 'keyState', r.conf('keyState').str() ?? undefined);
  put(p, 'enabled', r.conf('enabled').bool() ?? undefined);
  put(p, 'keySpec', keySpec ?? undefined);
  put(p, 'keyUsage', r.conf('keyUsage').str() ?? undefined);
  put(p, 'origin', origin ?? undefined);
  put(p, 'customKeyStoreId', r.conf('customKeyStoreId').str() ?? (origin === undefined ? undefined : null));
  put(p, 'multiRegion', r.conf('multiRegion').bool() ?? undefined);
  const mrk = r.conf('multiRegionConfiguration');
  if (!mrk.missing) put(p, 'multiRegionKeyType', mrk.at('multiRegionKeyType').str() ?? null);
  else if (p.multiRegion === false) p.multiRegionKeyType = null;
  const replicas = mrk.missing ? undefined : mrk.at('replicaKeys').list();
  if (replicas) p.replicas = replicas.map((k) => ({ arn: k.at('arn').str() ?? null, region: k.at('region').str() ?? null }));
  else if (p.multiRegion === false) p.replicas = [];
  put(p, 'creationDate', r.conf('creationDate').date());
  // DescribeKey leaves these out unless they apply, and Config records the whole DescribeKey result.
  p.deletionDate = r.conf('deletionDate').date() ?? null;
  p.pendingDeletionWindowInDays = r.conf('pendingDeletionWindowInDays').int() ?? null;
  p.expirationModel = r.conf('expirationModel').str() ?? null;
  // DescribeKey always gives ValidTo for material that expires: an item without it lost it, which is not "never expires".
  const validTo = r.conf('validTo').date();
  if ((validTo === undefined || validTo === null) && p.expirationModel === 'KEY_MATERIAL_EXPIRES') {
    r.notRecorded('validTo', 'The AWS Config item records expiring key material without its ValidTo date.');
  } else p.validTo = validTo ?? null;

  const applies = rotationApplies(keySpec, origin, keyManager);
  const rotation = r.supp('KeyRotationStatus').bool();
  if (applies === false) p.rotationEnabled = null;
  else if (applies === true && rotation !== undefined && rotation !== null) p.rotationEnabled = rotation;
  else r.notRecorded('rotationEnabled', 'The AWS Config item has no KeyRotationStatus for this key.');
  if (applies === false) p.rotationPeriodInDays = null;
  else r.notRecorded('rotationPeriodInDays', 'AWS Config does not record the key rotation period (GetKeyRotationStatus RotationPeriodInDays).');
  r.notRecorded('keyPolicy', 'AWS Config does not record KMS key policies.');
  r.notRecorded('grants', 'AWS Config does not record KMS grants: who-can-decrypt answers from a Config import are lower bounds.');
  // `aliases` is filled in afterwards from the alias items of the same account and region, when Config recorded any.
  return { properties: p, arn: r.item.arn ?? r.conf('arn').str() ?? undefined };
}

export function mapAlias(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const aliasName = r.conf('AliasName', 'aliasName').str() ?? r.item.resourceName ?? undefined;
  put(p, 'aliasName', aliasName);
  const target = r.conf('TargetKeyId', 'targetKeyId').str();
  // Older alias items name the key only through the "is associated with" relationship.
  const related = r.related('AWS::KMS::Key')[0]?.resourceId;
  put(p, 'targetKeyId', target ?? related ?? (target === null ? null : undefined));
  return { properties: p, name: aliasName };
}
