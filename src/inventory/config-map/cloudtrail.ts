import { put, type ItemReader, type MappedResource } from './item.js';

/**
 * Config records a trail's settings, not whether it is logging now nor which
 * management events its selectors record: those stay unknown.
 */
export function mapTrail(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const name = r.conf('name', 'Name').str() ?? r.item.resourceName ?? r.item.resourceId;
  const arn = r.item.arn ?? r.conf('trailARN', 'TrailARN').str() ?? undefined;
  put(p, 'trailName', name);
  put(p, 'homeRegion', r.conf('homeRegion', 'HomeRegion').str() ?? null);
  put(p, 'isMultiRegionTrail', r.conf('isMultiRegionTrail', 'IsMultiRegionTrail').bool());
  put(p, 'isOrganizationTrail', r.conf('isOrganizationTrail', 'IsOrganizationTrail').bool() ?? false);
  put(p, 'includeGlobalServiceEvents', r.conf('includeGlobalServiceEvents', 'IncludeGlobalServiceEvents').bool() ?? null);
  put(p, 'logFileValidationEnabled', r.conf('logFileValidationEnabled', 'LogFileValidationEnabled').bool());
  // Without a KMS key CloudTrail encrypts log files with SSE-S3 only.
  put(p, 'kmsKeyId', r.conf('kmsKeyId', 'KmsKeyId').str() || null);
  const bucket = r.conf('s3BucketName', 'S3BucketName').str() || null;
  put(p, 's3BucketName', bucket);
  put(p, 's3BucketArn', bucket === null ? null : `arn:${arn?.split(':')[1] || 'aws'}:s3:::${bucket}`);
  put(p, 'cloudWatchLogsLogGroupArn', r.conf('cloudWatchLogsLogGroupArn', 'CloudWatchLogsLogGroupArn').str() || null);
  r.notRecorded('isLogging', 'AWS Config does not record whether a trail is logging.');
  r.notRecorded('managementEvents', "AWS Config does not record a trail's event selectors.");
  r.notRecorded('excludedManagementEventSources', "AWS Config does not record a trail's event selectors.");
  return { properties: p, name, resourceId: name, arn };
}
