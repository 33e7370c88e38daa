import {
  GetAccessPointCommand,
  GetAccessPointPolicyCommand,
  GetAccessPointPolicyStatusCommand,
  ListAccessPointsCommand,
  type AccessPoint,
  type PublicAccessBlockConfiguration,
} from '@aws-sdk/client-s3-control';
import type { Resource } from '../inventory/resource.js';
import { complete, lacking, required } from './always-present.js';
import { assign, forEach, isoDate, listAll, policyDocumentFromText, type CollectorContext } from './context.js';
import { regionalResource } from './resource.js';

/** The four Block Public Access settings an access point (single- or Multi-Region) always reports. */
export const SETTINGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

/** The settings in the model's terms, from an answer {@link SETTINGS} were checked on. */
export function blockSettings(c: PublicAccessBlockConfiguration): Record<string, boolean> {
  return {
    blockPublicAcls: c.BlockPublicAcls!,
    ignorePublicAcls: c.IgnorePublicAcls!,
    blockPublicPolicy: c.BlockPublicPolicy!,
    restrictPublicBuckets: c.RestrictPublicBuckets!,
  };
}

/** One access point's settings and policy, read from S3 Control in its Region. */
async function describe(ctx: CollectorContext, region: string, listed: AccessPoint): Promise<Resource> {
  const Name = listed.Name!;
  const point = regionalResource({ region, accountId: ctx.accountId }, 'AWS::S3::AccessPoint', Name, listed.AccessPointArn!, {
    bucket: listed.Bucket ?? null,
  });
  const control = ctx.client('s3control', region);
  const AccountId = ctx.accountId;
  const call = <T>(op: string, run: () => Promise<T>) => ctx.call(`s3control:${op}`, run, region);
  await Promise.all([
    call('GetAccessPoint', () => control.send(new GetAccessPointCommand({ AccountId, Name }))).then((o) => {
      // The reference marks the network origin and the block public access settings as always returned.
      const whole = complete(o, ['NetworkOrigin', 'PublicAccessBlockConfiguration'], 's3control:GetAccessPoint');
      assign(point, 'bucketAccountId', whole, (a) => a.BucketAccountId ?? null);
      assign(point, 'networkOrigin', whole, (a) => a.NetworkOrigin);
      assign(point, 'vpcId', whole, (a) => a.VpcConfiguration?.VpcId ?? null);
      // An access point always has all four settings (they are fixed when it is made): one left out is unknown, not off.
      const settings = complete(required(whole, 'PublicAccessBlockConfiguration', 's3control:GetAccessPoint'), SETTINGS, 's3control:GetAccessPoint');
      assign(point, 'publicAccessBlock', settings, blockSettings);
      assign(point, 'creationDate', whole, (a) => isoDate(a.CreationDate));
    }),
    // "No policy" is the NoSuchAccessPointPolicy error; its status is then not asked for, as for buckets.
    call('GetAccessPointPolicy', () => control.send(new GetAccessPointPolicyCommand({ AccountId, Name })))
      .then((o) => assign(point, 'policy', required(o, 'Policy', 's3control:GetAccessPointPolicy'), policyDocumentFromText, { codes: ['NoSuchAccessPointPolicy'], value: null }))
      .then(async (read) => {
        if (!read) return;
        if (point.properties.policy === null) {
          point.properties.policyStatus = null;
          return;
        }
        const o = await call('GetAccessPointPolicyStatus', () => control.send(new GetAccessPointPolicyStatusCommand({ AccountId, Name })));
        const status = required(required(o, 'PolicyStatus', 's3control:GetAccessPointPolicyStatus'), 'IsPublic', 's3control:GetAccessPointPolicyStatus');
        assign(point, 'policyStatus', status, (isPublic) => ({ isPublic }), { codes: ['NoSuchAccessPointPolicy'], value: null });
      }),
  ]);
  return point;
}

/**
 * The account's S3 access points in each selected Region (S3 Control lists them
 * per Region), with their block public access settings, network origin and policy.
 */
export async function accessPoints(ctx: CollectorContext): Promise<Resource[]> {
  const control = (region: string) => ctx.client('s3control', region);
  const out: Resource[] = [];
  await forEach(ctx.regions, async (region) => {
    const listed = await listAll(
      ctx,
      's3control:ListAccessPoints',
      (NextToken) => control(region).send(new ListAccessPointsCommand({ AccountId: ctx.accountId, MaxResults: 1000, ...(NextToken ? { NextToken } : {}) })),
      (o) => o.AccessPointList,
      (o) => o.NextToken,
      region,
    );
    const named = listed.items.filter((ap) => ap.Name && ap.AccessPointArn);
    // An access point without its name or ARN cannot be read or named: the list is then known to be partial.
    if (named.length < listed.items.length) ctx.scopeError(lacking('s3control:ListAccessPoints', 'Name or AccessPointArn'), region);
    await forEach(named, async (ap) => {
      out.push(await describe(ctx, region, ap));
      ctx.found(1);
    });
  });
  return out.sort((a, b) => a.region.localeCompare(b.region) || a.resourceId.localeCompare(b.resourceId));
}
