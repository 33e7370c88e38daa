import { SelectAggregateResourceConfigCommand, SelectResourceConfigCommand } from '@aws-sdk/client-config-service';
import { importConfigDocument } from '../inventory/config-import.js';
import type { ScopedCollectionError, Snapshot } from '../inventory/resource.js';
import { ClientPool, DEFAULT_CLIENT_SETTINGS, type ClientSettings } from './clients.js';
import { accountTargets } from './credentials.js';
import { toCollectionError } from './errors.js';
import { DEFAULT_CONCURRENCY, Limiters } from './limits.js';
import type { CollectOptions } from './runner.js';
import { homeRegion } from './runner.js';
import { SERVICES, type ServiceName } from './services.js';

/** The AWS Config resource types each service's rules read (types Config does not record are reported by the importer). */
export const CONFIG_TYPES: Record<ServiceName, readonly string[]> = {
  s3: ['AWS::S3::Bucket', 'AWS::S3::AccountPublicAccessBlock'],
  kms: ['AWS::KMS::Key', 'AWS::KMS::Alias'],
  rds: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::RDS::DBSnapshot', 'AWS::RDS::DBClusterSnapshot'],
  dynamodb: ['AWS::DynamoDB::Table'],
  ec2: ['AWS::EC2::Volume'],
  sqs: ['AWS::SQS::Queue'],
  sns: ['AWS::SNS::Topic'],
  lambda: ['AWS::Lambda::Function'],
  iot: ['AWS::IoT::Policy'],
  ssm: [],
  opensearch: ['AWS::OpenSearch::Domain'],
  dax: [],
  elasticache: [],
  efs: ['AWS::EFS::FileSystem'],
  kinesis: ['AWS::Kinesis::Stream'],
  firehose: ['AWS::KinesisFirehose::DeliveryStream'],
  redshift: ['AWS::Redshift::Cluster', 'AWS::Redshift::ClusterParameterGroup'],
  athena: ['AWS::Athena::WorkGroup'],
  emr: ['AWS::EMR::SecurityConfiguration'],
};

const FIELDS = [
  'resourceId',
  'resourceName',
  'resourceType',
  'arn',
  'accountId',
  'awsRegion',
  'configuration',
  'supplementaryConfiguration',
  'tags',
  'relationships',
  'configurationItemStatus',
  'configurationItemCaptureTime',
];

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The advanced query: the modelled types of the chosen services, optionally in the named regions. */
export function selectExpression(services: readonly ServiceName[], regions?: readonly string[]): string {
  const types = services.flatMap((s) => CONFIG_TYPES[s]);
  let where = `resourceType IN (${types.map(quote).join(', ')})`;
  if (regions && regions.length > 0) {
    // Account-wide settings are recorded per region, so they pass the region filter too.
    where += ` AND awsRegion IN (${[...regions, 'global'].map(quote).join(', ')})`;
  }
  return `SELECT ${FIELDS.join(', ')} WHERE ${where}`;
}

/**
 * Reads the inventory from AWS Config's advanced query (the account's recorder,
 * or an aggregator for a whole organization) and maps the rows through the
 * AWS Config importer. A page that fails ends the read; what was read is kept
 * and the failure is in the header.
 */
export async function collectFromConfig(options: CollectOptions & { aggregator?: string }): Promise<Snapshot> {
  const home = await homeRegion(options);
  const endpoint = options.endpoint ?? process.env.AWS_ENDPOINT_URL;
  const settings: ClientSettings = { ...DEFAULT_CLIENT_SETTINGS, ...options.client, ...(endpoint ? { endpoint } : {}) };
  const [target] = accountTargets({ ...options, homeRegion: home, ...(endpoint ? { endpoint } : {}) });
  const clients = new ClientPool(target?.credentials, settings);
  const limit = new Limiters(options.concurrency ?? DEFAULT_CONCURRENCY).get('config', 'config', home);
  const services = options.services ?? SERVICES;
  const expression = selectExpression(services, options.regions === 'all' ? undefined : options.regions);
  const rows: string[] = [];
  const errors: ScopedCollectionError[] = [];
  const operation = options.aggregator ? 'config:SelectAggregateResourceConfig' : 'config:SelectResourceConfig';
  const config = clients.get('config', home);
  try {
    let token: string | undefined;
    do {
      const page = token;
      try {
        const out = await limit(() =>
          options.aggregator
            ? config.send(new SelectAggregateResourceConfigCommand({ Expression: expression, ConfigurationAggregatorName: options.aggregator, Limit: 100, ...(page ? { NextToken: page } : {}) }))
            : config.send(new SelectResourceConfigCommand({ Expression: expression, Limit: 100, ...(page ? { NextToken: page } : {}) })),
        );
        rows.push(...(out.Results ?? []));
        token = out.NextToken;
        options.progress?.found('config', home, out.Results?.length ?? 0);
      } catch (error) {
        const e = toCollectionError(operation, error);
        errors.push({ ...e, region: home, service: 'config', message: `${e.message}; the inventory may be incomplete` });
        options.progress?.failed('config', home, 1);
        token = undefined;
      }
    } while (token);
  } finally {
    clients.destroy();
    options.progress?.finish('config', home);
    options.progress?.close();
  }
  const source = options.aggregator ? `AWS Config aggregator ${options.aggregator}` : `AWS Config (${home})`;
  const snapshot = importConfigDocument({ Results: rows }, source);
  snapshot.header.source = { kind: 'aws-config-select', description: `${source}: ${expression}` };
  snapshot.header.errors.unshift(...errors);
  if (snapshot.header.regions.length === 0 && Array.isArray(options.regions)) snapshot.header.regions = [...options.regions];
  return snapshot;
}
