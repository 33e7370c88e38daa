import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenOnLoopback } from '../loopback.js';
import { apigateway, apigatewayOperation } from './apigateway.js';
import { backup, backupOperation } from './backup.js';
import { cloudfront, cloudfrontOperation } from './cloudfront.js';
import { dynamodb } from './dynamodb.js';
import { ec2 } from './ec2.js';
import { elb } from './elb.js';
import { elbv2 } from './elbv2.js';
import { FaultPlan, type FaultKind, type Faults } from './faults.js';
import { kms } from './kms.js';
import { lambda } from './lambda.js';
import { rds } from './rds.js';
import { quicksight, quicksightOperation } from './quicksight.js';
import { redshiftServerless } from './redshiftserverless.js';
import { s3, s3control, s3controlOperation, s3Operation } from './s3.js';
import { accessPointOperation, isAccessPointPath, s3AccessPoints } from './s3-access-points.js';
import { s3Object, s3ObjectOperation } from './s3-objects.js';
import { securityhub } from './securityhub.js';
import { sns } from './sns.js';
import { iam, organizations } from './iam.js';
import { sqs } from './sqs.js';
import { kinesisanalyticsv2 } from './kinesisanalyticsv2.js';
import { cloudhsmv2 } from './cloudhsmv2.js';
import { emptyAccount, type AccountState } from './state.js';
import { sts } from './sts.js';
import { json, queryDoc, xml, type Protocol, type Reply } from './wire.js';

export { ACCOUNT, REGION } from './state.js';
export type { Faults } from './faults.js';

/** One request as the fake saw it. */
export interface SeenRequest {
  service: string;
  /** The AWS operation name (`ListBuckets`, `GetBucketEncryption`, `DescribeKey`). */
  operation: string;
  /** The Host header the client sent. */
  host: string;
  /** The address the connection came from. */
  remoteAddress: string;
  /** False when the fake has no handler and answered an empty result. */
  handled: boolean;
  /** The fault it was answered with, if the test configured one for it. */
  fault?: FaultKind;
  /** IAM actions AWS performs for the caller on top of the call's own (KMS for an object in an SSE-KMS bucket). */
  implies?: string[];
}

/** A stateful AWS stand-in on 127.0.0.1. */
export interface FakeAws {
  url: string;
  state: AccountState;
  requests: SeenRequest[];
  /** How many requests of `service:Operation` came, and how many of them were answered with a fault. */
  calls(name: string): { total: number; faulted: number };
  close(): Promise<void>;
}

/** What a test sets up: the account (empty unless given) and the faults. */
export interface FakeAwsOptions {
  account?: AccountState;
  faults?: Faults;
}

/** The JSON services, by the prefix of their X-Amz-Target header. */
const JSON_SERVICES: Record<string, { service: string; contentType: string; protocol: Protocol }> = {
  TrentService: { service: 'kms', contentType: 'application/x-amz-json-1.1', protocol: 'json' },
  DynamoDB_20120810: { service: 'dynamodb', contentType: 'application/x-amz-json-1.0', protocol: 'json' },
  AmazonSQS: { service: 'sqs', contentType: 'application/x-amz-json-1.0', protocol: 'json-query-compatible' },
  AWSOrganizationsV20161128: { service: 'organizations', contentType: 'application/x-amz-json-1.1', protocol: 'json' },
  RedshiftServerless: { service: 'redshift-serverless', contentType: 'application/x-amz-json-1.1', protocol: 'json' },
  KinesisAnalytics_20180523: { service: 'kinesisanalytics', contentType: 'application/x-amz-json-1.1', protocol: 'json' },
  BaldrApiService: { service: 'cloudhsm', contentType: 'application/x-amz-json-1.1', protocol: 'json' },
};

/** The query services, by the API version they send (ELB v2 and Classic ELB share their operation names, so each has its own). */
const QUERY_SERVICES: Record<string, string> = {
  '2011-06-15': 'sts',
  '2016-11-15': 'ec2',
  '2014-10-31': 'rds',
  '2010-03-31': 'sns',
  '2010-05-08': 'iam',
  '2015-12-01': 'elbv2',
  '2012-06-01': 'elb',
};

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

