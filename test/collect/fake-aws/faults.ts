import { protocolError, type Protocol, type Reply } from './wire.js';

/** An operation as the collectors name it, `<service>:<Operation>` (`s3:GetBucketEncryption`, `kms:ListKeys`). */
export type OperationName = string;

/** Throttle the first `times` calls of an operation (Infinity: every call). */
export interface Throttle {
  times: number;
  /** Only the calls whose URL or body contains this: one bucket, one key id, one queue. */
  where?: string;
}

/** An error answered to every call of an operation. */
export interface Failure {
  code: string;
  message: string;
  /** HTTP status; 400 unless given. */
  status?: number;
}

/** What the stand-in does wrong on purpose, configured per test. */
export interface Faults {
  /** Calls answered with the protocol's own throttling error before the real answer. */
  throttle?: Record<OperationName, Throttle>;
  /** Operations answered with access denied, every time; `<service>:*` denies all of a service's. */
  deny?: OperationName[];
  /** Operations answered with an error of the test's choosing, every time; `<service>:*` for all of a service's. */
  fail?: Record<OperationName, Failure>;
  /** One call of an operation answered with an error: the `call`-th (from 1), the others normally (a multipart upload's second part). */
  failCall?: Record<OperationName, Failure & { call: number }>;
  /** Items per page of a list operation; without it every list comes in one page. */
  pageSize?: Record<OperationName, number>;
}

/** How each protocol says "slow down" (as the SDK's retry strategy recognises it) and "not allowed": code and HTTP status. */
const SAYS: Record<Protocol, { throttled: [string, number]; denied: [string, number] }> = {
  'rest-xml': { throttled: ['SlowDown', 503], denied: ['AccessDenied', 403] },
  ec2: { throttled: ['RequestLimitExceeded', 503], denied: ['UnauthorizedOperation', 403] },
  query: { throttled: ['Throttling', 400], denied: ['AccessDenied', 403] },
  json: { throttled: ['ThrottlingException', 400], denied: ['AccessDeniedException', 400] },
  'json-query-compatible': { throttled: ['RequestThrottled', 400], denied: ['AccessDenied', 400] },
  'rest-json': { throttled: ['TooManyRequestsException', 429], denied: ['AccessDeniedException', 403] },
};

/** The kind of fault a request was answered with, for the request log. */
export type FaultKind = 'throttled' | 'denied' | 'failed';

/** One request as the faults see it. */
export interface FaultRequest {
  service: string;
  operation: string;
  protocol: Protocol;
  /** URL and body, for {@link Throttle.where}. */
  text: string;
}

/** Applies a test's {@link Faults}; it counts the throttled calls, so it belongs to one server. */
export class FaultPlan {
  private readonly throttled = new Map<OperationName, number>();
  private readonly counted = new Map<OperationName, number>();

  constructor(private readonly faults: Faults = {}) {}

  /** The page size configured for an operation, if any. */
  pageSize(name: OperationName): number | undefined {
    return this.faults.pageSize?.[name];
  }

  /** The fault answer for this request, or undefined to answer it normally. */
  answer(req: FaultRequest): { kind: FaultKind; reply: Reply } | undefined {
    const name = `${req.service}:${req.operation}`;
    const wholeService = `${req.service}:*`;
    if (this.faults.deny?.includes(name) || this.faults.deny?.includes(wholeService)) {
      const [code, status] = SAYS[req.protocol].denied;
      return { kind: 'denied', reply: protocolError(req.protocol, code, `User is not authorized to perform: ${name}`, status) };
    }
    const failure = this.faults.fail?.[name] ?? this.faults.fail?.[wholeService];
    if (failure) return { kind: 'failed', reply: protocolError(req.protocol, failure.code, failure.message, failure.status ?? 400) };
    const once = this.faults.failCall?.[name];
    if (once) {
      const call = (this.counted.get(name) ?? 0) + 1;
      this.counted.set(name, call);
      if (call === once.call) return { kind: 'failed', reply: protocolError(req.protocol, once.code, once.message, once.status ?? 400) };
    }
    const throttle = this.faults.throttle?.[name];
    if (throttle && (!throttle.where || req.text.includes(throttle.where))) {
      const done = this.throttled.get(name) ?? 0;
      if (done < throttle.times) {
        this.throttled.set(name, done + 1);
        const [code, status] = SAYS[req.protocol].throttled;
        return { kind: 'throttled', reply: protocolError(req.protocol, code, 'Rate exceeded', status) };
      }
    }
    return undefined;
  }
}
