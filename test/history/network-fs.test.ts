import { describe, expect, it } from 'vitest';
import { mountTypeOf, networkFileSystemOf } from '../../src/history/network-fs.js';

const MOUNTS = [
  '/dev/sda1 / ext4 rw,relatime 0 0',
  'server:/export /mnt/nfs nfs4 rw,relatime 0 0',
  'user@host:/home /mnt/remote\\040home fuse.sshfs rw 0 0',
  'tmpfs /mnt/nfs/local tmpfs rw 0 0',
].join('\n');

describe('network file system detection', () => {
  it('takes the type of the longest mount point holding the path', () => {
    expect(mountTypeOf('/mnt/nfs/audits', MOUNTS)).toBe('nfs4');
    expect(mountTypeOf('/mnt/nfs/local/x', MOUNTS)).toBe('tmpfs');
    expect(mountTypeOf('/mnt/nfsother', MOUNTS)).toBe('ext4');
    expect(mountTypeOf('/mnt/remote home/h', MOUNTS)).toBe('fuse.sshfs');
  });

  it('names network mounts from /proc/mounts and leaves local ones alone', () => {
    // statfs of these folders (missing here) fails, so /proc/mounts decides.
    expect(networkFileSystemOf('/mnt/remote home/history.db', () => MOUNTS)).toBe('fuse.sshfs');
    expect(networkFileSystemOf('/mnt/nfs/history.db', () => MOUNTS)).toBe('nfs4');
    expect(networkFileSystemOf('/mnt/nfs/local/history.db', () => MOUNTS)).toBeUndefined();
  });
});
