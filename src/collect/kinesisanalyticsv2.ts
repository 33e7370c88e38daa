import {
  DescribeApplicationCommand,
  ListApplicationsCommand,
  ListTagsForResourceCommand,
  type ApplicationDetail,
  type ApplicationSummary,
} from '@aws-sdk/client-kinesis-analytics-v2';
import type { Resource } from '../inventory/resource.js';
import { unknownIfAbsent } from './always-present.js';
import { tagMap, type Collector } from './context.js';
import { declarativeCollector, describeInto, tagsFrom } from './declarative.js';

const defined = <T>(values: readonly (T | undefined)[]): T[] => values.filter((v): v is T => v !== undefined && v !== null && v !== '');

/** A SQL application's inputs, outputs and reference data, by the ARN of what they read or write. */
function sqlEndpoints(d: ApplicationDetail): Record<string, unknown> {
  const sql = d.ApplicationConfigurationDescription?.SqlApplicationConfigurationDescription;
  const inputs = sql?.InputDescriptions ?? [];
  const outputs = sql?.OutputDescriptions ?? [];
  return {
    sourceStreamArns: defined(inputs.map((i) => i.KinesisStreamsInputDescription?.ResourceARN)),
    sourceDeliveryStreamArns: defined(inputs.map((i) => i.KinesisFirehoseInputDescription?.ResourceARN)),
    preprocessorFunctionArns: defined(inputs.map((i) => i.InputProcessingConfigurationDescription?.InputLambdaProcessorDescription?.ResourceARN)),
    destinationStreamArns: defined(outputs.map((o) => o.KinesisStreamsOutputDescription?.ResourceARN)),
    destinationDeliveryStreamArns: defined(outputs.map((o) => o.KinesisFirehoseOutputDescription?.ResourceARN)),
    destinationFunctionArns: defined(outputs.map((o) => o.LambdaOutputDescription?.ResourceARN)),
    referenceDataBucketArns: defined((sql?.ReferenceDataSourceDescriptions ?? []).map((r) => r.S3ReferenceDataSourceDescription?.BucketARN)),
  };
}

/**
 * The described application, in the model's terms. Flink applications name
 * their sources and sinks in their code, which the API does not show; only SQL
 * applications list them in their configuration.
 */
export function applicationProperties(d: ApplicationDetail): Record<string, unknown> {
  const config = d.ApplicationConfigurationDescription;
  const encryption = config?.ApplicationEncryptionConfigurationDescription;
  return {
    serviceExecutionRole: d.ServiceExecutionRole ?? null,
    ...sqlEndpoints(d),
    codeBucketArn: config?.ApplicationCodeConfigurationDescription?.CodeContentDescription?.S3ApplicationCodeLocationDescription?.BucketARN ?? null,
    snapshotsEnabled: config?.ApplicationSnapshotConfigurationDescription?.SnapshotsEnabled ?? null,
    vpcIds: defined((config?.VpcConfigurationDescriptions ?? []).map((v) => v.VpcId)),
    encryption: encryption ? { keyType: encryption.KeyType ?? null, keyId: encryption.KeyId ?? null } : undefined,
  };
}

const DESCRIBED = [
  'serviceExecutionRole',
  'sourceStreamArns',
  'sourceDeliveryStreamArns',
  'preprocessorFunctionArns',
  'destinationStreamArns',
  'destinationDeliveryStreamArns',
  'destinationFunctionArns',
  'referenceDataBucketArns',
  'codeBucketArn',
  'snapshotsEnabled',
  'vpcIds',
  'encryption',
];

/**
 * Where a Flink or Studio application keeps running state, snapshots and code,
 * the API names the key only when it gives an encryption description; the
 * reference does not say what its absence means, so a missing one is unknown.
 * SQL applications keep no state of their own at rest and have no setting.
 */
function checkEncryption(r: Resource, d: ApplicationDetail): void {
  if (d.RuntimeEnvironment === 'SQL-1_0') {
    r.properties.encryption = null;
    return;
  }
  unknownIfAbsent(r, 'kinesisanalytics:DescribeApplication', { encryption: r.properties.encryption });
}

/**
 * Kinesis Data Analytics v2 / Managed Service for Apache Flink applications:
 * their IAM role, the streams and functions a SQL application reads and writes,
 * where the code is kept, snapshots and the key for data at rest.
 */
export const kinesisanalyticsv2Collector: Collector = declarativeCollector({
  service: 'kinesisanalyticsv2',
  client: 'kinesisanalyticsv2',
  resourceType: 'AWS::KinesisAnalyticsV2::Application',
  list: {
    operation: 'kinesisanalytics:ListApplications',
    page: (ka, t) => ka.send(new ListApplicationsCommand({ Limit: 50, ...(t ? { NextToken: t } : {}) })),
    items: (o) => o.ApplicationSummaries,
    next: (o) => o.NextToken,
  },
  id: (a: ApplicationSummary) => (a.ApplicationARN ? a.ApplicationName : undefined),
  idField: 'ApplicationARN or ApplicationName',
  arn: (_ctx, a) => a.ApplicationARN!,
  listed: (a) => ({
    runtimeEnvironment: a.RuntimeEnvironment ?? null,
    applicationStatus: a.ApplicationStatus ?? null,
    applicationMode: a.ApplicationMode ?? null,
  }),
  itemCarries: { fields: ['RuntimeEnvironment', 'ApplicationStatus'], keep: [] },
  reads: [
    describeInto({
      operation: 'kinesisanalytics:DescribeApplication',
      send: (ka, a) => ka.send(new DescribeApplicationCommand({ ApplicationName: a.ApplicationName })),
      pick: (o) => o.ApplicationDetail,
      field: 'ApplicationDetail',
      carries: ['ApplicationARN', 'RuntimeEnvironment', 'ApplicationStatus'],
      map: applicationProperties,
      properties: DESCRIBED,
      after: checkEncryption,
    }),
    tagsFrom({
      operation: 'kinesisanalytics:ListTagsForResource',
      send: (ka, _a, app) => ka.send(new ListTagsForResourceCommand({ ResourceARN: app.arn })),
      map: (o) => tagMap(o.Tags),
    }),
  ],
});
