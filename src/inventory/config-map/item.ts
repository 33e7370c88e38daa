import type { CollectionError } from '../resource.js';
import { Cursor } from './cursor.js';

/** A relationship as Config records it (`relationshipName` in the API, `name` in snapshot files). */
export interface ConfigRelationship {
  resourceType?: string;
  resourceId?: string;
  resourceName?: string;
  name?: string;
}

/**
 * One configuration item in a single shape, whatever form it came in (snapshot file, API, advanced query).
 * `configuration` and `supplementary` are already decoded from JSON strings where the form encodes them.
 */
export interface ConfigItem {
  /** JSON pointer of the item in its document, e.g. `/configurationItems/12`. */
  pointer: string;
  resourceType: string;
  resourceId: string;
  resourceName?: string;
  arn?: string;
  accountId?: string;
  region?: string;
  status?: string;
  capturedAt?: string;
  /** Undefined when the form carries no tags (BatchGetResourceConfig). */
  tags?: Record<string, string>;
  relationships: ConfigRelationship[];
  configuration: unknown;
  supplementary: Record<string, unknown>;
}

/** What a mapper returns: the normalized properties, and envelope fields it knows better than the item. */
export interface MappedResource {
  properties: Record<string, unknown>;
  name?: string;
  resourceId?: string;
  arn?: string;
  region?: string;
}

/** What a mapper reads from: typed cursors on the item, and a place to record what Config does not hold. */
export class ItemReader {
  readonly errors: CollectionError[] = [];
  readonly configuration: Cursor;
  readonly supplementary: Cursor;

  constructor(
    readonly item: ConfigItem,
    readonly file: string,
  ) {
    this.configuration = new Cursor(item.configuration, `${item.pointer}/configuration`, file);
    this.supplementary = new Cursor(item.supplementary, `${item.pointer}/supplementaryConfiguration`, file);
  }

  /** A dotted path into `configuration`. */
  conf(...paths: string[]): Cursor {
    return this.configuration.first(...paths);
  }

  /** A key (and dotted path below it) in `supplementaryConfiguration`. */
  supp(...paths: string[]): Cursor {
    return this.supplementary.first(...paths);
  }

  /** Records that a property is absent because AWS Config does not hold it, so rules that need it say UNKNOWN. */
  notRecorded(property: string, message: string): void {
    if (this.errors.some((e) => e.property === property)) return;
    this.errors.push({ property, operation: `config:${this.item.resourceType}`, code: 'NotRecordedByConfig', message });
  }

  /** Related resources of one type, by id. */
  related(resourceType: string): ConfigRelationship[] {
    return this.item.relationships.filter((r) => r.resourceType === resourceType);
  }
}

/** Maps one configuration item of a supported type into the resource model. */
export type ConfigMapper = (reader: ItemReader) => MappedResource;

/** Sets `key` only when the value is known: absence must stay absence (UNKNOWN), not become null or false. */
export function put(props: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) props[key] = value;
}
