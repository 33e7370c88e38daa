import type { Cursor } from './cursor.js';
import { put, type ItemReader, type MappedResource } from './item.js';
import { parsePolicyText } from './policy-text.js';

/**
 * Since 5 January 2023 S3 encrypts every bucket by default and a bucket cannot be left without a
 * default encryption configuration. Before that date Config left `ServerSideEncryptionConfiguration`
 * out of the item when the bucket had none; after it, a missing key means Config did not record it.
 */
const DEFAULT_ENCRYPTION_SINCE = Date.parse('2023-01-05T00:00:00Z');

/** The Java SDK names Config writes for ACL permissions, and the API names the model uses. */
const ACL_PERMISSIONS: Record<string, string> = {
  FullControl: 'FULL_CONTROL',
  Read: 'READ',
  Write: 'WRITE',
  ReadAcp: 'READ_ACP',
  WriteAcp: 'WRITE_ACP',
  FULL_CONTROL: 'FULL_CONTROL',
  READ: 'READ',
  WRITE: 'WRITE',
  READ_ACP: 'READ_ACP',
  WRITE_ACP: 'WRITE_ACP',
};

/** Config writes predefined groups by their SDK enum name; the model keeps the group URI S3 uses. */
const GROUP_URIS: Record<string, string> = {
  AllUsers: 'http://acs.amazonaws.com/groups/global/AllUsers',
  AuthenticatedUsers: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
  LogDelivery: 'http://acs.amazonaws.com/groups/s3/LogDelivery',
};

const PAB_KEYS = ['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'] as const;

/** The four Block Public Access flags; a flag Config left out is off, as S3 treats it. */
export function publicAccessBlock(c: Cursor): Record<string, boolean> | null | undefined {
  const obj = c.object();
  if (!obj) return obj;
  return Object.fromEntries(PAB_KEYS.map((k) => [k, c.at(k).bool() ?? false]));
}

function encryption(r: ItemReader): unknown {
  const sse = r.supp('ServerSideEncryptionConfiguration');
  if (sse.missing) {
    const captured = Date.parse(r.item.capturedAt ?? '');
    if (!Number.isNaN(captured) && captured < DEFAULT_ENCRYPTION_SINCE) return null;
    r.notRecorded('encryption', 'The AWS Config item has no ServerSideEncryptionConfiguration for this bucket.');
    return undefined;
  }
  if (sse.object() === null) return null;
  const rules = (sse.at('rules').list() ?? []).map((rule) => {
    const byDefault = rule.first('applyServerSideEncryptionByDefault', 'ApplyServerSideEncryptionByDefault');
    const out: Record<string, unknown> = {
      algorithm: byDefault.first('sseAlgorithm', 'SSEAlgorithm').str() ?? rule.wrong('an sseAlgorithm'),
      kmsKeyId: byDefault.first('kmsMasterKeyID', 'kmsMasterKeyId', 'KMSMasterKeyID').str() ?? null,
    };
    put(out, 'bucketKeyEnabled', rule.first('bucketKeyEnabled', 'BucketKeyEnabled').bool());
    const blocked = rule.first('blockedEncryptionTypes', 'BlockedEncryptionTypes');
    const types = blocked.object() ? blocked.first('encryptionType', 'EncryptionType').strings() : blocked.strings();
    if (types === undefined) {
      r.notRecorded('encryption.rules.blockedEncryptionTypes', 'The AWS Config item does not say which encryption types the bucket blocks.');
    } else {
      out.blockedEncryptionTypes = types;
    }
    return out;
  });
  return { rules };
}