interface Routed {
  service: string;
  operation: string;
  protocol: Protocol;
  /** The account's answer; undefined when the fake does not implement the operation. */
  answer: (pageSize: number | undefined) => Reply | undefined;
  /** What to answer for an operation the fake does not implement: an empty result in the service's format. */
  fallback: () => Reply;
  contentType?: string;
}

function routeJson(state: AccountState, target: string, body: string, base: string): Routed {
  const [prefix = '', operation = ''] = target.split('.');
  const spec = JSON_SERVICES[prefix];
  const input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
  const handlers: Record<string, (size: number | undefined) => Reply | undefined> = {
    kms: (size) => kms(state, operation, input, size),
    dynamodb: (size) => dynamodb(state, operation, input, size),
    sqs: (size) => sqs(state, operation, input, base, size),
    organizations: () => organizations(operation),
    'redshift-serverless': (size) => redshiftServerless(state, operation, input, size),
    kinesisanalytics: (size) => kinesisanalyticsv2(state, operation, input, size),
    cloudhsm: (size) => cloudhsmv2(state, operation, input, size),
  };
  const service = spec?.service ?? prefix;
  return {
    service,
    operation,
    protocol: spec?.protocol ?? 'json',
    answer: handlers[service] ?? (() => undefined),
    fallback: () => json({}),
    ...(spec ? { contentType: spec.contentType } : {}),
  };
}

function routeQuery(state: AccountState, body: string): Routed {
  const params = new URLSearchParams(body);
  const operation = params.get('Action') ?? '';
  const service = QUERY_SERVICES[params.get('Version') ?? ''] ?? `query:${params.get('Version')}`;
  const handlers: Record<string, (size: number | undefined) => Reply | undefined> = {
    sts: () => sts(operation),
    ec2: (size) => ec2(state, operation, params, size),
    rds: (size) => rds(state, operation, params, size),
    sns: () => sns(operation),
    iam: () => iam(state, operation, params),
    elbv2: (size) => elbv2(state, operation, params, size),
    elb: (size) => elb(state, operation, params, size),
  };
  const fallback = () =>
    service === 'ec2' ? xml(`<${operation}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>fake</requestId></${operation}Response>`) : queryDoc(operation, '', '');
  return { service, operation, protocol: service === 'ec2' ? 'ec2' : 'query', answer: handlers[service] ?? (() => undefined), fallback };
}

function route(state: AccountState, req: IncomingMessage, url: URL, raw: Buffer, base: string): Routed {
  const body = raw.toString('utf8');
  const target = String(req.headers['x-amz-target'] ?? '');
  if (target) return routeJson(state, target, body, base);
  if (req.method === 'POST' && String(req.headers['content-type']).includes('x-www-form-urlencoded')) return routeQuery(state, body);
  const method = req.method ?? 'GET';
  if (url.pathname.startsWith('/backup-vaults') || url.pathname.startsWith('/tags/')) {
    const operation = backupOperation(method, url.pathname);
    return { service: 'backup', operation, protocol: 'rest-json', answer: (size) => backup(state, operation, url.pathname, url.searchParams, size), fallback: () => json({}) };
  }
  if (url.pathname.startsWith('/2015-03-31/functions')) {
    const operation = method === 'GET' && /^\/2015-03-31\/functions\/?$/.test(url.pathname) ? 'ListFunctions' : `${method} ${url.pathname}`;
    return { service: 'lambda', operation, protocol: 'rest-json', answer: () => lambda(operation), fallback: () => json({}) };
  }
  if (url.pathname.startsWith('/findings/')) {
    const operation = url.pathname === '/findings/import' ? 'BatchImportFindings' : `${method} ${url.pathname}`;
    return { service: 'securityhub', operation, protocol: 'rest-json', answer: () => securityhub(state, method, url.pathname, body), fallback: () => json({}) };
  }
  if (/^\/(restapis|domainnames)(\/|$)/.test(url.pathname)) {
    const operation = apigatewayOperation(method, url.pathname);
    return { service: 'apigateway', operation, protocol: 'rest-json', answer: (size) => apigateway(state, operation, url.pathname, url.searchParams, size), fallback: () => json({}) };
  }
  if (/^\/(accounts|resources)\//.test(url.pathname)) {
    const operation = quicksightOperation(method, url.pathname);
    return { service: 'quicksight', operation, protocol: 'rest-json', answer: (size) => quicksight(state, operation, url.pathname, url.searchParams, size), fallback: () => json({}) };
  }
  if (isAccessPointPath(url.pathname)) {
    const operation = accessPointOperation(method, url.pathname);
    const accountId = req.headers['x-amz-account-id'];
    return {
      service: 's3control',
      operation,
      protocol: 'rest-xml',
      answer: (size) => s3AccessPoints(state, operation, url.pathname, url.searchParams, typeof accountId === 'string' ? accountId : undefined, size),
      fallback: () => xml('<Result/>'),
    };
  }
  if (url.pathname.startsWith('/2020-05-31/')) {
    const operation = cloudfrontOperation(method, url.pathname);
    return { service: 'cloudfront', operation, protocol: 'rest-xml', answer: (size) => cloudfront(state, operation, url.searchParams, size), fallback: () => xml('<Result/>') };
  }
  if (url.pathname.startsWith('/v20180820/')) {
    return {
      service: 's3control',
      operation: s3controlOperation(method, url.pathname),
      protocol: 'rest-xml',
      answer: (size) => s3control(state, method, url.pathname, url.searchParams, body, size),
      fallback: () => xml('<Result/>'),
    };
  }
  const [, bucketPart = '', ...keyParts] = url.pathname.split('/');
  const bucket = decodeURIComponent(bucketPart);
  const key = keyParts.map(decodeURIComponent).join('/');
  const objectOperation = bucket === '' ? undefined : s3ObjectOperation(method, key, url.searchParams);
  if (objectOperation) {
    return {
      service: 's3',
      operation: objectOperation,
      protocol: 'rest-xml',
      answer: (size) => s3Object(state, objectOperation, bucket, key, url.searchParams, raw, req.headers, size),
      fallback: () => xml('<Result/>'),
    };
  }
  return {
    service: 's3',
    operation: s3Operation(method, url.pathname, url.searchParams),
    protocol: 'rest-xml',
    answer: (size) => s3(state, method, url.pathname, url.searchParams, body, size),
    fallback: () => xml('<Result/>'),
  };
}

