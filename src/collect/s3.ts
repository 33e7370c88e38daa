import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  type Bucket,
  type GetBucketAclCommandOutput,
  type ServerSideEncryptionConfiguration,
  type PublicAccessBlockConfiguration,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import type { Resource } from '../inventory/resource.js';
import { complete, required } from './always-present.js';
import { assign, assignTags, forEach, isoDate, listAll, policyDocumentFromText, recordOn, tagMap, type Collector, type CollectorContext } from './context.js';
import { regionalResource } from './resource.js';
import { accessPoints } from './s3-access-points.js';
import { multiRegionAccessPoints } from './s3-multi-region-access-points.js';

/**
 * The region of a bucket from GetBucketLocation's LocationConstraint: empty means
 * us-east-1 and the legacy `EU` means eu-west-1.
 */
export function bucketRegion(constraint: string | undefined | null): string {
  if (!constraint) return 'us-east-1';
  if (constraint === 'EU') return 'eu-west-1';
  return constraint;
}

function publicAccessBlock(c: PublicAccessBlockConfiguration): Record<string, boolean> {
  return {
    blockPublicAcls: c.BlockPublicAcls ?? false,
    ignorePublicAcls: c.IgnorePublicAcls ?? false,
    blockPublicPolicy: c.BlockPublicPolicy ?? false,
    restrictPublicBuckets: c.RestrictPublicBuckets ?? false,
  };
}

function encryption(config: ServerSideEncryptionConfiguration): unknown {
  const rules = config.Rules ?? [];
  return {
    rules: rules.map((r) => ({
      algorithm: r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? 'AES256',
      kmsKeyId: r.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID ?? null,
      bucketKeyEnabled: r.BucketKeyEnabled ?? null,
      blockedEncryptionTypes: r.BlockedEncryptionTypes?.EncryptionType ?? null,
    })),
  };
}

function acl(out: GetBucketAclCommandOutput): unknown {
  return {
    ownerId: out.Owner?.ID ?? null,
    grants: (out.Grants ?? []).map((g) => ({
      granteeType: g.Grantee?.Type ?? 'CanonicalUser',
      granteeId: g.Grantee?.ID ?? g.Grantee?.EmailAddress ?? null,
      granteeUri: g.Grantee?.URI ?? null,
      permission: g.Permission ?? 'READ',
    })),
  };
}

/** The S3 bucket sub-resources read for each bucket: property, operation, request and mapping, and the error that means "none". */
async function describeBucket(ctx: CollectorContext, bucket: Resource): Promise<void> {
  const Bucket = bucket.resourceId;
  const region = bucket.region;
  const s3 = ctx.client('s3', region);
  const call = <T>(op: string, run: () => Promise<T>) => ctx.call(`s3:${op}`, run, region);
  await Promise.all([
    call('GetBucketEncryption', () => s3.send(new GetBucketEncryptionCommand({ Bucket }))).then((o) =>
      // Every bucket has default encryption since January 2023, and the configuration always holds its rules: an answer without them is odd, not "unencrypted".
      assign(bucket, 'encryption', required(required(o, 'ServerSideEncryptionConfiguration', 's3:GetBucketEncryption'), 'Rules', 's3:GetBucketEncryption'), (rules) => encryption({ Rules: rules }), {
        codes: ['ServerSideEncryptionConfigurationNotFoundError'],
        value: null,
      }),
    ),
    // A bucket without a policy has no policy status either (S3 answers NoSuchBucketPolicy), so that request is saved.
    call('GetBucketPolicy', () => s3.send(new GetBucketPolicyCommand({ Bucket })))
      // "No policy" is the NoSuchBucketPolicy error; a successful answer always carries the policy.
      .then((o) => assign(bucket, 'policy', required(o, 'Policy', 's3:GetBucketPolicy'), policyDocumentFromText, { codes: ['NoSuchBucketPolicy'], value: null }))
      .then(async () => {
        if (bucket.properties.policy === null) {
          bucket.properties.policyStatus = null;
          return;
        }
        const o = await call('GetBucketPolicyStatus', () => s3.send(new GetBucketPolicyStatusCommand({ Bucket })));
        const status = required(required(o, 'PolicyStatus', 's3:GetBucketPolicyStatus'), 'IsPublic', 's3:GetBucketPolicyStatus');
        assign(bucket, 'policyStatus', status, (isPublic) => ({ isPublic }), {
          codes: ['NoSuchBucketPolicy'],
          value: null,
        });
      }),
    call('GetPublicAccessBlock', () => s3.send(new GetPublicAccessBlockCommand({ Bucket }))).then((o) =>
      // "None" is the NoSuchPublicAccessBlockConfiguration error; a successful answer always carries the configuration.
      assign(bucket, 'publicAccessBlock', required(o, 'PublicAccessBlockConfiguration', 's3:GetPublicAccessBlock'), publicAccessBlock, {
        codes: ['NoSuchPublicAccessBlockConfiguration'],
        value: null,
      }),
    ),
    call('GetBucketVersioning', () => s3.send(new GetBucketVersioningCommand({ Bucket }))).then((o) =>
      assign(bucket, 'versioning', o, (out) => ({ status: out.Status ?? null, mfaDelete: out.MFADelete ?? null })),
    ),
    // Every ACL names its owner and holds at least the owner's grant.
    call('GetBucketAcl', () => s3.send(new GetBucketAclCommand({ Bucket }))).then((o) => assign(bucket, 'acl', complete(o, ['Owner', 'Grants'], 's3:GetBucketAcl'), acl)),
    call('GetBucketOwnershipControls', () => s3.send(new GetBucketOwnershipControlsCommand({ Bucket }))).then((o) =>
      assign(
        bucket,
        'ownershipControls',
        // "None" is OwnershipControlsNotFoundError; a successful answer always holds the controls.
        required(o, 'OwnershipControls', 's3:GetBucketOwnershipControls'),
        (controls) => {
          const ownership = controls.Rules?.[0]?.ObjectOwnership;
          return ownership ? { objectOwnership: ownership } : null;
        },
        { codes: ['OwnershipControlsNotFoundError'], value: null },
      ),
    ),
    call('GetBucketLogging', () => s3.send(new GetBucketLoggingCommand({ Bucket }))).then((o) =>
      assign(bucket, 'logging', o, (out) =>
        out.LoggingEnabled?.TargetBucket ? { targetBucket: out.LoggingEnabled.TargetBucket, targetPrefix: out.LoggingEnabled.TargetPrefix ?? null } : null,
      ),
    ),
    call('GetBucketTagging', () => s3.send(new GetBucketTaggingCommand({ Bucket }))).then((o) => assignTags(bucket, o, (out) => tagMap(out.TagSet), ['NoSuchTagSet'])),
  ]);
}

