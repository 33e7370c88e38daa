import { SelectAggregateResourceConfigCommand, SelectResourceConfigCommand } from '@aws-sdk/client-config-service';
import pLimit from 'p-limit';
import { UsageError } from '../errors.js';
import { importConfigDocument } from '../inventory/config-import.js';
import type { ScopedCollectionError, Snapshot } from '../inventory/resource.js';
import { ClientPool, DEFAULT_CLIENT_SETTINGS, loadClients, type ClientSettings } from './clients.js';
import { accountTargets, type AccountTarget } from './credentials.js';
import { toCollectionError } from './errors.js';
import { noAccountRead } from './read-check.js';
import { DEFAULT_CONCURRENCY, Limiters } from './limits.js';
import type { CollectOptions } from './runner.js';
import { homeRegion } from './runner.js';
import { SERVICES, type ServiceName } from './services.js';

/** The AWS Config resource types each service's rules read (types Config does not record are reported by the importer). */
export const CONFIG_TYPES: Record<ServiceName, readonly string[]> = {
  s3: ['AWS::S3::Bucket', 'AWS::S3::AccountPublicAccessBlock', 'AWS::S3::AccessPoint', 'AWS::S3::MultiRegionAccessPoint'],
  kms: ['AWS::KMS::Key', 'AWS::KMS::Alias'],
  rds: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::RDS::DBSnapshot', 'AWS::RDS::DBClusterSnapshot', 'AWS::RDS::OptionGroup'],
  dynamodb: ['AWS::DynamoDB::Table'],
  ec2: ['AWS::EC2::Volume', 'AWS::EC2::LaunchTemplate', 'AWS::EC2::SpotFleet'],
  sqs: ['AWS::SQS::Queue'],
  sns: ['AWS::SNS::Topic'],
  lambda: ['AWS::Lambda::Function'],
  iot: ['AWS::IoT::Policy'],
  ssm: [],
  opensearch: ['AWS::OpenSearch::Domain', 'AWS::Elasticsearch::Domain'],
  dax: [],
  elasticache: [],
  efs: ['AWS::EFS::FileSystem'],
  kinesis: ['AWS::Kinesis::Stream'],
  firehose: ['AWS::KinesisFirehose::DeliveryStream'],
  redshift: ['AWS::Redshift::Cluster', 'AWS::Redshift::ClusterParameterGroup'],
  athena: ['AWS::Athena::WorkGroup'],
  emr: ['AWS::EMR::SecurityConfiguration'],
  glue: ['AWS::Glue::MLTransform'],
  secretsmanager: ['AWS::SecretsManager::Secret'],
  cloudtrail: ['AWS::CloudTrail::Trail'],
  acm: ['AWS::ACM::Certificate'],
  iam: ['AWS::IAM::User', 'AWS::IAM::Group', 'AWS::IAM::Role', 'AWS::IAM::Policy'],
  backup: ['AWS::Backup::BackupVault', 'AWS::Backup::RecoveryPoint'],
  glacier: [],
  cloudfront: ['AWS::CloudFront::Distribution'],
  // AWS Config's resource schemas have no Redshift Serverless types.
  redshiftserverless: [],
  // Listeners are separate Config items, joined to their load balancers by the importer.
  elbv2: ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ElasticLoadBalancingV2::Listener'],
  elb: ['AWS::ElasticLoadBalancing::LoadBalancer'],
  apigateway: ['AWS::ApiGateway::Stage'],
  quicksight: ['AWS::QuickSight::DataSource'],
  kinesisanalyticsv2: ['AWS::KinesisAnalyticsV2::Application'],
  // AWS Config's resource schemas have no CloudHSM types.
  cloudhsmv2: [],
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

/**
 * Account-wide types Config records in the one Region their control plane is
 * served from, which need not be a selected Region: they pass the region filter
 * whatever it is, as the API collectors read them whatever the regions.
 */
const ACCOUNT_WIDE_TYPES: readonly string[] = ['AWS::S3::MultiRegionAccessPoint'];

/** The advanced query: the modelled types of the chosen services, optionally in the named regions. */
export function selectExpression(services: readonly ServiceName[], regions?: readonly string[]): string {
  const types = services.flatMap((s) => CONFIG_TYPES[s]);
  let where = `resourceType IN (${types.map(quote).join(', ')})`;
  if (regions && regions.length > 0) {
    // Account-wide settings are recorded per region, so they pass the region filter too.
    const inRegions = `awsRegion IN (${[...regions, 'global'].map(quote).join(', ')})`;
    const wide = ACCOUNT_WIDE_TYPES.filter((t) => types.includes(t));
    where += wide.length > 0 ? ` AND (${inRegions} OR resourceType IN (${wide.map(quote).join(', ')}))` : ` AND ${inRegions}`;
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
  const targets = accountTargets({ ...options, homeRegion: home, ...(endpoint ? { endpoint } : {}) });
  if (options.aggregator && targets.length > 1) {
    throw new UsageError('--aggregator reads every account through one aggregator: assume a role in the aggregator account only, not in each --accounts entry');
  }
  const limiters = new Limiters(options.concurrency ?? DEFAULT_CONCURRENCY);
  const services = options.services ?? SERVICES;
  const expression = selectExpression(services, options.regions === 'all' ? undefined : options.regions);
  const errors: ScopedCollectionError[] = [];
  const operation = options.aggregator ? 'config:SelectAggregateResourceConfig' : 'config:SelectResourceConfig';
  let answered = 0;
  // With --role-arn and several accounts, each account's own recorder is queried.
  const readAccount = async (target: AccountTarget): Promise<string[]> => {
    const rows: string[] = [];
    await loadClients(['config']);
    const clients = new ClientPool(target.credentials, settings);
    const config = clients.get('config', home);
    const limit = limiters.get('config', target.expectedAccountId ?? 'config', home);
    const scope = target.expectedAccountId ? { accountId: target.expectedAccountId } : {};
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
          answered += 1;
          rows.push(...(out.Results ?? []));
          token = out.NextToken;
          options.progress?.found('config', home, out.Results?.length ?? 0);
        } catch (error) {
          const e = toCollectionError(operation, error);
          const role = target.roleArn ? ` (assuming ${target.roleArn})` : '';
          errors.push({ ...e, ...scope, region: home, service: 'config', message: `${e.message}${role}; the inventory may be incomplete` });
          options.progress?.failed('config', home, 1);
          token = undefined;
        }
      } while (token);
    } finally {
      clients.destroy();
    }
    return rows;
  };
  const accountLimit = pLimit(options.accountConcurrency ?? 4);
  let rows: string[];
  try {
    rows = (await Promise.all(targets.map((t) => accountLimit(() => readAccount(t))))).flat();
  } finally {
    options.progress?.finish('config', home);
    options.progress?.close();
  }
  if (answered === 0) throw noAccountRead(errors);
  const source = options.aggregator ? `AWS Config aggregator ${options.aggregator}` : `AWS Config (${home})`;
  // After a failed page the rows are part of the recorded resources: what they lack is unknown, not absent.
  const snapshot = importConfigDocument({ Results: rows }, source, { partial: errors.length > 0 });
  snapshot.header.source = { kind: 'aws-config-select', description: `${source}: ${expression}` };
  snapshot.header.errors.unshift(...errors);
  if (snapshot.header.regions.length === 0 && options.regions && options.regions !== 'all') snapshot.header.regions = [...options.regions];
  return snapshot;
}