/**
 * Starts an in-memory AWS account on 127.0.0.1 (a random port) that the real
 * SDK clients can write to and read from: S3 (path-style, buckets and objects), S3 Control
 * (with access points), KMS, RDS (with its proxies), DynamoDB, EC2, SQS, SNS, Lambda,
 * CloudFront, Redshift Serverless, ELB v2, Classic ELB, API Gateway, QuickSight, STS
 * and Security Hub share one state. The test's
 * {@link Faults} are applied before the account answers. An operation without
 * a handler gets an empty answer and is logged with `handled: false`.
 */
export async function startFakeAws(options: FakeAwsOptions = {}): Promise<FakeAws> {
  const state = options.account ?? emptyAccount();
  const faults = new FaultPlan(options.faults);
  const requests: SeenRequest[] = [];
  let base = '';
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    const body = raw.toString('utf8');
    const url = new URL(req.url ?? '/', base);
    const routed = route(state, req, url, raw, base);
    const name = `${routed.service}:${routed.operation}`;
    const fault = faults.answer({ service: routed.service, operation: routed.operation, protocol: routed.protocol, text: `${req.url ?? ''}\n${body}` });
    const answer = fault?.reply ?? routed.answer(faults.pageSize(name));
    requests.push({
      service: routed.service,
      operation: routed.operation,
      host: String(req.headers.host),
      remoteAddress: req.socket.remoteAddress ?? '',
      handled: answer !== undefined,
      ...(fault ? { fault: fault.kind } : {}),
      ...(answer?.implies ? { implies: answer.implies } : {}),
    });
    const reply = answer ?? routed.fallback();
    const contentType = reply.type === 'xml' ? 'application/xml' : reply.type === 'json' ? (routed.contentType ?? 'application/json') : undefined;
    res.writeHead(reply.status ?? 200, {
      ...(contentType ? { 'content-type': contentType } : {}),
      'x-amzn-requestid': 'fake',
      'x-amz-request-id': 'fake',
      ...reply.headers,
    });
    res.end(reply.body);
  };
  const server = await listenOnLoopback(handle);
  base = server.url;
  const calls = (name: string) => {
    const seen = requests.filter((r) => `${r.service}:${r.operation}` === name);
    return { total: seen.length, faulted: seen.filter((r) => r.fault).length };
  };
  return { url: base, state, requests, calls, close: server.close };
}
