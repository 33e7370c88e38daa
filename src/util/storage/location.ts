import { UsageError, clip } from '../../errors.js';

/** An object (or a prefix, when the key is empty or ends in `/`) in Amazon S3. */
export interface S3Location {
  bucket: string;
  key: string;
}

const SCHEME = 's3://';

/** Whether an input or output names an S3 location (`s3://bucket/key`) rather than a local path. */
export const isS3Location = (location: string): boolean => location.startsWith(SCHEME);

// S3's own bucket naming rules, loosely: a typo'd scheme or host is caught here, not by a confusing SDK error.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Splits `s3://bucket/key`; a missing or invalid bucket name is a usage error naming the location. */
export function parseS3Location(location: string): S3Location {
  const rest = location.slice(SCHEME.length);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const key = slash < 0 ? '' : rest.slice(slash + 1);
  if (!BUCKET.test(bucket)) throw new UsageError(`${clip(location, 200)}: "${clip(bucket, 80)}" is not an S3 bucket name (s3://bucket/key)`);
  return { bucket, key };
}

/** The `s3://` form of a location. */
export const s3Uri = (location: S3Location): string => `${SCHEME}${location.bucket}/${location.key}`;

/** The last segment of a key, as `basename` gives it for a path. */
export const keyName = (key: string): string => key.slice(key.lastIndexOf('/') + 1);

/**
 * A location inside a prefix: `s3://b/run/` + `results.json` is `s3://b/run/results.json`;
 * a prefix without the final slash gains one, as a folder would.
 */
export function s3Join(prefix: string, name: string): string {
  return prefix.endsWith('/') ? `${prefix}${name}` : `${prefix}/${name}`;
}