/**
 * Where a bucket lives: the region ListBuckets reports (S3 returns BucketRegion
 * for each bucket, which saves one request per bucket), else GetBucketLocation,
 * else the home region, where the SDK follows S3's redirect.
 */
async function locate(ctx: CollectorContext, b: Bucket, bucket: Resource): Promise<void> {
  if (b.BucketRegion) {
    bucket.region = b.BucketRegion;
    return;
  }
  const s3 = ctx.client('s3');
  const o = await ctx.call('s3:GetBucketLocation', () => s3.send(new GetBucketLocationCommand({ Bucket: b.Name })));
  if (o.ok) bucket.region = bucketRegion(o.value.LocationConstraint);
  else {
    recordOn(bucket, o.error);
    bucket.region = ctx.region;
  }
}

/** The account's Block Public Access settings (S3 Control), modelled as `AWS::S3::AccountPublicAccessBlock`. */
async function accountPublicAccessBlock(ctx: CollectorContext): Promise<Resource> {
  const resource: Resource = {
    resourceType: 'AWS::S3::AccountPublicAccessBlock',
    resourceId: ctx.accountId,
    // Not a real ARN (the setting has none): a stable, unique name in the S3 ARN namespace.
    arn: `arn:${ctx.partition}:s3::${ctx.accountId}:account-public-access-block`,
    accountId: ctx.accountId,
    region: 'global',
    tags: {},
    properties: {},
  };
  const control = ctx.client('s3control');
  const o = await ctx.call('s3control:GetPublicAccessBlock', () =>
    control.send(new GetAccountPublicAccessBlockCommand({ AccountId: ctx.accountId })),
  );
  assign(resource, 'publicAccessBlock', required(o, 'PublicAccessBlockConfiguration', 's3control:GetPublicAccessBlock'), publicAccessBlock, {
    codes: ['NoSuchPublicAccessBlockConfiguration'],
    value: null,
  });
  return resource;
}

/**
 * S3 buckets (those in the selected regions), the account-level Block Public Access settings, the access points in the selected regions,
 * and the account's Multi-Region Access Points (global, read whatever the regions).
 */
export const s3Collector: Collector = {
  service: 's3',
  scope: 'account',
  async collect(ctx) {
    const s3 = ctx.client('s3');
    const listed = await listAll(
      ctx,
      's3:ListBuckets',
      (token) => s3.send(new ListBucketsCommand({ MaxBuckets: 1000, ...(token ? { ContinuationToken: token } : {}) })),
      (out) => out.Buckets,
      (out) => out.ContinuationToken,
    );
    const buckets: Resource[] = [];
    const account = accountPublicAccessBlock(ctx);
    const points = accessPoints(ctx);
    const global = multiRegionAccessPoints(ctx);
    await forEach(
      listed.items.filter((b) => b.Name),
      async (b) => {
        // The region is the home region until the bucket is located.
        const bucket = regionalResource(ctx, 'AWS::S3::Bucket', b.Name!, `arn:${ctx.partition}:s3:::${b.Name!}`, { creationDate: isoDate(b.CreationDate) });
        await locate(ctx, b, bucket);
        if (!ctx.regions.includes(bucket.region)) {
          ctx.skip('AWS::S3::Bucket outside the selected regions');
          return;
        }
        await describeBucket(ctx, bucket);
        buckets.push(bucket);
        ctx.found(1);
      },
    );
    buckets.sort((a, b) => a.resourceId.localeCompare(b.resourceId));
    return [await account, ...buckets, ...(await points), ...(await global)];
  },
};