function grant(g: Cursor): Record<string, unknown> {
  const grantee = g.at('grantee');
  const permissionName = g.at('permission').str() ?? g.wrong('a permission');
  const permission = ACL_PERMISSIONS[permissionName] ?? g.at('permission').wrong('an S3 ACL permission');
  if (typeof grantee.value === 'string') {
    return { granteeType: 'Group', granteeId: null, granteeUri: GROUP_URIS[grantee.value] ?? grantee.value, permission };
  }
  grantee.object() ?? grantee.wrong('a grantee');
  const uri = grantee.first('uri', 'URI').str();
  if (uri) return { granteeType: 'Group', granteeId: null, granteeUri: uri, permission };
  const email = grantee.first('emailAddress', 'EmailAddress').str();
  const typeIdentifier = grantee.at('typeIdentifier').str();
  if (email || typeIdentifier === 'emailAddress') {
    return { granteeType: 'AmazonCustomerByEmail', granteeId: email ?? grantee.at('identifier').str() ?? null, granteeUri: null, permission };
  }
  const id = grantee.first('id', 'identifier', 'ID').str() ?? grantee.wrong('a grantee with an id, uri or group name');
  return { granteeType: 'CanonicalUser', granteeId: id, granteeUri: null, permission };
}

function acl(r: ItemReader): unknown {
  const c = r.supp('AccessControlList');
  const obj = c.object();
  if (!obj) return obj;
  const grants = c.first('grantList', 'grants', 'Grants').list() ?? [];
  return { ownerId: c.first('owner.id', 'owner.ID', 'Owner.ID').str() ?? null, grants: grants.map(grant) };
}

function versioning(r: ItemReader): unknown {
  const c = r.supp('BucketVersioningConfiguration');
  if (c.missing) return undefined;
  if (c.object() === null) return { status: null, mfaDelete: null };
  const status = c.at('status').str();
  const mfa = c.at('isMfaDeleteEnabled').bool();
  return {
    // Config writes "Off" for a bucket whose versioning was never enabled.
    status: status === 'Off' || status === undefined ? null : status,
    mfaDelete: mfa === true ? 'Enabled' : mfa === false ? 'Disabled' : null,
  };
}

function logging(r: ItemReader): unknown {
  const c = r.supp('BucketLoggingConfiguration');
  if (c.missing) return undefined;
  const target = c.first('destinationBucketName', 'loggingEnabled.targetBucket').str();
  if (!target) return null;
  return { targetBucket: target, targetPrefix: c.first('logFilePrefix', 'loggingEnabled.targetPrefix').str() ?? null };
}

function ownershipControls(r: ItemReader): unknown {
  const c = r.supp('BucketOwnershipControls');
  if (c.missing) return undefined;
  if (c.object() === null) return null;
  const rules = c.first('ownershipControls.rules', 'rules', 'OwnershipControls.Rules').list();
  const rule = rules?.[0];
  if (!rule) return null;
  const ownership = rule.first('objectOwnership', 'ownership', 'ObjectOwnership').str();
  return ownership ? { objectOwnership: ownership } : null;
}

function policy(r: ItemReader): unknown {
  const c = r.supp('BucketPolicy');
  if (c.missing) return undefined;
  if (c.object() === null) return null;
  const text = c.at('policyText');
  // policyText null is Config saying the bucket has no policy.
  return text.value === undefined || text.value === null ? null : parsePolicyText(text.value);
}

export function mapBucket(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const name = r.conf('name').str() ?? r.item.resourceName ?? r.item.resourceId;
  put(p, 'creationDate', r.conf('creationDate').date());
  put(p, 'encryption', encryption(r));
  put(p, 'policy', policy(r));
  r.notRecorded('policyStatus', 'AWS Config does not record the bucket policy status (GetBucketPolicyStatus).');
  const pab = r.supp('PublicAccessBlockConfiguration');
  put(p, 'publicAccessBlock', publicAccessBlock(pab));
  put(p, 'versioning', versioning(r));
  put(p, 'acl', acl(r));
  put(p, 'ownershipControls', ownershipControls(r));
  put(p, 'logging', logging(r));
  return { properties: p, name, arn: r.item.arn ?? `arn:aws:s3:::${name}` };
}

export function mapAccountPublicAccessBlock(r: ItemReader): MappedResource {
  const account = r.item.accountId ?? r.item.resourceId;
  const p: Record<string, unknown> = {};
  put(p, 'publicAccessBlock', publicAccessBlock(r.configuration));
  return {
    properties: p,
    // One setting per account, whichever region Config recorded it in.
    resourceId: account,
    region: 'global',
    arn: r.item.arn ?? `arn:aws:s3::${account}:account-public-access-block`,
  };
}
