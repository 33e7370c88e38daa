import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenOnLoopback } from '../loopback.js';
import { dynamodb } from './dynamodb.js';
import { ec2 } from './ec2.js';
import { kms } from './kms.js';
import { rds } from './rds.js';
import { s3, s3control, s3Operation } from './s3.js';
import { sqs } from './sqs.js';
import { emptyAccount, type AccountState } from './state.js';
import { sts } from './sts.js';
import { json, queryDoc, xml, type Reply } from './wire.js';

export { ACCOUNT, REGION } from './state.js';

/** One request as the fake saw it. */
export interface SeenRequest {
  service: string;
  operation: string;
  /** The Host header the client sent. */
  host: string;
  /** The address the connection came from. */
  remoteAddress: string;
  /** False when the fake has no handler and answered an empty result. */
  handled: boolean;
}

/** A stateful AWS stand-in on 127.0.0.1. */
export interface FakeAws {
  url: string;
  state: AccountState;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** The JSON services, by the prefix of their X-Amz-Target header. */
const JSON_SERVICES: Record<string, { service: string; contentType: string }> = {
  TrentService: { service: 'kms', contentType: 'application/x-amz-json-1.1' },
  DynamoDB_20120810: { service: 'dynamodb', contentType: 'application/x-amz-json-1.0' },
  AmazonSQS: { service: 'sqs', contentType: 'application/x-amz-json-1.0' },
};

/** The query services, by the API version they send. */
const QUERY_SERVICES: Record<string, string> = { '2011-06-15': 'sts', '2016-11-15': 'ec2', '2014-10-31': 'rds' };

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

interface Routed {
  service: string;
  operation: string;
  reply: Reply | undefined;
  /** What to answer for an operation the fake does not implement: an empty result in the service's format. */
  fallback: () => Reply;
  contentType?: string;
}

function route(state: AccountState, req: IncomingMessage, url: URL, body: string, base: string): Routed {
  const target = String(req.headers['x-amz-target'] ?? '');
  if (target) {
    const [prefix = '', operation = ''] = target.split('.');
    const spec = JSON_SERVICES[prefix];
    const input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    const reply =
      spec?.service === 'kms' ? kms(state, operation, input) : spec?.service === 'dynamodb' ? dynamodb(state, operation, input) : spec?.service === 'sqs' ? sqs(state, operation, input, base) : undefined;
    return { service: spec?.service ?? prefix, operation, reply, fallback: () => json({}), ...(spec ? { contentType: spec.contentType } : {}) };
  }
  if (req.method === 'POST' && String(req.headers['content-type']).includes('x-www-form-urlencoded')) {
    const params = new URLSearchParams(body);
    const operation = params.get('Action') ?? '';
    const service = QUERY_SERVICES[params.get('Version') ?? ''] ?? `query:${params.get('Version')}`;
    const reply = service === 'sts' ? sts(operation) : service === 'ec2' ? ec2(state, operation, params) : service === 'rds' ? rds(state, operation, params) : undefined;
    const fallback = () =>
      service === 'ec2' ? xml(`<${operation}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>fake</requestId></${operation}Response>`) : queryDoc(operation, '', '');
    return { service, operation, reply, fallback };
  }
  const method = req.method ?? 'GET';
  if (url.pathname.startsWith('/v20180820/')) {
    return { service: 's3control', operation: `${method} ${url.pathname}`, reply: s3control(state, method, url.pathname, body), fallback: () => xml('<Result/>') };
  }
  return { service: 's3', operation: s3Operation(method, url.pathname, url.searchParams), reply: s3(state, method, url.pathname, url.searchParams, body), fallback: () => xml('<Result/>') };
}

/**
 * Starts an in-memory AWS account on 127.0.0.1 (a random port) that the real
 * SDK clients can write to and read from: S3 (path-style), S3 Control, KMS,
 * RDS, DynamoDB, EC2, SQS and STS share one state. An operation without a
 * handler gets an empty answer and is logged with `handled: false`.
 */
export async function startFakeAws(): Promise<FakeAws> {
  const state = emptyAccount();
  const requests: SeenRequest[] = [];
  let base = '';
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', base);
    const routed = route(state, req, url, body, base);
    requests.push({
      service: routed.service,
      operation: routed.operation,
      host: String(req.headers.host),
      remoteAddress: req.socket.remoteAddress ?? '',
      handled: routed.reply !== undefined,
    });
    const reply = routed.reply ?? routed.fallback();
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
  return { url: base, state, requests, close: server.close };
}
