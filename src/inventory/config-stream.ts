import type { Readable } from 'node:stream';
import { JSONParser } from '@streamparser/json';
import { InputError, clip } from '../errors.js';
import { ConfigImport, type ImportedConfig } from './config-import.js';
import type { ResourceStore } from './config-store.js';
import { fromItem, fromRow, type ConfigDocument } from './config-map/document.js';
import { isRecord } from './config-map/cursor.js';

/** The arrays of items an AWS Config document can hold, by the key that holds them. */
const ITEM_ARRAYS = ['configurationItems', 'baseConfigurationItems', 'Results'] as const;
type ItemArray = (typeof ITEM_ARRAYS)[number];

/** How far into a document its kind is looked for: Config documents name their item array within the first few keys. */
const HEAD_BYTES = 64 * 1024;

/**
 * Whether the start of a JSON document is an AWS Config document's: an item
 * array key before any sealcheck `"format"` key. Only a guess from the head;
 * the streamed import checks the rest.
 */
export function looksLikeConfigDocument(head: string): boolean {
  const item = /"(?:configurationItems|baseConfigurationItems|Results)"\s*:\s*\[/.exec(head);
  if (!item) return false;
  const format = /"format"\s*:/.exec(head);
  return !format || item.index < format.index;
}

/** The first bytes of a text stream as a string (the stream is then destroyed). */
export async function headOf(input: Readable): Promise<string> {
  input.setEncoding('utf8');
  let head = '';
  try {
    for await (const chunk of input as AsyncIterable<string>) {
      head += chunk;
      if (head.length >= HEAD_BYTES) break;
    }
  } catch {
    // Unreadable: the whole-document read reports it with the file name.
    return '';
  } finally {
    input.destroy();
  }
  return head;
}

/**
 * Imports an AWS Config snapshot file, history file or API document from a
 * stream with a streaming JSON parser: each item is handed to the importer
 * as soon as it is parsed and then dropped, so a document of any size (one
 * line of gigabytes included) is read holding only what the store keeps in
 * memory (with the spool store, the table of newest items), never the
 * text or the parsed document. Errors name the file and the byte offset
 * (syntax) or the item's JSON pointer (content).
 */
export async function importConfigStream(input: Readable, file: string, store: ResourceStore): Promise<ImportedConfig> {
  const importer = new ConfigImport(file, store);
  const seen = new Set<ItemArray>();
  const counts: Record<ItemArray, number> = { configurationItems: 0, baseConfigurationItems: 0, Results: 0 };
  let fileMarkers = false;
  let root: Record<string, unknown> | undefined;
  let failure: unknown;
  const parser = new JSONParser({ paths: [...ITEM_ARRAYS.map((k) => `$.${k}.*`), '$'], keepStack: false });
  parser.onValue = ({ value, stack, parent }) => {
    if (failure !== undefined) return;
    try {
      if (stack.length === 0) {
        root = isRecord(value) ? value : undefined;
        return;
      }
      // The parser keeps every value an emitted ancestor (the root, for the few keys read from it) will hold:
      // an item is dropped from its array once handed over, so the document is never held, only the import.
      if (Array.isArray(parent)) parent.length = 0;
      const array = stack[1]?.key as ItemArray;
      seen.add(array);
      const pointer = `/${array}/${counts[array]++}`;
      if (array === 'Results') {
        importer.addRaw(pointer, () => fromRow(value, pointer, file));
        return;
      }
      if (isRecord(value) && ('ARN' in value || 'awsAccountId' in value)) fileMarkers = true;
      importer.addRaw(pointer, () => fromItem(value, pointer, file));
    } catch (error) {
      failure = error;
    }
  };
  parser.onError = (error) => {
    // The tokenizer counts the bytes it has read: the place of a syntax error, which its message does not give.
    const offset = (parser as unknown as { tokenizer?: { offset?: unknown } }).tokenizer?.offset;
    const at = typeof offset === 'number' && offset >= 0 ? ` at byte ${offset}` : '';
    failure ??= new InputError(`${file}: not valid JSON${at}: ${clip(error.message, 160)}`);
  };
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      parser.write(chunk);
      if (failure !== undefined) break;
      // The store writes as the items are mapped: a slow disk holds the parser back rather than filling memory.
      await importer.flush();
    }
    if (failure === undefined && !parser.isEnded) parser.end();
  } catch (error) {
    failure ??= new InputError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  } finally {
    input.destroy();
  }
  if (failure !== undefined) throw failure instanceof Error ? failure : new Error(String(failure));
  if (!root) throw new InputError(`${file}: /: not an AWS Config document`);
  if (Array.isArray(root.unprocessedResourceKeys)) importer.unprocessed(root.unprocessedResourceKeys.length);
  return importer.finishStream(...describeDocument(root, seen, fileMarkers, file));
}

/** The kind of document, once read: which item array it had, and for `configurationItems` whether it came from S3 delivery or the API. */
function describeDocument(root: Record<string, unknown>, seen: ReadonlySet<ItemArray>, fileMarkers: boolean, file: string): [ConfigDocument['kind'], string] {
  // The streamed items were taken out of their arrays; an array present but empty was never seen.
  const has = (k: ItemArray) => seen.has(k) || Array.isArray(root[k]);
  if (has('Results')) return ['aws-config-select', 'AWS Config advanced query results'];
  if (has('baseConfigurationItems')) return ['aws-config-api', 'AWS Config BatchGetResourceConfig items'];
  if (has('configurationItems')) {
    const isFile = 'fileVersion' in root || 'configSnapshotId' in root || fileMarkers;
    return isFile ? ['aws-config-file', 'AWS Config snapshot file'] : ['aws-config-api', 'AWS Config GetResourceConfigHistory items'];
  }
  throw new InputError(`${file}: /: not an AWS Config document (no configurationItems, baseConfigurationItems or Results)`);
}
