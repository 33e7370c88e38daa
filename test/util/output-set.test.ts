import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { OutputError } from '../../src/errors.js';
import { writeSnapshot } from '../../src/inventory/snapshot-write.js';
import { OutputSet, outputError } from '../../src/util/output-set.js';
import type { Snapshot } from '../../src/inventory/resource.js';

// Lets one test fix the "random" bytes of temporary names, to plant a symlink exactly there.
const fixedBytes = vi.hoisted(() => ({ on: false }));
vi.mock('node:crypto', async (original) => {
  const real = await original<typeof import('node:crypto')>();
  return { ...real, randomBytes: (n: number) => (fixedBytes.on ? Buffer.alloc(n, 7) : real.randomBytes(n)) };
});

const work = mkdtempSync(join(tmpdir(), 'sealcheck-outset-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const snapshot = JSON.parse(readFileSync(new URL('../../fixtures/demo/demo-account.snapshot.json', import.meta.url), 'utf8')) as Snapshot;

describe('OutputSet', () => {
  it('puts nothing in place until commit, then every output at once', async () => {
    const dir = join(work, 'commit');
    const set = await OutputSet.begin(dir);
    await writeFile(await set.file('a.txt'), 'A');
    const s = await set.stream('b.txt');
    s.write('B');
    expect(readdirSync(dir).filter((n) => !n.startsWith('.'))).toEqual([]);
    expect(await set.commit()).toEqual([join(dir, 'a.txt'), join(dir, 'b.txt')]);
    expect(readdirSync(dir).sort()).toEqual(['a.txt', 'b.txt']);
    expect(readFileSync(join(dir, 'b.txt'), 'utf8')).toBe('B');
  });

  it('abort leaves the previous outputs and no temporary file or lock', async () => {
    const dir = join(work, 'abort');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.txt'), 'old');
    const set = await OutputSet.begin(dir, { members: ['a.txt'] });
    await writeFile(await set.file('a.txt'), 'new');
    await set.abort();
    expect(readdirSync(dir)).toEqual(['a.txt']);
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('old');
  });

  it('removes members of the set this run did not write', async () => {
    const dir = join(work, 'members');
    mkdirSync(dir);
    writeFileSync(join(dir, 'report.html'), 'old');
    writeFileSync(join(dir, 'mine.txt'), 'not a member');
    const set = await OutputSet.begin(dir, { members: ['results.json', 'report.html'] });
    await writeFile(await set.file('results.json'), '{}');
    await set.commit();
    expect(readdirSync(dir).sort()).toEqual(['mine.txt', 'results.json']);
  });

  it('creates temporary files exclusively: a symlink at the temporary name is an error, never followed', async () => {
    const dir = join(work, 'planted');
    mkdirSync(dir);
    const victim = join(work, 'victim.txt');
    writeFileSync(victim, 'precious');
    fixedBytes.on = true;
    try {
      const set = await OutputSet.begin(dir, { lock: false });
      const name = `.sealcheck-a.txt.${Buffer.alloc(8, 7).toString('hex')}.tmp`;
      symlinkSync(victim, join(dir, name));
      await expect(set.file('a.txt')).rejects.toThrow(OutputError);
      await set.abort();
    } finally {
      fixedBytes.on = false;
    }
    expect(readFileSync(victim, 'utf8')).toBe('precious');
  });

  it('gives temporary names no one can predict', async () => {
    const dir = join(work, 'names');
    const a = await OutputSet.begin(dir);
    const first = await a.file('x.txt');
    await a.abort();
    const b = await OutputSet.begin(dir);
    const second = await b.file('x.txt');
    await b.abort();
    expect(first).not.toBe(second);
    expect(first).not.toContain(String(process.pid));
  });

  it('turns filesystem failures into OutputErrors naming the path and the cause', () => {
    const enospc = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: 'ENOSPC' });
    const error = outputError('/out/results.json', enospc);
    expect(error).toBeInstanceOf(OutputError);
    expect(error.message).toBe('/out/results.json: cannot write (ENOSPC: no space left on device)');
    const bug = new TypeError('x is undefined');
    expect(outputError('/out/results.json', bug)).toBe(bug);
  });
});

describe('writeSnapshot', () => {
  it('does not write through a symlink planted at the old predictable temporary name', async () => {
    const dir = join(work, 'snap');
    mkdirSync(dir);
    const victim = join(work, 'snap-victim.txt');
    writeFileSync(victim, 'precious');
    const file = join(dir, 'snap.json');
    symlinkSync(victim, `${file}.${process.pid}.tmp`);
    await writeSnapshot(file, snapshot);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(lstatSync(file).isFile()).toBe(true);
    expect((JSON.parse(readFileSync(file, 'utf8')) as Snapshot).resources.length).toBe(snapshot.resources.length);
  });
});
