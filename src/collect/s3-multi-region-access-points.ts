import {
  GetMultiRegionAccessPointPolicyCommand,
  GetMultiRegionAccessPointPolicyStatusCommand,
  ListMultiRegionAccessPointsCommand,
  type MultiRegionAccessPointPolicyDocument,
  type MultiRegionAccessPointReport,
  type RegionReport,
} from '@aws-sdk/client-s3-control';
import type { CollectionError, Resource } from '../inventory/resource.js';
import { complete, identified, lacking, required, unknownIfAbsent } from './always-present.js';
import { assign, forEach, isoDate, listAll, policyDocumentFromText, type CollectorContext } from './context.js';
import type { Outcome } from './errors.js';
import { own } from '../util/own.js';
import { regionalResource } from './resource.js';
import { SETTINGS, blockSettings } from './s3-access-points.js';

/**
 * The Region S3 serves the Multi-Region Access Point control plane from, per
 * partition: the API reference says every request is routed to US West (Oregon).
 * No other partition's is documented, so there the list is not asked for.
 */
const API_REGION: Readonly<Record<string, string>> = { aws: 'us-west-2' };

/** The errors S3 answers for a Multi-Region Access Point without a policy. */
const NO_POLICY = ['NoSuchMultiRegionAccessPointPolicy', 'NoSuchAccessPointPolicy'];

/** One bucket behind the access point. The bucket ARN lets rules find the bucket, which lives in its own Region, from the global access point. */
function regionEntry(partition: string, r: RegionReport): Record<string, unknown> {
  // The Region and owning account are left out, not set to null, when the answer omits them: absent is unknown.
  return {
    bucket: r.Bucket,
    bucketArn: `arn:${partition}:s3:::${r.Bucket!}`,
    ...(r.Region ? { region: r.Region } : {}),
    ...(r.BucketAccountId ? { bucketAccountId: r.BucketAccountId } : {}),
  };
}

/**
 * The policy in force: the established one. A proposed policy with none
 * established yet is still being applied in the Regions, so what is in force is
 * not known; neither of them is no policy.
 */
function establishedPolicy(operation: string, doc: MultiRegionAccessPointPolicyDocument): Outcome<unknown> {
  const established = doc.Established?.Policy;
  if (established) return { ok: true, value: policyDocumentFromText(established) };
  if (doc.Proposed?.Policy) {
    const error: CollectionError = { operation, code: 'PolicyNotEstablished', message: 'a proposed policy is still being applied in the Regions, so the policy in force is not known' };
    return { ok: false, error };
  }
  return { ok: true, value: null };
}

/** The access point's policy and, when it has one, S3's verdict on whether it is public. */
async function readPolicy(ctx: CollectorContext, point: Resource, Name: string, apiRegion: string): Promise<void> {
  const control = ctx.client('s3control', apiRegion);
  const AccountId = ctx.accountId;
  const operation = 's3control:GetMultiRegionAccessPointPolicy';
  const o = await ctx.call(operation, () => control.send(new GetMultiRegionAccessPointPolicyCommand({ AccountId, Name })));
  const doc = required(o, 'Policy', operation);
  const policy = doc.ok ? establishedPolicy(operation, doc.value) : doc;
  if (!assign(point, 'policy', policy, (p) => p, { codes: NO_POLICY, value: null })) return;
  // As for buckets and access points, a policy S3 says is absent has no status to ask for.
  if (point.properties.policy === null) {
    point.properties.policyStatus = null;
    return;
  }
  const statusOperation = 's3control:GetMultiRegionAccessPointPolicyStatus';
  const s = await ctx.call(statusOperation, () => control.send(new GetMultiRegionAccessPointPolicyStatusCommand({ AccountId, Name })));
  const isPublic = required(required(s, 'Established', statusOperation), 'IsPublic', statusOperation);
  assign(point, 'policyStatus', isPublic, (value) => ({ isPublic: value }), { codes: NO_POLICY, value: null });
}

/** One listed access point in the model: the list answer carries its settings and buckets, its policy is read after. */
async function describe(ctx: CollectorContext, listed: MultiRegionAccessPointReport, apiRegion: string): Promise<Resource> {
  const operation = 's3control:ListMultiRegionAccessPoints';
  const Name = listed.Name!;
  // The ARN names the alias, not the name (S3 User Guide, Multi-Region Access Point ARNs).
  const arn = `arn:${ctx.partition}:s3::${ctx.accountId}:accesspoint/${listed.Alias!}`;
  const point = regionalResource({ accountId: ctx.accountId, region: 'global' }, 'AWS::S3::MultiRegionAccessPoint', Name, arn, {
    alias: listed.Alias,
    status: listed.Status,
    creationDate: isoDate(listed.CreatedAt),
  });
  // The reference does not say what a missing status would mean.
  unknownIfAbsent(point, operation, { status: listed.Status });
  // The four settings are fixed when the access point is made and always reported: one left out is unknown, not off.
  const settings = complete(required({ ok: true, value: listed }, 'PublicAccessBlock', operation), SETTINGS, operation);
  assign(point, 'publicAccessBlock', settings, blockSettings);
  // Every Multi-Region Access Point has at least one bucket: an answer without them, or a bucket without its name, says nothing of where the data is.
  const regions = required({ ok: true, value: listed }, 'Regions', operation);
  const named = regions.ok && regions.value.some((r) => !r.Bucket) ? { ok: false as const, error: lacking(operation, 'the bucket of each Region') } : regions;
  assign(point, 'regions', named, (list) => list.map((r) => regionEntry(ctx.partition, r)));
  await readPolicy(ctx, point, Name, apiRegion);
  return point;
}

/**
 * The account's S3 Multi-Region Access Points: account-wide, listed once from
 * the Region S3 serves them from and placed in region `global`, as IAM and
 * CloudFront resources are, whatever Regions the run selects.
 */
export async function multiRegionAccessPoints(ctx: CollectorContext): Promise<Resource[]> {
  const apiRegion = own(API_REGION, ctx.partition);
  if (!apiRegion) {
    ctx.skip(`AWS::S3::MultiRegionAccessPoint lists in partition ${ctx.partition} (no documented control-plane Region)`);
    return [];
  }
  const control = ctx.client('s3control', apiRegion);
  const operation = 's3control:ListMultiRegionAccessPoints';
  const listed = await listAll(
    ctx,
    operation,
    (NextToken) => control.send(new ListMultiRegionAccessPointsCommand({ AccountId: ctx.accountId, ...(NextToken ? { NextToken } : {}) })),
    // An account without Multi-Region Access Points may answer an empty list element, which the SDK reads as absent.
    (o) => o.AccessPoints ?? [],
    (o) => o.NextToken,
  );
  // Without its alias an access point has no ARN to be named by, as without its name it cannot be read.
  const named = identified(ctx, identified(ctx, listed.items, 'Name', (p) => p.Name, operation), 'Alias', (p) => p.Alias, operation);
  const out: Resource[] = [];
  await forEach(named, async (p) => {
    out.push(await describe(ctx, p, apiRegion));
    ctx.found(1);
  });
  return out.sort((a, b) => a.resourceId.localeCompare(b.resourceId));
}
