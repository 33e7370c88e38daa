import { InputError, clip } from '../../errors.js';
import type { SnapshotSourceKind } from '../resource.js';
import { Cursor, describe, isRecord } from './cursor.js';
import type { ConfigItem, ConfigRelationship } from './item.js';
import type { Rejections } from './rejections.js';

/** The items of one AWS Config document, in one shape, with where each came from. */
export interface ConfigDocument {
  kind: Extract<SnapshotSourceKind, 'aws-config-file' | 'aws-config-api' | 'aws-config-select'>;
  description: string;
  items: RawItem[];
  /** Resource keys AWS Config could not return (BatchGetResourceConfig `unprocessedResourceKeys`). */
  unprocessed: number;
}

/** An item before its configuration is decoded: decoding (and its errors) happens only for items that are mapped. */
export interface RawItem extends Omit<ConfigItem, 'configuration' | 'supplementary'> {
  rawConfiguration: unknown;
  rawSupplementary: unknown;
}

/** True for an AWS Config snapshot or history file, API items, or advanced query results. */
export function isConfigDocument(doc: unknown): boolean {
  return isRecord(doc) && (Array.isArray(doc.configurationItems) || Array.isArray(doc.baseConfigurationItems) || Array.isArray(doc.Results));
}

/**
 * The items of a document, in one shape. A malformed item is rejected into
 * `rejections` (with its pointer) and left out; only a document that is not
 * an AWS Config document at all is an error.
 */
export function readConfigDocument(doc: unknown, file: string, rejections: Rejections): ConfigDocument {
  if (!isRecord(doc)) throw new InputError(`${file}: /: not an AWS Config document`);
  const read = (list: unknown[], base: string, one: (raw: unknown, pointer: string, file: string) => RawItem): RawItem[] =>
    list.flatMap((raw, i) => rejections.attempt(`${base}/${i}`, () => one(raw, `${base}/${i}`, file)) ?? []);
  if (Array.isArray(doc.Results)) {
    const items = read(doc.Results, '/Results', fromRow);
    return { kind: 'aws-config-select', description: 'AWS Config advanced query results', items, unprocessed: 0 };
  }
  if (Array.isArray(doc.baseConfigurationItems)) {
    const items = read(doc.baseConfigurationItems, '/baseConfigurationItems', fromItem);
    const unprocessed = Array.isArray(doc.unprocessedResourceKeys) ? doc.unprocessedResourceKeys.length : 0;
    return { kind: 'aws-config-api', description: 'AWS Config BatchGetResourceConfig items', items, unprocessed };
  }
  if (Array.isArray(doc.configurationItems)) {
    const items = read(doc.configurationItems, '/configurationItems', fromItem);
    // Files delivered to S3 carry fileVersion and use ARN/awsAccountId; the API uses arn/accountId.
    const isFile = 'fileVersion' in doc || 'configSnapshotId' in doc || doc.configurationItems.some((it) => isRecord(it) && ('ARN' in it || 'awsAccountId' in it));
    return isFile
      ? { kind: 'aws-config-file', description: 'AWS Config snapshot file', items, unprocessed: 0 }
      : { kind: 'aws-config-api', description: 'AWS Config GetResourceConfigHistory items', items, unprocessed: 0 };
  }
  throw new InputError(`${file}: /: not an AWS Config document (no configurationItems, baseConfigurationItems or Results)`);
}

/** One advanced-query row (an object, or JSON text of one) as an item. */
export function fromRow(row: unknown, pointer: string, file: string): RawItem {
  if (typeof row !== 'string') return fromItem(row, pointer, file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(row);
  } catch {
    throw new InputError(`${file}: ${pointer}: not valid JSON (${clip(row, 60)})`);
  }
  return fromItem(parsed, pointer, file);
}

