import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputError, UsageError, clip } from '../errors.js';
import { isStdin } from '../util/bounded-read.js';
import { compileGlob, hasWildcard, matchGlob } from '../util/glob.js';
import { isS3Location, keyName } from '../util/storage/location.js';
import { listObjects } from '../util/storage/s3-objects.js';
import { REFERENCED } from './referenced-types.js';
import { MAX_LISTED_REJECTIONS, type Resource, type ScopedCollectionError, type SnapshotHeader } from './resource.js';
import { ALL_REGIONS, GLOBAL_REGION, OWN_ACCOUNT, PLANNER_VERSION, unitsOfPart, type ShardHeader } from './shard-plan.js';
import { openSnapshotFile, type InventorySource, type OpenOptions, type SnapshotFile } from './snapshot-read.js';

const SNAPSHOT_FILE = /\.(json|ndjson|jsonl)(\.gz)?$/;
async function kindOf(path: string): Promise<'file' | 'folder' | 'missing' | 'other'> {
  try {
    const s = await stat(path);
    return s.isFile() ? 'file' : s.isDirectory() ? 'folder' : 'other';
  } catch {
    return 'missing';
  }
}

async function filesIn(folder: string, match: (name: string) => boolean): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  return entries.filter((e) => e.isFile() && match(e.name)).map((e) => join(folder, e.name)).sort();
}

/**
 * The snapshot objects an s3:// value names: a prefix (ending in `/`, like a
 * folder) gives the snapshot objects directly under it, a glob in the last
 * segment the objects it matches, anything else is one object.
 */
async function s3Parts(location: string): Promise<string[]> {
  const name = keyName(location);
  if (name !== '' && !hasWildcard(name)) return [location];
  const prefix = location.slice(0, location.length - name.length);
  const pattern = name === '' ? undefined : compileGlob(name);
  const found = (await listObjects(prefix)).filter((uri) => {
    const rest = uri.slice(prefix.length);
    return !rest.includes('/') && (pattern ? matchGlob(pattern, rest) : SNAPSHOT_FILE.test(rest));
  });
  if (found.length === 0) throw new InputError(`${clip(location, 200)}: ${pattern ? 'matches no object' : 'the prefix holds no snapshot object (.json, .ndjson, .jsonl, optionally .gz)'}`);
  return found;
}

/**
 * The snapshot files a `--snapshot` value names: files, folders (their
 * snapshot files: .json, .ndjson, .jsonl, each optionally .gz) and globs
 * (`*`, `?`) in the last path segment, in that order, each folder's and glob's files sorted.
 * An s3:// location is an object, a prefix ending in `/` (its snapshot objects) or a glob.
 * Standard input only alone. A folder or glob that names nothing is an error.
 */
export async function expandParts(paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) throw new UsageError('--snapshot: no file given');
  if (paths.length > 1 && paths.some(isStdin)) throw new UsageError('--snapshot: standard input (-) cannot be combined with other parts');
  const files: string[] = [];
  for (const path of paths) {
    if (isStdin(path)) {
      files.push(path);
      continue;
    }
    if (isS3Location(path)) {
      files.push(...(await s3Parts(path)));
      continue;
    }
    const kind = await kindOf(path);
    if (kind === 'folder') {
      const found = await filesIn(path, (n) => SNAPSHOT_FILE.test(n));
      if (found.length === 0) throw new InputError(`${path}: the folder holds no snapshot file (.json, .ndjson, .jsonl, optionally .gz)`);
      files.push(...found);
    } else if (kind === 'missing' && hasWildcard(basename(path))) {
      const dir = dirname(path);
      if (hasWildcard(dir)) throw new UsageError(`--snapshot: "${clip(path, 80)}": wildcards only in the file name, not in folders`);
      const pattern = compileGlob(basename(path));
      const found = (await kindOf(dir)) === 'folder' ? await filesIn(dir, (n) => matchGlob(pattern, n)) : [];
      if (found.length === 0) throw new InputError(`${path}: matches no file`);
      files.push(...found);
    } else {
      // A plain file (or something that is not one: the reader says what is wrong with it).
      files.push(path);
    }
  }
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f)) throw new UsageError(`--snapshot: ${f} is given twice`);
    seen.add(f);
  }
  return files;
}


/** How many parts are held open at once to read their heads first; well below the usual limit of 1,024 open files. */
const MAX_OPEN_PARTS = 256;

/** One part: its file and header. */
interface Part {
  file: string;
  header: SnapshotHeader;
}

const describeShard = (s: ShardHeader) => `shard ${s.index} of ${s.count}${s.run ? ` of run ${s.run}` : ''}`;

