/**
 * The resource model: an envelope in the AWS Config style around a normalized
 * `properties` object whose shape is fixed per resource type by a JSON Schema
 * in `src/inventory/schemas/`.
 *
 * Absence is meaningful: a property that is missing from `properties` was not
 * collected (access denied, API error, not in the source), and rules that need
 * it yield UNKNOWN. A property that is `null` was collected and is empty
 * (a bucket with no policy, a volume with no key).
 */

import type { ShardHeader } from './shard-plan.js';

/** A failure to collect something, kept as data so that no gap is silent. */
export interface CollectionError {
  /** Dotted property path that is missing because of this error; absent when the whole resource or service is affected. */
  property?: string;
  /** The API operation that failed, e.g. `s3:GetBucketPolicy`. */
  operation: string;
  /** The error code AWS returned (`AccessDenied`, `ThrottlingException`, …) or one of ours (`Timeout`, `NotRecorded`). */
  code: string;
  message: string;
}

/** What makes two collection errors the same kind of gap: the call, the property it leaves unknown, the answer. */
export const collectionErrorKind = (e: Pick<CollectionError, 'operation' | 'property' | 'code'>): string => `${e.operation}|${e.property ?? ''}|${e.code}`;

/** A collection error that concerns a scope rather than one resource (a region, a service, an account). */
export interface ScopedCollectionError extends CollectionError {
  accountId?: string;
  region?: string;
  service?: string;
  resourceArn?: string;
  /** This entry stands for the same error on this many resources: their own copies are not listed again. */
  resources?: number;
}

/** One AWS resource, or one account- or region-level setting modelled as a resource. */
export interface Resource {
  /** AWS CloudFormation / Config type name, e.g. `AWS::S3::Bucket`. */
  resourceType: string;
  resourceId: string;
  arn: string;
  accountId: string;
  /** AWS region code; `global` for account-wide settings without a region. */
  region: string;
  /** Human name when the resource has one (bucket name, key alias, DB identifier). */
  name?: string;
  tags: Record<string, string>;
  properties: Record<string, unknown>;
  /** Collection errors that made properties of this resource absent. */
  errors?: CollectionError[];
}

/** A source item left out of the inventory because it could not be read: where it is, and why. */
export interface RejectedItem {
  /** The file that held the item. */
  file: string;
  /** JSON pointer of the item in that file, e.g. `/configurationItems/12`. */
  pointer: string;
  /** What was wrong with it, naming the exact place inside the item. */
  message: string;
}

/** Items rejected while reading a source: all of them counted, the first {@link MAX_LISTED_REJECTIONS} listed. */
export interface RejectedItems {
  count: number;
  items: RejectedItem[];
}

/** How many rejected items a header lists; the rest are only counted, so one broken export cannot bloat every report. */
export const MAX_LISTED_REJECTIONS = 100;

/** Where an inventory came from. */
export type SnapshotSourceKind = 'aws-api' | 'aws-config-file' | 'aws-config-api' | 'aws-config-select' | 'synthetic' | 'fixture';

/** The header of a snapshot: what was captured, from where, when, and what could not be seen. */
export interface SnapshotHeader {
  source: { kind: SnapshotSourceKind; description?: string; file?: string };
  capturedAt: string;
  accounts: string[];
  regions: string[];
  /** Errors that are not tied to one resource (and copies of per-resource ones, for the run summary). */
  errors: ScopedCollectionError[];
  /** Resource types present in the source that sealcheck does not model, with counts. */
  unsupported?: Record<string, number>;
  /** Items skipped on purpose (e.g. deleted or not recorded in AWS Config), with counts by reason. */
  skipped?: Record<string, number>;
  /** Source items that could not be read (malformed), left out so the rest can be scanned; `--strict` makes them exit 3. */
  rejected?: RejectedItems;
  tool?: { name: string; version: string };
  /** The resources others refer to come first (see referenced-types.ts): a streamed scan reads the file once. */
  referencedFirst?: boolean;
  /** A part of a sharded collection: which part of which run, and the units of work it collected. */
  shard?: ShardHeader;
}

/** The sealcheck snapshot: an inventory on disk. */
export interface Snapshot {
  format: 'sealcheck-snapshot';
  version: 1;
  header: SnapshotHeader;
  resources: Resource[];
}

export const SNAPSHOT_FORMAT = 'sealcheck-snapshot';
export const SNAPSHOT_VERSION = 1;
