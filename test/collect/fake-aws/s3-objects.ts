import { createHash } from 'node:crypto';
import type { AccountState, BucketState } from './state.js';
import { nextHex } from './state.js';
import { el, empty, page, s3Error, xml, xmlText, type Reply } from './wire.js';

/**
 * S3 object calls, in memory: PutObject, GetObject, HeadObject, ListObjectsV2
 * and the multipart upload (CreateMultipartUpload, UploadPart,
 * CompleteMultipartUpload, AbortMultipartUpload), enough for sealcheck to keep
 * snapshots and results in a bucket. In a bucket whose default encryption is
 * SSE-KMS, S3 calls KMS with the caller's permissions: each reply names the
 * KMS actions that implies, so a test can hold the calls to the permissions
 * policy (AWS: "Using server-side encryption with AWS KMS keys", multipart
 * uploads need kms:Decrypt as well as kms:GenerateDataKey).
 */

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** The object operation a path-style request is, or undefined when it is not one (a bucket call). */
export function s3ObjectOperation(method: string, key: string, query: URLSearchParams): string | undefined {
  if (key === '') return method === 'GET' && query.get('list-type') === '2' ? 'ListObjectsV2' : undefined;
  if (method === 'POST' && query.has('uploads')) return 'CreateMultipartUpload';
  if (method === 'POST' && query.has('uploadId')) return 'CompleteMultipartUpload';
  if (method === 'PUT' && query.has('uploadId')) return 'UploadPart';
  if (method === 'DELETE' && query.has('uploadId')) return 'AbortMultipartUpload';
  return { PUT: 'PutObject', GET: 'GetObject', HEAD: 'HeadObject', DELETE: 'DeleteObject' }[method];
}

/** The body of a request the SDK framed as aws-chunked (a stream with a trailing checksum): the data without the framing. */
function unchunk(raw: Buffer, headers: Record<string, string | string[] | undefined>): Buffer {
  if (!String(headers['content-encoding'] ?? '').includes('aws-chunked')) return raw;
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', at);
    const size = parseInt(raw.subarray(at, eol).toString('latin1').split(';')[0]!, 16);
    if (!(size > 0)) return Buffer.concat(out);
    out.push(raw.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

const etagOf = (body: Buffer) => `"${createHash('md5').update(body).digest('hex')}"`;

/** KMS actions S3 performs for the caller on an SSE-KMS bucket, by operation. */
const KMS_IMPLIED: Record<string, string[]> = {
  PutObject: ['kms:GenerateDataKey'],
  CreateMultipartUpload: ['kms:GenerateDataKey'],
  UploadPart: ['kms:GenerateDataKey'],
  CompleteMultipartUpload: ['kms:Decrypt'],
  GetObject: ['kms:Decrypt'],
};

const withKms = (b: BucketState, operation: string, reply: Reply): Reply =>
  b.encryption?.algorithm === 'aws:kms' && (reply.status ?? 200) < 300 && KMS_IMPLIED[operation] ? { ...reply, implies: KMS_IMPLIED[operation] } : reply;

/** Answers an object operation (see {@link s3ObjectOperation}). */
export function s3Object(
  state: AccountState,
  operation: string,
  bucket: string,
  key: string,
  query: URLSearchParams,
  raw: Buffer,
  headers: Record<string, string | string[] | undefined>,
  pageSize: number | undefined,
): Reply | undefined {
  const b = state.buckets.get(bucket);
  if (!b) return operation === 'HeadObject' ? empty(404) : s3Error('NoSuchBucket', 404);
  const objects = (b.objects ??= new Map());
  const uploads = (state.uploads ??= new Map());
  const contentType = typeof headers['content-type'] === 'string' ? headers['content-type'] : undefined;
  const upload = () => {
    const u = uploads.get(query.get('uploadId') ?? '');
    return u && u.bucket === bucket && u.key === key ? u : undefined;
  };
  switch (operation) {
    case 'PutObject': {
      const body = unchunk(raw, headers);
      const etag = etagOf(body);
      objects.set(key, { body, etag, parts: 0, ...(contentType ? { contentType } : {}) });
      return withKms(b, operation, empty(200, { etag }));
    }
    case 'GetObject':
    case 'HeadObject': {
      const o = objects.get(key);
      if (!o) return operation === 'HeadObject' ? empty(404) : s3Error('NoSuchKey', 404);
      const meta = { etag: o.etag, 'content-length': String(o.body.length), 'content-type': o.contentType ?? 'binary/octet-stream' };
      return withKms(b, operation, { status: 200, body: operation === 'GetObject' ? o.body : '', headers: meta });
    }
    case 'ListObjectsV2': {
      const prefix = query.get('prefix') ?? '';
      const keys = [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
      const { items, next } = page(keys, query.get('continuation-token'), pageSize ?? Number(query.get('max-keys') ?? 1000));
      const contents = items.map((k) => `<Contents>${el('Key', k)}${el('Size', objects.get(k)!.body.length)}${el('ETag', objects.get(k)!.etag)}</Contents>`).join('');
      return xml(
        `<ListBucketResult xmlns="${NS}">${el('Name', bucket)}${el('Prefix', prefix)}${el('KeyCount', items.length)}<IsTruncated>${next !== undefined}</IsTruncated>${contents}${el('NextContinuationToken', next)}</ListBucketResult>`,
      );
    }
    case 'CreateMultipartUpload': {
      const id = `upload-${nextHex(state, 8)}`;
      uploads.set(id, { bucket, key, parts: new Map(), ...(contentType ? { contentType } : {}) });
      return withKms(b, operation, xml(`<InitiateMultipartUploadResult xmlns="${NS}">${el('Bucket', bucket)}${el('Key', key)}${el('UploadId', id)}</InitiateMultipartUploadResult>`));
    }
    case 'UploadPart': {
      const u = upload();
      if (!u) return s3Error('NoSuchUpload', 404);
      const body = unchunk(raw, headers);
      u.parts.set(Number(query.get('partNumber')), body);
      return withKms(b, operation, empty(200, { etag: etagOf(body) }));
    }
    case 'CompleteMultipartUpload': {
      const u = upload();
      if (!u) return s3Error('NoSuchUpload', 404);
      const numbers = [...raw.toString('utf8').matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map((m) => Number(xmlText(m[1]!, 'PartNumber')));
      if (numbers.length === 0 || numbers.some((n) => !u.parts.has(n))) return s3Error('InvalidPart', 400);
      const body = Buffer.concat(numbers.map((n) => u.parts.get(n)!));
      const etag = `"${createHash('md5').update(body).digest('hex')}-${numbers.length}"`;
      objects.set(key, { body, etag, parts: numbers.length, ...(u.contentType ? { contentType: u.contentType } : {}) });
      uploads.delete(query.get('uploadId')!);
      return withKms(b, operation, xml(`<CompleteMultipartUploadResult xmlns="${NS}">${el('Location', `/${bucket}/${key}`)}${el('Bucket', bucket)}${el('Key', key)}${el('ETag', etag)}</CompleteMultipartUploadResult>`));
    }
    case 'AbortMultipartUpload':
      if (!upload()) return s3Error('NoSuchUpload', 404);
      uploads.delete(query.get('uploadId')!);
      return empty(204);
    default:
      return undefined;
  }
}
