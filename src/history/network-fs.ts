import { statfsSync, readFileSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';

/**
 * File systems on which SQLite's file locking does not hold (the SQLite FAQ
 * and "How To Corrupt An SQLite Database File" say so for network file
 * systems): `statfs` magic numbers from Linux's magic.h, and the type names
 * /proc/mounts gives for the same and for FUSE network mounts.
 */
const NETWORK_MAGIC: ReadonlyMap<number, string> = new Map([
  [0x6969, 'nfs'],
  [0x517b, 'smb'],
  [0xff534d42, 'cifs'],
  [0xfe534d42, 'smb2'],
  [0x01021997, '9p'],
]);

const NETWORK_TYPES: ReadonlySet<string> = new Set(['nfs', 'nfs4', 'cifs', 'smb', 'smb2', 'smbfs', 'smb3', 'fuse.sshfs', '9p']);

/** The type of the mount holding `path`, read from a /proc/mounts text: the longest mount point that contains it. */
export function mountTypeOf(path: string, mounts: string): string | undefined {
  let best: { point: string; type: string } | undefined;
  for (const line of mounts.split('\n')) {
    const [, rawPoint, type] = line.split(' ');
    if (!rawPoint || !type) continue;
    // /proc/mounts writes spaces and other specials in mount points as octal escapes.
    const point = rawPoint.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
    const inside = point === '/' || path === point || path.startsWith(point.endsWith(sep) ? point : point + sep);
    if (inside && (!best || point.length >= best.point.length)) best = { point, type };
  }
  return best?.type;
}

/**
 * The network file system `file` would live on, or undefined when it is local
 * or cannot be told. `statfs` gives the type where Node exposes it; FUSE
 * mounts (sshfs) are told apart by /proc/mounts.
 */
export function networkFileSystemOf(file: string, readMounts: () => string = () => readFileSync('/proc/mounts', 'utf8')): string | undefined {
  const folder = dirname(resolve(file));
  try {
    const byMagic = NETWORK_MAGIC.get(statfsSync(folder).type >>> 0);
    if (byMagic) return byMagic;
  } catch {
    // No statfs here, or the folder is missing: /proc/mounts may still say.
  }
  let mounts: string;
  try {
    mounts = readMounts();
  } catch {
    return undefined;
  }
  const type = mountTypeOf(folder, mounts);
  return type !== undefined && NETWORK_TYPES.has(type) ? type : undefined;
}
