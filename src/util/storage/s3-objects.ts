import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { InputError, OutputError, clip } from '../../errors.js';
import { parseS3Location, s3Uri, type S3Location } from './location.js';

/**
 * Reads and writes of snapshots and results in Amazon S3. Region and
 * credentials come from the SDK's default chain (AWS_REGION, AWS_PROFILE, a
 * role); the endpoint from SEALCHECK_S3_ENDPOINT, else the SDK's own
 * AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL. The SDK is loaded only when a run
 * names an s3:// location, so a scan of local files starts as fast as before.
 */

/** The environment variable that points sealcheck's S3 reads and writes at another endpoint (an S3-compatible store, the tests' fake). */
export const S3_ENDPOINT_VARIABLE = 'SEALCHECK_S3_ENDPOINT';

/** The part size of a multipart upload: S3's minimum; a snapshot larger than one part goes up in parts. */
export const PART_BYTES = 5 * 2 ** 20;

// One client per endpoint for the process: a scan of many parts opens each several times, and a new client would resolve the credentials each time.
const clients = new Map<string, Promise<S3Client>>();

async function s3Client(): Promise<S3Client> {
  const endpoint = process.env[S3_ENDPOINT_VARIABLE] || undefined;
  const cacheKey = endpoint ?? '';
  let client = clients.get(cacheKey);
  if (!client) {
    client = import('@aws-sdk/client-s3').then(
      ({ S3Client: Client }) =>
        new Client({
          // An endpoint given by the user is usually an S3-compatible store or a test stand-in, addressed by path.
          ...(endpoint ? { endpoint, forcePathStyle: true } : process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL ? { forcePathStyle: true } : {}),
          followRegionRedirects: true,
        }),
    );
    clients.set(cacheKey, client);
  }
  return client;
}

/** Why an S3 call failed, in a few words: the bucket or key missing, access denied (with the permission it needs), or the SDK's code. */
function cause(error: unknown, needs: string): string {
  const e = error as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  if (e.name === 'NoSuchBucket') return 'no such bucket';
  if (e.name === 'NoSuchKey' || e.name === 'NotFound' || status === 404) return 'not found (no such bucket or key)';
  if (e.name === 'AccessDenied' || e.name === 'Forbidden' || status === 403) return `access denied (needs ${needs}; see policies/sealcheck-s3-storage.json)`;
  if (e.code) return clip(e.code, 60);
  return clip(`${e.name ?? 'error'}: ${e.message ?? ''}`, 160);
}

const readError = (uri: string, error: unknown, needs = 's3:GetObject'): InputError =>
  error instanceof InputError ? error : new InputError(`${clip(uri, 200)}: cannot read (${cause(error, needs)})`);

/** The object's size; a missing bucket or key, or no permission, is an InputError naming the location. */
export async function headObject(uri: string): Promise<{ bytes: number }> {
  const where = parseS3Location(uri);
  const { HeadObjectCommand } = await import('@aws-sdk/client-s3');
  try {
    const head = await (await s3Client()).send(new HeadObjectCommand({ Bucket: where.bucket, Key: where.key }));
    return { bytes: head.ContentLength ?? 0 };
  } catch (error) {
    throw readError(uri, error);
  }
}

/**
 * The object's bytes as a stream, read only as fast as they are consumed.
 * Failures (missing object, access denied, a broken connection) reach the
 * consumer as an InputError naming the location. Destroying the stream stops the download.
 */
export function openObjectStream(uri: string): Readable {
  const out = new PassThrough({ highWaterMark: 2 ** 20 });
  const stop = new AbortController();
  out.once('close', () => stop.abort());
  void (async () => {
    try {
      const where = parseS3Location(uri);
      const { GetObjectCommand } = await import('@aws-sdk/client-s3');
      const answer = await (await s3Client()).send(new GetObjectCommand({ Bucket: where.bucket, Key: where.key }), { abortSignal: stop.signal });
      const body = answer.Body as Readable | undefined;
      if (!body) throw new InputError(`${clip(uri, 200)}: cannot read (S3 answered without a body)`);
      await pipeline(body, out);
    } catch (error) {
      // A consumer that stopped early (a head read) needs no error.
      if (!stop.signal.aborted) out.destroy(readError(uri, error));
    }
  })();
  return out;
}

/** The object's bytes, refusing more than `limit`. */
export async function readObjectBytes(uri: string, limit: number, tooLarge: (bytes: number) => InputError): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  const input = openObjectStream(uri);
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      length += chunk.length;
      if (length > limit) throw tooLarge(length);
      parts.push(chunk);
    }
  } finally {
    input.destroy();
  }
  return Buffer.concat(parts);
}

/** Every object under a prefix (`s3://bucket/run/`), as s3:// locations sorted by key; an empty list when there is none. */
export async function listObjects(prefix: string): Promise<string[]> {
  const where = parseS3Location(prefix);
  const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
  const client = await s3Client();
  const keys: string[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: where.bucket, Prefix: where.key, ...(token ? { ContinuationToken: token } : {}) }));
      for (const o of page.Contents ?? []) {
        if (o.Key === undefined) throw new InputError(`${clip(prefix, 200)}: cannot list (ListObjectsV2 answered an object without a key)`);
        keys.push(o.Key);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
      if (page.IsTruncated && !token) throw new InputError(`${clip(prefix, 200)}: cannot list (a truncated ListObjectsV2 page without a continuation token)`);
    } while (token);
  } catch (error) {
    throw readError(prefix, error, 's3:ListBucket');
  }
  return keys.sort().map((key) => s3Uri({ bucket: where.bucket, key }));
}

/**
 * Uploads a body to `uri`: one PutObject up to {@link PART_BYTES}, a multipart
 * upload above. S3 makes the object appear whole or not at all: a multipart
 * upload that fails (a part refused, the body's stream failing) is aborted, so
 * no parts are left to pay for and no object appears. An upload is one object:
 * several uploads are not one atomic set.
 */
export async function uploadObject(uri: string, body: Readable | Buffer | string, contentType?: string): Promise<void> {
  const where: S3Location = parseS3Location(uri);
  if (where.key === '' || where.key.endsWith('/')) throw new OutputError(`${clip(uri, 200)}: names a prefix, not an object`);
  const { Upload } = await import('@aws-sdk/lib-storage');
  const upload = new Upload({
    client: await s3Client(),
    params: { Bucket: where.bucket, Key: where.key, Body: body, ...(contentType ? { ContentType: contentType } : {}) },
    partSize: PART_BYTES,
    queueSize: 4,
    leavePartsOnError: false,
  });
  try {
    await upload.done();
  } catch (error) {
    if (error instanceof InputError || error instanceof OutputError) throw error;
    throw new OutputError(`${clip(uri, 200)}: cannot write (${cause(error, 's3:PutObject')})`);
  }
}
