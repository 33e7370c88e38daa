import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Resource } from '../../src/inventory/resource.js';
import { openInventory, readSnapshot } from '../../src/inventory/snapshot-read.js';
import { writeSnapshot } from '../../src/inventory/snapshot-write.js';
import { bucket, failure, snapshot } from './snapshot-builders.js';

/**
 * JSON snapshots in writeSnapshot's layout (head line, one resource per line,
 * `]}`) are read line by line; any other layout must read exactly as the
 * whole-document parse does.
 */

const dir = mkdtempSync(join(tmpdir(), 'sealcheck-jsonl-'));

const key = (id: string): Resource => ({
  resourceType: 'AWS::KMS::Key',
  resourceId: id,
  arn: `arn:aws:kms:eu-west-1:111122223333:key/${id}`,
  accountId: '111122223333',
  region: 'eu-west-1',
  tags: {},
  properties: { keyState: 'Enabled' },
});

const other = { ...bucket('x'), resourceType: 'AWS::Glue::Job', properties: { anything: 1 } };
const mixed = [bucket('a'), key('k1'), other, bucket('b', { encryption: { rules: [{ algorithm: 'AES256' }] } }), key('k2')];

/** The same document written in writeSnapshot's layout, and compactly on one line (always parsed whole). */
async function twoLayouts(name: string, resources: unknown[]): Promise<{ lines: string; whole: string }> {
  const lines = join(dir, 'lines', name);
  const whole = join(dir, 'whole', name);
  await writeSnapshot(lines, snapshot(resources));
  await writeSnapshot(whole, snapshot([]));
  writeFileSync(whole, JSON.stringify(snapshot(resources)));
  return { lines, whole };
}

describe('JSON snapshots laid out one resource per line', () => {
  it('read the same as the whole document: resources, header, unsupported counts', async () => {
    const { lines, whole } = await twoLayouts('s.json', mixed);
    expect(readFileSync(lines, 'utf8').split('\n')).toHaveLength(mixed.length + 3);
    const a = await readSnapshot(lines);
    const b = await readSnapshot(whole);
    expect(a).toEqual(b);
    expect(a.resources).toHaveLength(4);
    expect(a.header.unsupported).toEqual({ 'AWS::Glue::Job': 1 });
    expect(a.header.source.file).toBe('s.json');
  });

  it('an empty inventory', async () => {
    const { lines } = await twoLayouts('empty.json', []);
    const back = await readSnapshot(lines);
    expect(back.resources).toEqual([]);
    expect(back.header.capturedAt).toBe('2026-11-20T09:00:00Z');
  });

  it('gzipped', async () => {
    const file = join(dir, 's.json.gz');
    await writeSnapshot(file, snapshot(mixed));
    expect((await readSnapshot(file)).resources).toEqual(mixed.filter((r) => r !== other));
  });

  it('onlyTypes reads just those types, as for NDJSON', async () => {
    const { lines } = await twoLayouts('only.json', mixed);
    const source = await openInventory(lines, { onlyTypes: new Set(['AWS::KMS::Key']) });
    const got: string[] = [];
    for await (const r of source.resources) got.push(r.resourceId);
    expect(got).toEqual(['k1', 'k2']);
  });

  it('onlyTypes reads the type at the start of a line, and searches lines written otherwise', async () => {
    const file = join(dir, 'only-mixed.ndjson');
    const head = JSON.stringify({ format: 'sealcheck-snapshot', version: 1, header: snapshot([]).header });
    const { resourceType, ...rest } = key('k3');
    const typeLast = JSON.stringify({ ...rest, resourceType });
    // A bucket whose policy mentions the type as a string is read as a bucket (the line starts with its type).
    const mentions = JSON.stringify(bucket('m', { encryption: null, note: 'AWS::KMS::Key' }));
    writeFileSync(file, [head, JSON.stringify(key('k1')), mentions, typeLast, JSON.stringify(bucket('z')), ''].join('\n'));
    const source = await openInventory(file, { onlyTypes: new Set(['AWS::KMS::Key']) });
    const got: string[] = [];
    for await (const r of source.resources) got.push(r.resourceId);
    expect(got).toEqual(['k1', 'k3']);
  });

  it('a bad resource is named by its array index, as in the whole document', async () => {
    const bad = [bucket('a'), bucket('b'), bucket('c', { encryption: { rules: [{ algorithm: 'ROT13' }] } })];
    const { lines, whole } = await twoLayouts('shape.json', bad);
    const message = await failure(lines);
    expect(message).toMatch(/shape\.json: \/resources\/2\/properties\/encryption\/rules\/0\/algorithm: must be one of/);
    expect(message).toBe((await failure(whole)).replace(join(dir, 'whole'), join(dir, 'lines')));
  });
});