/** Parts of different sharded collections, or sharded and unsharded parts together, cannot be merged. */
function checkOneSet(parts: readonly Part[]): ShardHeader | undefined {
  const first = parts[0]!;
  const sharded = parts.find((p) => p.header.shard);
  if (!sharded) return undefined;
  const plain = parts.find((p) => !p.header.shard);
  if (plain) throw new InputError(`${plain.file}: /header/shard: not part of a sharded collection, but ${sharded.file} is ${describeShard(sharded.header.shard!)}: parts of different collections`);
  const ref = sharded.header.shard!;
  if (ref.planner !== PLANNER_VERSION) throw new InputError(`${sharded.file}: /header/shard/planner: planned by version ${ref.planner}; this sealcheck plans with version ${PLANNER_VERSION}`);
  const byIndex = new Map<number, string>();
  for (const p of parts) {
    const s = p.header.shard!;
    if (s.count !== ref.count) throw new InputError(`${p.file}: /header/shard/count: ${describeShard(s)}, but ${first.file} is ${describeShard(ref)}: parts of different collections`);
    if (s.run !== ref.run) throw new InputError(`${p.file}: /header/shard/run: ${describeShard(s)}, but ${first.file} is ${describeShard(ref)}: parts of different runs`);
    if (s.planner !== ref.planner || JSON.stringify(s.scope) !== JSON.stringify(ref.scope)) {
      throw new InputError(`${p.file}: /header/shard/scope: planned over other accounts, regions or services than ${first.file}: parts of different collections`);
    }
    const other = byIndex.get(s.index);
    if (other !== undefined) throw new InputError(`${p.file}: /header/shard/index: ${describeShard(s)} is also ${other}`);
    byIndex.set(s.index, p.file);
    if (JSON.stringify(s.units) !== JSON.stringify(unitsOfPart(s.scope, s.index, s.count))) {
      throw new InputError(`${p.file}: /header/shard/units: not the units the plan gives ${describeShard(s)}`);
    }
  }
  return ref;
}

/**
 * A collection error for every unit of every part the set lacks: what it
 * would have read was not read. They carry the account, region and service,
 * so a report says where the inventory has a hole and `--strict` exits 3.
 */
export function missingPartErrors(shard: ShardHeader, present: ReadonlySet<number>, accounts: readonly string[]): ScopedCollectionError[] {
  const errors: ScopedCollectionError[] = [];
  // The credentials' own account is named by the parts that read it.
  const own = accounts.length === 1 ? accounts[0] : undefined;
  for (let index = 1; index <= shard.count; index++) {
    if (present.has(index)) continue;
    for (const unit of unitsOfPart(shard.scope, index, shard.count)) {
      const accountId = unit.account === OWN_ACCOUNT ? own : unit.account;
      const where = unit.region === GLOBAL_REGION ? '' : unit.region === ALL_REGIONS ? ' in every region' : ` in ${unit.region}`;
      errors.push({
        operation: 'sealcheck:collect',
        code: 'MissingShard',
        message: `shard ${index} of ${shard.count}${shard.run ? ` of run ${shard.run}` : ''} is missing: ${unit.service}${where} was not collected`,
        ...(accountId ? { accountId } : {}),
        ...(unit.region !== GLOBAL_REGION && unit.region !== ALL_REGIONS ? { region: unit.region } : {}),
        service: unit.service,
      });
    }
  }
  return errors;
}

const union = (lists: readonly (readonly string[])[]): string[] => [...new Set(lists.flat())].sort();

function sumCounts(records: readonly (Record<string, number> | undefined)[]): Record<string, number> {
  const out: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const r of records) for (const [k, v] of Object.entries(r ?? {})) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** One header for the merged inventory: accounts, regions, errors, counts of every part; the latest capture time. */
function mergeHeaders(parts: readonly Part[], extraErrors: readonly ScopedCollectionError[]): SnapshotHeader {
  const headers = parts.map((p) => p.header);
  const first = headers[0]!;
  const kinds = new Set(headers.map((h) => h.source.kind));
  const capturedAt = headers.map((h) => h.capturedAt).reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
  const skipped = sumCounts(headers.map((h) => h.skipped));
  const rejectedCount = headers.reduce((n, h) => n + (h.rejected?.count ?? 0), 0);
  const header: SnapshotHeader = {
    source: { kind: kinds.size === 1 ? first.source.kind : 'aws-api', description: `${parts.length} snapshot parts merged` },
    capturedAt,
    accounts: union(headers.map((h) => h.accounts)),
    regions: union(headers.map((h) => h.regions)),
    errors: [...headers.flatMap((h) => h.errors), ...extraErrors],
    ...(Object.keys(skipped).length ? { skipped } : {}),
    ...(rejectedCount > 0 ? { rejected: { count: rejectedCount, items: headers.flatMap((h) => h.rejected?.items ?? []).slice(0, MAX_LISTED_REJECTIONS) } } : {}),
    ...(first.tool ? { tool: first.tool } : {}),
    referencedFirst: headers.every((h) => h.referencedFirst === true),
  };
  return header;
}

