/**
 * Reply builders for each AWS wire format the fake speaks, and the small
 * readers its write handlers need for request bodies. Shapes follow the
 * protocols the SDK clients parse: REST-XML (S3, S3 Control, CloudFront), query
 * XML (STS, EC2, RDS, SNS, IAM, ELB, ELB v2), JSON 1.0/1.1 (DynamoDB, SQS, KMS),
 * REST-JSON (Lambda, Backup, API Gateway, QuickSight).
 */

/** How a service frames its answers, and so its errors. */
export type Protocol = 'rest-xml' | 'ec2' | 'query' | 'json' | 'json-query-compatible' | 'rest-json';

/** One HTTP answer. */
export interface Reply {
  status?: number;
  type?: 'xml' | 'json' | 'empty';
  /** Text, or an object's bytes (GetObject). */
  body: string | Buffer;
  headers?: Record<string, string>;
  /** IAM actions the call needs beyond its own, which AWS checks on the caller's behalf (KMS for an SSE-KMS bucket). */
  implies?: string[];
}

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `<name>value</name>`, or nothing when the value is absent. */
export const el = (name: string, value: string | number | boolean | null | undefined): string =>
  value === undefined || value === null ? '' : `<${name}>${esc(String(value))}</${name}>`;

export const xml = (body: string, status = 200): Reply => ({ status, type: 'xml', body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}` });
export const json = (body: unknown, status = 200): Reply => ({ status, type: 'json', body: JSON.stringify(body) });
export const empty = (status = 200, headers?: Record<string, string>): Reply => ({ status, type: 'empty', body: '', ...(headers ? { headers } : {}) });

/** A JSON-protocol error; SQS also carries its query-era code in a header. */
export const jsonError = (type: string, message: string, status = 400, queryCode?: string): Reply => ({
  ...json({ __type: type, message }, status),
  ...(queryCode ? { headers: { 'x-amzn-query-error': `${queryCode};Sender` } } : {}),
});

export const s3Error = (code: string, status: number): Reply =>
  xml(`<Error><Code>${code}</Code><Message>${code}</Message><RequestId>fake</RequestId></Error>`, status);

/** The error document of the query APIs (STS, RDS). */
export const queryError = (code: string, message: string, status = 400): Reply =>
  xml(`<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${esc(message)}</Message></Error><RequestId>fake</RequestId></ErrorResponse>`, status);

/** EC2's own error document. */
export const ec2Error = (code: string, message: string, status = 400): Reply =>
  xml(`<Response><Errors><Error><Code>${code}</Code><Message>${esc(message)}</Message></Error></Errors><RequestID>fake</RequestID></Response>`, status);

/** An error as `protocol` frames it, so the SDK client reads `code` and `message` from it. */
export function protocolError(protocol: Protocol, code: string, message: string, status: number): Reply {
  switch (protocol) {
    case 'rest-xml':
      return xml(`<Error><Code>${esc(code)}</Code><Message>${esc(message)}</Message><RequestId>fake</RequestId></Error>`, status);
    case 'ec2':
      return ec2Error(code, message, status);
    case 'query':
      return queryError(code, message, status);
    case 'json':
      return jsonError(code, message, status);
    case 'json-query-compatible':
      // SQS keeps its query-era error codes in a header, and the SDK reads the code from there.
      return jsonError(`com.amazonaws.sqs#${code}`, message, status, code);
    case 'rest-json':
      return { ...json({ message }, status), headers: { 'x-amzn-errortype': code } };
  }
}

/** The answer of a query operation: `<XResponse><XResult>…</XResult></XResponse>` (EC2 has no Result wrapper). */
export const queryDoc = (action: string, namespace: string, inner: string): Reply =>
  xml(`<${action}Response xmlns="${namespace}"><${action}Result>${inner}</${action}Result><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></${action}Response>`);

/** The text of the first `<name>` element in a (simple, trusted) XML body, entities decoded. */
export function xmlText(body: string, name: string): string | undefined {
  const m = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(body);
  if (!m) return undefined;
  return m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** Query-protocol list members: `Prefix.1.Field`, `Prefix.2.Field`… (RDS names the member: `Parameters.Parameter.1`), as records. */
export function queryList(params: URLSearchParams, prefix: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (let i = 1; ; i++) {
    const head = `${prefix}.${i}.`;
    const fields: Record<string, string> = {};
    for (const [k, v] of params) if (k.startsWith(head)) fields[k.slice(head.length)] = v;
    if (Object.keys(fields).length === 0) return out;
    out.push(fields);
  }
}

/** Query-protocol list items that are plain values: `Names.member.1`, `Names.member.2`… in order. */
export function queryValues(params: URLSearchParams, prefix: string): string[] {
  const out: string[] = [];
  for (let i = 1; params.has(`${prefix}.${i}`); i++) out.push(params.get(`${prefix}.${i}`)!);
  return out;
}

/** The epoch seconds the JSON protocols use for timestamps. */
export const epochSeconds = (d: Date): number => Math.floor(d.getTime() / 1000);

/**
 * A recorded answer (SDK-shaped, its timestamps ISO text) as a JSON protocol
 * carries it: the ISO text under every key `dateKey` matches becomes epoch seconds.
 */
export function withEpochSeconds(value: unknown, dateKey: RegExp, key = ''): unknown {
  if (typeof value === 'string' && dateKey.test(key) && !Number.isNaN(Date.parse(value))) return Date.parse(value) / 1000;
  if (Array.isArray(value)) return value.map((v) => withEpochSeconds(v, dateKey));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withEpochSeconds(v, dateKey, k)]));
  return value;
}

/**
 * An SDK-shaped structure as the query protocol's XML carries it: each field
 * an element of its own name, each list item a `<member>` (ELB, ELB v2), absent
 * fields left out. Timestamps stay ISO 8601 text, as the query APIs send them.
 */
export function queryXml(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => `<member>${queryXml(v)}</member>`).join('');
  if (value !== null && typeof value === 'object') {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `<${k}>${queryXml(v)}</${k}>`)
      .join('');
  }
  return esc(String(value));
}

/**
 * One page of `items`: at most `size` of them (all without a size) from where
 * `token` says, and the token of the next page while more remain. Tokens are
 * opaque to the SDK, so the fake's own `page-<offset>` serves every service.
 */
export function page<T>(items: readonly T[], token: string | null | undefined, size: number | undefined): { items: T[]; next?: string } {
  const start = token ? Number(token.slice('page-'.length)) : 0;
  const end = size === undefined ? items.length : start + size;
  return { items: items.slice(start, end), ...(end < items.length ? { next: `page-${end}` } : {}) };
}