describe('streaming', () => {
  it('reaches a bad resource before the rest of the file is read (a whole-document parse would stop at the later syntax error)', async () => {
    const file = join(dir, 'stream.json');
    await writeSnapshot(file, snapshot([bucket('a'), bucket('b', { encryption: { rules: [{ algorithm: 'ROT13' }] } }), bucket('c')]));
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[3] = '{"resourceType": oops';
    writeFileSync(file, lines.join('\n'));
    expect(await failure(file)).toMatch(/stream\.json: \/resources\/1\/properties\/encryption/);
  });
});

describe('any other layout reads as the whole document does', () => {
  const text = async (resources: unknown[]) => {
    const file = join(dir, `t${Math.random().toString(36).slice(2)}.json`);
    await writeSnapshot(file, snapshot(resources));
    return { file, lines: readFileSync(file, 'utf8').split('\n') };
  };

  it('one resource pretty-printed in the middle: every resource, once, in order', async () => {
    const { file, lines } = await text(mixed);
    // Line 3 is the key k1: spread it over several lines.
    lines[2] = `${JSON.stringify(key('k1'), null, 2)},`;
    writeFileSync(file, lines.join('\n'));
    const back = await readSnapshot(file);
    expect(back.resources.map((r) => r.resourceId)).toEqual(['a', 'k1', 'b', 'k2']);
    expect(back.header.unsupported).toEqual({ 'AWS::Glue::Job': 1 });
    const keys = await openInventory(file, { onlyTypes: new Set(['AWS::KMS::Key']) });
    const got: string[] = [];
    for await (const r of keys.resources) got.push(r.resourceId);
    expect(got).toEqual(['k1', 'k2']);
  });

  it('two resources on one line', async () => {
    const { file, lines } = await text(mixed);
    lines.splice(1, 2, `${lines[1]}${lines[2]}`);
    writeFileSync(file, lines.join('\n'));
    expect((await readSnapshot(file)).resources.map((r) => r.resourceId)).toEqual(['a', 'k1', 'b', 'k2']);
  });

  it('truncated after some resources: the syntax error with its line and column', async () => {
    const { file, lines } = await text(mixed);
    writeFileSync(file, lines.slice(0, 3).join('\n'));
    expect(await failure(file)).toMatch(/t\w+\.json:3:\d+: not valid JSON/);
  });

  it('a trailing comma before the closing line', async () => {
    const { file, lines } = await text([bucket('a'), bucket('b')]);
    lines[2] = `${lines[2]},`;
    writeFileSync(file, lines.join('\n'));
    expect(await failure(file)).toMatch(/not valid JSON/);
  });

  it('text after the closing line', async () => {
    const { file } = await text([bucket('a')]);
    writeFileSync(file, `${readFileSync(file, 'utf8')}{"more": 1}\n`);
    expect(await failure(file)).toMatch(/not valid JSON/);
  });

  it('a header that a later duplicate key replaces', async () => {
    const { file, lines } = await text([bucket('a')]);
    const header = { ...snapshot([]).header, capturedAt: '2020-01-01T00:00:00Z' };
    lines[lines.length - 2] = `],"header":${JSON.stringify(header)}}`;
    writeFileSync(file, lines.join('\n'));
    expect(await failure(file)).toMatch(/\/header: the document's header differs from its first line/);
  });
});