/** One configuration item as read from a document, before its configuration is decoded. */
export function fromItem(raw: unknown, pointer: string, file: string): RawItem {
  if (!isRecord(raw)) throw new InputError(`${file}: ${pointer}: expected a configuration item object, got ${describe(raw)}`);
  const c = new Cursor(raw, pointer, file);
  const resourceType = c.at('resourceType').str();
  if (!resourceType) throw new InputError(`${file}: ${pointer}/resourceType: missing`);
  const resourceId = c.at('resourceId').str();
  if (!resourceId) throw new InputError(`${file}: ${pointer}/resourceId: missing`);
  const item: RawItem = {
    pointer,
    resourceType,
    resourceId,
    relationships: relationships(c.at('relationships')),
    rawConfiguration: raw.configuration,
    rawSupplementary: raw.supplementaryConfiguration,
  };
  setIf(item, 'resourceName', c.at('resourceName').str());
  setIf(item, 'arn', c.first('ARN', 'arn').str());
  setIf(item, 'accountId', c.first('awsAccountId', 'accountId').str());
  setIf(item, 'region', c.at('awsRegion').str());
  setIf(item, 'status', c.at('configurationItemStatus').str());
  const captured = c.at('configurationItemCaptureTime').date();
  // Normalized so that capture times compare as strings.
  if (captured) item.capturedAt = new Date(captured).toISOString();
  const tags = readTags(c.at('tags'));
  if (tags) item.tags = tags;
  return item;
}

function setIf<K extends keyof RawItem>(item: RawItem, key: K, value: RawItem[K] | null | undefined): void {
  if (value !== undefined && value !== null && value !== '') item[key] = value;
}

/** Tags as a map (files, history API) or as `[{key, value}]` (advanced query). Built with fromEntries so no key can reach a prototype. */
function readTags(c: Cursor): Record<string, string> | undefined {
  if (c.missing) return undefined;
  if (c.value === null) return {};
  if (Array.isArray(c.value)) {
    return Object.fromEntries(
      (c.list() ?? []).map((t) => [t.first('key', 'Key').str() ?? t.wrong('a tag with a key'), t.first('value', 'Value').str() ?? '']),
    );
  }
  const obj = c.object() ?? {};
  return Object.fromEntries(Object.keys(obj).map((k) => [k, c.at(k).str() ?? '']));
}

function relationships(c: Cursor): ConfigRelationship[] {
  return (c.list() ?? []).map((r) => {
    const out: ConfigRelationship = {};
    const type = r.at('resourceType').str();
    const id = r.at('resourceId').str();
    const name = r.at('resourceName').str();
    const relName = r.first('relationshipName', 'name').str();
    if (type) out.resourceType = type;
    if (id) out.resourceId = id;
    if (name) out.resourceName = name;
    if (relName) out.name = relName;
    return out;
  });
}

/** `configuration`: an object in files and query results, a JSON string in the API. */
export function decodeConfiguration(item: RawItem, file: string): unknown {
  const raw = item.rawConfiguration;
  if (typeof raw !== 'string') {
    if (raw !== undefined && raw !== null && !isRecord(raw)) {
      throw new InputError(`${file}: ${item.pointer}/configuration: expected an object or a JSON string, got ${describe(raw)}`);
    }
    return raw;
  }
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed !== null && !isRecord(parsed)) throw new Error('not an object');
    return parsed;
  } catch {
    throw new InputError(`${file}: ${item.pointer}/configuration: not valid JSON`);
  }
}

/** `supplementaryConfiguration`: values are objects in files, JSON strings in the API, and some (S3 ACLs) are JSON strings everywhere. */
export function decodeSupplementary(item: RawItem, file: string): Record<string, unknown> {
  const raw = item.rawSupplementary;
  if (raw === undefined || raw === null) return {};
  if (!isRecord(raw)) throw new InputError(`${file}: ${item.pointer}/supplementaryConfiguration: expected an object, got ${describe(raw)}`);
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, decodeValue(v)]));
}

function decodeValue(value: unknown): unknown {
  let v = value;
  // At most twice: the API encodes each value once more on top of values that were already JSON text.
  for (let i = 0; i < 2 && typeof v === 'string'; i++) {
    const text = v.trim();
    if (!/^[{["]|^(true|false|null|-?\d)/.test(text)) break;
    try {
      v = JSON.parse(text);
    } catch {
      break;
    }
  }
  return v;
}
