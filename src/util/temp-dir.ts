import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Private folders still on disk, removed when the process exits however it ends. */
const folders = new Set<string>();
let hooked = false;

function removeAll(): void {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  folders.clear();
}

/**
 * A new private folder (mode 0700, as mkdtemp makes it) for a scan's
 * temporary files, removed by {@link removeTempDir} or at the latest when the
 * process exits.
 */
export function makeTempDir(prefix: string, parent = tmpdir()): string {
  const dir = mkdtempSync(join(parent, prefix));
  folders.add(dir);
  if (!hooked) {
    hooked = true;
    process.once('exit', removeAll);
  }
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  folders.delete(dir);
}
