import type { Cursor } from './cursor.js';
import { put, type ItemReader, type MappedResource } from './item.js';

const arns = (list: Cursor[], path: string): string[] => list.map((c) => c.at(path).str()).filter((a): a is string => typeof a === 'string' && a !== '');

/**
 * Config records an application in its CloudFormation shape: the SQL inputs but
 * not the outputs (those are separate CloudFormation resources), no status and
 * no key for data at rest; those stay unknown.
 */
export function mapAnalyticsApplication(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const name = r.conf('ApplicationName').str() ?? r.item.resourceName ?? r.item.resourceId;
  const runtime = r.conf('RuntimeEnvironment').str();
  put(p, 'runtimeEnvironment', runtime ?? null);
  put(p, 'applicationMode', r.conf('ApplicationMode').str() ?? null);
  put(p, 'serviceExecutionRole', r.conf('ServiceExecutionRole').str() ?? null);
  const config = r.conf('ApplicationConfiguration');
  const inputs = config.at('SqlApplicationConfiguration').at('Inputs').list() ?? [];
  put(p, 'sourceStreamArns', arns(inputs, 'KinesisStreamsInput.ResourceARN'));
  put(p, 'sourceDeliveryStreamArns', arns(inputs, 'KinesisFirehoseInput.ResourceARN'));
  put(p, 'preprocessorFunctionArns', arns(inputs, 'InputProcessingConfiguration.InputLambdaProcessor.ResourceARN'));
  put(p, 'codeBucketArn', config.at('ApplicationCodeConfiguration.CodeContent.S3ContentLocation.BucketARN').str() ?? null);
  const snapshots = config.at('ApplicationSnapshotConfiguration.SnapshotsEnabled').bool();
  put(p, 'snapshotsEnabled', runtime === 'SQL-1_0' ? null : snapshots);
  if (runtime !== 'SQL-1_0' && snapshots === undefined) r.notRecorded('snapshotsEnabled', 'The AWS Config item does not say whether the application keeps snapshots.');
  if (runtime === 'SQL-1_0') p.encryption = null;
  else r.notRecorded('encryption', 'The AWS Config resource schema lists no encryption setting for Kinesis Data Analytics applications.');
  r.notRecorded('applicationStatus', 'AWS Config does not record the status of a Kinesis Data Analytics application.');
  for (const property of ['destinationStreamArns', 'destinationDeliveryStreamArns', 'destinationFunctionArns', 'referenceDataBucketArns']) {
    r.notRecorded(property, 'AWS Config records the outputs and reference data of a SQL application as separate CloudFormation resources, which it does not record.');
  }
  r.notRecorded('vpcIds', 'AWS Config records subnets and security groups of an application, not its VPC.');
  return { properties: p, name, resourceId: name, arn: r.item.arn ?? undefined };
}