/**
 * Several snapshot files read as one inventory, one file after another:
 * resources deduplicated by ARN (the first part that holds one wins), headers
 * merged. When every part lists referenced resources first, the merged stream
 * does too (the heads of all parts, then the rest of each), so a scan still
 * reads it in one pass. A sharded set is checked to be one set; a missing part
 * becomes collection errors.
 */
export class SnapshotParts {
  private constructor(
    readonly files: readonly string[],
    private readonly opened: readonly SnapshotFile[],
    private readonly header: SnapshotHeader,
    private readonly missing: readonly ScopedCollectionError[],
  ) {}

  /** Reads every part's header and checks that the parts belong together. */
  static async open(files: readonly string[]): Promise<SnapshotParts> {
    const parts: Part[] = [];
    const opened: SnapshotFile[] = [];
    for (const file of files) {
      const part = await openSnapshotFile(file);
      const source = await part.read({ onlyTypes: new Set() });
      await source.close?.();
      opened.push(part);
      parts.push({ file, header: source.header });
    }
    const shard = checkOneSet(parts);
    const accounts = union(parts.map((p) => p.header.accounts));
    const missing = shard ? missingPartErrors(shard, new Set(parts.map((p) => p.header.shard!.index)), accounts) : [];
    return new SnapshotParts(files, opened, parts.length === 1 ? parts[0]!.header : mergeHeaders(parts, missing), missing);
  }

  /** Removes what the parts left on disk (AWS Config imports' spools); the parts cannot be read afterwards. */
  close(): void {
    for (const part of this.opened) part.close?.();
  }

  /** Opens the merged inventory from the start (a scan may read it twice). */
  async read(options: OpenOptions = {}): Promise<InventorySource> {
    if (this.opened.length === 1) {
      const source = await this.opened[0]!.read(options);
      if (this.missing.length > 0) source.header = { ...source.header, errors: [...source.header.errors, ...this.missing] };
      return source;
    }
    const unsupported: Record<string, number> = sumCounts([]);
    const seen = new Set<string>();
    const opened = this.opened;
    // Reading the heads first keeps every part open at once: past MAX_OPEN_PARTS the scan reads the parts twice instead.
    const headFirst = this.header.referencedFirst === true && options.onlyTypes === undefined && opened.length <= MAX_OPEN_PARTS;
    const addCounts = (from: Record<string, number>) => {
      for (const [k, v] of Object.entries(from)) unsupported[k] = (unsupported[k] ?? 0) + v;
    };
    async function* resources(): AsyncIterable<Resource> {
      const first = (r: Resource): boolean => {
        if (seen.has(r.arn)) return false;
        seen.add(r.arn);
        return true;
      };
      if (!headFirst) {
        for (const file of opened) {
          const source = await file.read(options);
          for await (const r of source.resources) if (first(r)) yield r;
          addCounts(source.unsupported);
        }
        return;
      }
      // Every part is opened and read up to its first resource of another type; the parts stay open, and
      // the rest of each is read from there: each part is read once, and at most one resource a part is held.
      const open: { source: InventorySource; rest: AsyncIterator<Resource>; held?: Resource; done: boolean }[] = [];
      try {
        for (const file of opened) {
          const source = await file.read();
          const rest = source.resources[Symbol.asyncIterator]();
          const part: (typeof open)[number] = { source, rest, done: false };
          open.push(part);
          for (let next = await rest.next(); ; next = await rest.next()) {
            if (next.done) {
              part.done = true;
              break;
            }
            if (!REFERENCED.has(next.value.resourceType)) {
              part.held = next.value;
              break;
            }
            if (first(next.value)) yield next.value;
          }
        }
        for (const part of open) {
          if (part.held && first(part.held)) yield part.held;
          part.held = undefined;
          while (!part.done) {
            const next = await part.rest.next();
            if (next.done) part.done = true;
            else if (first(next.value)) yield next.value;
          }
          addCounts(part.source.unsupported);
        }
      } finally {
        // A reader that stops early (an error, a scan starting over) leaves no part open.
        for (const part of open) if (!part.done) await part.rest.return?.();
      }
    }
    return { header: { ...this.header, unsupported, referencedFirst: headFirst }, resources: resources(), unsupported };
  }
}
