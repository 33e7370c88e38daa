import {
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  ListTagsCommand,
  type AdvancedEventSelector,
  type EventSelector,
  type GetEventSelectorsResponse,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import { tagMap, type Collector } from './context.js';
import { declarativeCollector, describeInto, readInto, tagsFrom } from './declarative.js';

/** Which management events a trail records. */
export type ManagementEvents = 'all' | 'read-only' | 'write-only' | 'none';

interface Coverage {
  read: boolean;
  write: boolean;
  excluded: Set<string>;
}

function basic(selectors: readonly EventSelector[], into: Coverage): void {
  for (const s of selectors) {
    // IncludeManagementEvents and ReadWriteType default to true and All.
    if (s.IncludeManagementEvents === false) continue;
    const rw = s.ReadWriteType ?? 'All';
    if (rw !== 'WriteOnly') into.read = true;
    if (rw !== 'ReadOnly') into.write = true;
    for (const source of s.ExcludeManagementEventSources ?? []) into.excluded.add(source);
  }
}

function advanced(selectors: readonly AdvancedEventSelector[], into: Coverage): void {
  for (const s of selectors) {
    const fields = s.FieldSelectors ?? [];
    const category = fields.find((f) => f.Field === 'eventCategory');
    if (!category?.Equals?.includes('Management')) continue;
    const readOnly = fields.find((f) => f.Field === 'readOnly')?.Equals ?? [];
    if (readOnly.length === 0 || readOnly.includes('true')) into.read = true;
    if (readOnly.length === 0 || readOnly.includes('false')) into.write = true;
    for (const source of fields.find((f) => f.Field === 'eventSource')?.NotEquals ?? []) into.excluded.add(source);
  }
}

/**
 * The management events a trail's selectors record, and the event sources they
 * leave out (a trail that excludes kms.amazonaws.com does not audit KMS key use).
 */
export function managementCoverage(answer: GetEventSelectorsResponse): { managementEvents: ManagementEvents; excludedManagementEventSources: string[] } {
  const c: Coverage = { read: false, write: false, excluded: new Set() };
  basic(answer.EventSelectors ?? [], c);
  advanced(answer.AdvancedEventSelectors ?? [], c);
  const managementEvents: ManagementEvents = c.read && c.write ? 'all' : c.read ? 'read-only' : c.write ? 'write-only' : 'none';
  return { managementEvents, excludedManagementEventSources: [...c.excluded].sort() };
}

/** The S3 bucket ARN of a trail's log bucket, in the partition of the trail. */
function bucketArn(trailArn: string, bucket: string | undefined): string | null {
  if (!bucket) return null;
  const partition = trailArn.split(':')[1] || 'aws';
  return `arn:${partition}:s3:::${bucket}`;
}

/**
 * CloudTrail trails, each read once in its home region (DescribeTrails without
 * shadow trails), with logging status, event selectors and tags. The trail ARN
 * and name are required; the API reference promises no other member, so a
 * missing log file validation or multi-Region flag is unknown, not false.
 */
export const cloudtrailCollector: Collector = declarativeCollector({
  service: 'cloudtrail',
  client: 'cloudtrail',
  resourceType: 'AWS::CloudTrail::Trail',
  list: {
    operation: 'cloudtrail:DescribeTrails',
    page: (ct) => ct.send(new DescribeTrailsCommand({ includeShadowTrails: false })),
    items: (o) => o.trailList,
    next: () => undefined,
  },
  id: (t: Trail) => (t.TrailARN ? t.Name : undefined),
  idField: 'TrailARN or Name',
  arn: (_ctx, t) => t.TrailARN!,
  listed: (t, name) => ({
    trailName: name,
    homeRegion: t.HomeRegion ?? null,
    isMultiRegionTrail: t.IsMultiRegionTrail,
    isOrganizationTrail: t.IsOrganizationTrail ?? false,
    includeGlobalServiceEvents: t.IncludeGlobalServiceEvents ?? null,
    logFileValidationEnabled: t.LogFileValidationEnabled,
    // Without a KMS key CloudTrail encrypts log files with SSE-S3 only.
    kmsKeyId: t.KmsKeyId ?? null,
    s3BucketName: t.S3BucketName ?? null,
    s3BucketArn: bucketArn(t.TrailARN!, t.S3BucketName),
    cloudWatchLogsLogGroupArn: t.CloudWatchLogsLogGroupArn ?? null,
  }),
  unreported: (t) => ({ isMultiRegionTrail: t.IsMultiRegionTrail, logFileValidationEnabled: t.LogFileValidationEnabled }),
  reads: [
    readInto({
      property: 'isLogging',
      operation: 'cloudtrail:GetTrailStatus',
      send: (ct, _t, trail) => ct.send(new GetTrailStatusCommand({ Name: trail.arn })),
      map: (o) => o.IsLogging,
      carries: ['IsLogging'],
    }),
    describeInto({
      operation: 'cloudtrail:GetEventSelectors',
      send: (ct, _t, trail) => ct.send(new GetEventSelectorsCommand({ TrailName: trail.arn })),
      // A trail has either basic or advanced selectors; an answer with neither is odd.
      pick: (o) => (o.EventSelectors || o.AdvancedEventSelectors ? o : undefined),
      field: 'EventSelectors or AdvancedEventSelectors',
      map: managementCoverage,
      properties: ['managementEvents', 'excludedManagementEventSources'],
    }),
    tagsFrom({
      operation: 'cloudtrail:ListTags',
      send: (ct, _t, trail) => ct.send(new ListTagsCommand({ ResourceIdList: [trail.arn] })),
      map: (o) => tagMap(o.ResourceTagList?.[0]?.TagsList),
    }),
  ],
});
