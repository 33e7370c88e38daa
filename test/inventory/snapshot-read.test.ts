import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openInventory, readSnapshot } from '../../src/inventory/snapshot-read.js';
import { REFERENCED_TYPES } from '../../src/inventory/referenced-types.js';
import { writeSnapshot } from '../../src/inventory/snapshot-write.js';
import { bucket, failure, snapshot } from './snapshot-builders.js';

const dir = mkdtempSync(join(tmpdir(), 'sealcheck-snap-'));

describe('snapshot round trip', () => {
  it.each(['s.json', 's.ndjson', 's.json.gz', 's.ndjson.gz'])('writes and reads %s', async (name) => {
    const file = join(dir, name);
    const snap = snapshot([bucket('a'), bucket('b', { encryption: { rules: [{ algorithm: 'AES256' }] } })]);
    await writeSnapshot(file, snap);
    const back = await readSnapshot(file);
    expect(back.resources).toEqual(snap.resources);
    expect(back.header.capturedAt).toBe(snap.header.capturedAt);
  });

  it('counts resource types it does not model instead of dropping them silently', async () => {
    const file = join(dir, 'unsupported.json');
    const other = { ...bucket('x'), resourceType: 'AWS::Glue::Job', properties: { anything: 1 } };
    await writeSnapshot(file, snapshot([bucket('a'), other]));
    const back = await readSnapshot(file);
    expect(back.resources).toHaveLength(1);
    expect(back.header.unsupported).toEqual({ 'AWS::Glue::Job': 1 });
  });
});

describe('bad snapshots get one clear error naming the file and place', () => {
  it('not JSON: line and column', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{\n  "format": "sealcheck-snapshot",\n  oops\n}');
    expect(await failure(file)).toMatch(/bad\.json:3:3: not valid JSON/);
  });

  it('a number no double can hold (1e400 parses to Infinity): file and JSON pointer, in JSON and in NDJSON', async () => {
    const file = join(dir, 'infinite.json');
    const snap = snapshot([bucket('a'), bucket('b')]);
    writeFileSync(file, JSON.stringify(snap).replace('"resourceId":"b"', '"resourceId":"b","x":-1e400'));
    expect(await failure(file)).toBe(`${file}: /resources/1/x: number out of range: not a finite double (such as 1e400, .inf or .nan)`);
    const lines = join(dir, 'infinite.ndjson');
    const { resources, ...head } = snap;
    writeFileSync(lines, [JSON.stringify(head), ...resources.map((r) => JSON.stringify(r))].join('\n').replace('"resourceId":"b"', '"resourceId":"b","x":1e999'));
    expect(await failure(lines)).toBe(`${lines}:3: /x: number out of range: not a finite double (such as 1e400, .inf or .nan)`);
  });

  it('truncated', async () => {
    const file = join(dir, 'trunc.json');
    writeFileSync(file, JSON.stringify(snapshot([bucket('a')])).slice(0, 120));
    expect(await failure(file)).toMatch(/trunc\.json:1:\d+: not valid JSON: unexpected end of input/);
  });

  it('truncated gzip', async () => {
    const file = join(dir, 'trunc.json.gz');
    writeFileSync(file, gzipSync(JSON.stringify(snapshot([bucket('a')]))).subarray(0, 30));
    expect(await failure(file)).toMatch(/trunc\.json\.gz: not a valid gzip file/);
  });

  it('wrong shape: JSON pointer of the bad property', async () => {
    const file = join(dir, 'shape.json');
    const snap = snapshot([bucket('a'), bucket('b', { encryption: { rules: [{ algorithm: 'ROT13' }] } })]);
    writeFileSync(file, JSON.stringify(snap));
    expect(await failure(file)).toMatch(/shape\.json: \/resources\/1\/properties\/encryption\/rules\/0\/algorithm: must be one of/);
  });

  it('unknown property in a modelled type', async () => {
    const file = join(dir, 'typo.json');
    writeFileSync(file, JSON.stringify(snapshot([bucket('a', { encrpytion: null })])));
    expect(await failure(file)).toMatch(/\/resources\/0\/properties: unknown property "encrpytion"/);
  });

  it('envelope errors', async () => {
    const file = join(dir, 'envelope.json');
    const bad = { ...bucket('a'), accountId: 'not-an-account' };
    writeFileSync(file, JSON.stringify(snapshot([bad])));
    expect(await failure(file)).toMatch(/\/resources\/0\/accountId/);
  });

  it('not a snapshot at all', async () => {
    const file = join(dir, 'other.json');
    writeFileSync(file, '[1,2,3]');
    expect(await failure(file)).toMatch(/not a sealcheck snapshot/);
  });

  it('NDJSON: the line of the bad resource', async () => {
    const file = join(dir, 'bad.ndjson');
    const header = JSON.stringify({ format: 'sealcheck-snapshot', version: 1, header: snapshot([]).header });
    writeFileSync(file, `${header}\n${JSON.stringify(bucket('a'))}\n{"resourceType": \n`);
    expect(await failure(file)).toMatch(/bad\.ndjson:3:1:\d*:? ?not valid JSON|bad\.ndjson:3:\d+: not valid JSON/);
  });

  it('missing file', async () => {
    expect(await failure(join(dir, 'nope.json'))).toMatch(/nope\.json: cannot read \(ENOENT\)/);
  });

  it('control characters in the offending text do not reach the message', async () => {
    const file = join(dir, 'ctl.json');
    writeFileSync(file, '{"format": \u0007\u001b[31m}');
    const message = await failure(file);
    expect(message).not.toMatch(/[\u0000-\u001f]/);
  });
});

describe('hostile but well-formed content stays data', () => {
  it('reads megabyte names, markup, control characters and deep nesting as data', async () => {
    const file = join(dir, 'hostile.json');
    const huge = 'x'.repeat(1_000_000);
    const resources = [
      bucket(`<img src=x onerror=alert(1)>${huge}`),
      { ...bucket('tags'), tags: { '</script><script>alert(1)</script>': '\u0000\u001b[2J\u2028', [huge.slice(0, 1000)]: huge } },
      bucket('policy', { policy: 'DEEP', encryption: null }),
    ];
    // JSON.stringify itself cannot write 5,000 levels, so the nesting is spliced in as text.
    const deep = `${'{"d":'.repeat(5_000)}"bottom"${'}'.repeat(5_000)}`;
    writeFileSync(file, JSON.stringify(snapshot(resources)).replace('"DEEP"', deep));
    const back = await readSnapshot(file);
    expect(back.resources).toHaveLength(3);
    expect(back.resources[0]!.name).toHaveLength(huge.length + 28);
  });
});

describe('AWS Config documents', () => {
  it('come with the resources others refer to first, so a scan reads the file once', async () => {
    // The fixture lists buckets before the account's public access block and KMS keys.
    const source = await openInventory('fixtures/config/config-snapshot.json');
    const types: string[] = [];
    for await (const r of source.resources) types.push(r.resourceType);
    const referenced = types.map((t) => REFERENCED_TYPES.includes(t));
    expect(source.header.referencedFirst).toBe(true);
    expect(referenced.indexOf(false)).toBe(referenced.filter(Boolean).length);
    expect(referenced.lastIndexOf(true)).toBe(referenced.filter(Boolean).length - 1);
  });
});
