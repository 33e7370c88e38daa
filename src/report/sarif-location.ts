import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Result } from '../engine/result.js';
import { serviceOfType, shortTypeOf } from './facets.js';
import type { SnapshotIndex } from './snapshot-index.js';

/** Where a finding points in a repository: a relative path and a 1-based line. */
export interface SourceLocation {
  uri: string;
  line: number;
}

/** Maps a result to its place in a file of the repository, or `undefined` when it has none. */
export type Locate = (result: Result) => SourceLocation | undefined;

/** Names longer than this are cut in pseudo-paths (with a hash suffix to keep them distinct). */
const MAX_NAME_IN_PATH = 100;

/**
 * encodeURIComponent for text from inputs: a lone surrogate (which it rejects
 * with "URI malformed") becomes U+FFFD, as a URI cannot carry it; the message
 * and properties of the result still carry the original, JSON-escaped.
 */
export function encodeUriPart(value: string): string {
  return encodeURIComponent(value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));
}

function segment(value: string): string {
  return value === '' ? '-' : encodeUriPart(value);
}

/**
 * The documented pseudo-path for a resource that is not a line in a file of
 * the repository: `aws/<account>/<region>/<Service>/<Type>/<url-encoded name>`,
 * every segment percent-encoded so hostile names cannot add path segments or
 * schemes. Code scanning needs some relative file path on every result; this
 * one groups alerts by account, region and service in its file tree.
 */
export function pseudoPath(result: Result): string {
  const name = result.name || result.resourceId;
  const chars = [...name];
  const shown = chars.length > MAX_NAME_IN_PATH ? `${chars.slice(0, MAX_NAME_IN_PATH).join('')}~${result.fingerprint.slice(0, 8)}` : name;
  return ['aws', result.accountId, result.region, serviceOfType(result.resourceType), shortTypeOf(result.resourceType), shown].map(segment).join('/');
}

/** The nearest folder at or above `from` holding `.git`, else `from` itself. */
export function repositoryRoot(from: string): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(from);
    dir = parent;
  }
}

/** `file` relative to `root` as a URI reference (forward slashes, segments percent-encoded), or undefined when it lies outside. */
export function relativeInside(root: string, file: string): string | undefined {
  const rel = relative(root, resolve(file));
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.split(sep).map(encodeUriPart).join('/');
}

/**
 * Builds a {@link Locate} for a sealcheck snapshot file (JSON or NDJSON as
 * `writeSnapshot` writes them: one resource per line). Returns `undefined` when
 * the file cannot point at lines — gzipped, or outside the repository that
 * `repoRoot` (default: the git root above the current folder) names — so
 * results fall back to pseudo-paths.
 */
export function snapshotLocator(snapshotFile: string, index: SnapshotIndex, repoRoot = repositoryRoot(process.cwd())): Locate | undefined {
  if (snapshotFile.endsWith('.gz')) return undefined;
  const uri = relativeInside(repoRoot, snapshotFile);
  if (uri === undefined) return undefined;
  return (result) => {
    const line = index.lines.get(result.arn);
    return line === undefined ? undefined : { uri, line };
  };
}
