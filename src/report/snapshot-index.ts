import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { inputRecord } from '../util/own.js';

/** What reports can learn from the snapshot a scan read: where each resource sits, and its tags. */
export interface SnapshotIndex {
  /** 1-based line of each resource by ARN (sealcheck snapshots hold one resource per line). */
  lines: Map<string, number>;
  /** Tags by ARN (results do not carry them; the HTML report shows and searches them). */
  tags: Map<string, Record<string, string>>;
}

interface LineResource {
  arn?: unknown;
  resourceType?: unknown;
  tags?: unknown;
}

/** The resource on one line of a sealcheck snapshot (JSON array items end in a comma), if the line holds one. */
function resourceOfLine(line: string): LineResource | undefined {
  const text = line.trim().replace(/,$/, '');
  if (!text.startsWith('{') || !text.includes('"arn"')) return undefined;
  try {
    const value = JSON.parse(text) as LineResource;
    return typeof value.arn === 'string' && typeof value.resourceType === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function stringTags(tags: unknown): Record<string, string> | undefined {
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) return undefined;
  const out = inputRecord<string>();
  for (const [k, v] of Object.entries(tags)) if (typeof v === 'string') out[k] = v;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Reads a sealcheck snapshot (JSON, NDJSON, gzipped or not) line by line and
 * indexes its resources. A snapshot in another layout (one JSON document on one
 * line, an AWS Config file) yields an empty index, and reports fall back to
 * pseudo-paths and no tags; an unreadable file yields `undefined`. With
 * `wanted`, only those ARNs are indexed (the resources reports show), so the
 * index never grows with the inventory.
 */
export async function indexSnapshot(file: string, wanted?: ReadonlySet<string>): Promise<SnapshotIndex | undefined> {
  const lines = new Map<string, number>();
  const tags = new Map<string, Record<string, string>>();
  const raw = createReadStream(file);
  let input: Readable = raw;
  if (file.endsWith('.gz')) {
    const gunzip = createGunzip();
    // pipe() does not forward errors: a missing file must end the read, not crash the process.
    raw.on('error', (error) => gunzip.destroy(error));
    input = raw.pipe(gunzip);
  }
  try {
    let n = 0;
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      n++;
      const resource = resourceOfLine(line);
      if (!resource) continue;
      const arn = resource.arn as string;
      if (wanted && !wanted.has(arn)) continue;
      if (!lines.has(arn)) lines.set(arn, n);
      const t = stringTags(resource.tags);
      if (t) tags.set(arn, t);
    }
  } catch {
    return undefined;
  }
  return { lines, tags };
}
