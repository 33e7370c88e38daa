import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { StrictUtf8Decoder, decodeUtf8, invalidUtf8Offset, readBoundedBytes, readBoundedText, readLimits } from '../../src/util/bounded-read.js';

const dir = mkdtempSync(join(tmpdir(), 'sealcheck-bounded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readBoundedBytes', () => {
  it('a gzip bomb is an InputError naming the file and the limit, not gigabytes in memory', async () => {
    const file = join(dir, 'bomb.json.gz');
    writeFileSync(file, gzipSync(Buffer.alloc(8 * 2 ** 20, 0x20)));
    await expect(readBoundedBytes(file, 2 ** 20)).rejects.toThrow(`${file}: decompresses to more than 1 MiB (limit; raise SEALCHECK_MAX_DOCUMENT_MIB if the file is genuine)`);
  });

  it('tells a truncated gzip file from one over the limit', async () => {
    const file = join(dir, 'trunc.json.gz');
    writeFileSync(file, gzipSync(Buffer.alloc(4096, 0x20)).subarray(0, 20));
    await expect(readBoundedBytes(file, 2 ** 20)).rejects.toThrow(`${file}: not a valid gzip file: truncated (unexpected end of file)`);
  });

  it('refuses a device and a FIFO instead of reading forever', async () => {
    await expect(readBoundedBytes('/dev/zero')).rejects.toThrow('/dev/zero: not a regular file (a device); give a file, or - for standard input');
    const fifo = join(dir, 'rules.json');
    execFileSync('mkfifo', [fifo]);
    await expect(readBoundedBytes(fifo)).rejects.toThrow(`${fifo}: not a regular file (a FIFO)`);
  });

  it('a plain file over the limit is an InputError', async () => {
    const file = join(dir, 'big.json');
    writeFileSync(file, Buffer.alloc(2 ** 20 + 1, 0x20));
    await expect(readBoundedBytes(file, 2 ** 20)).rejects.toThrow(/big\.json: 1 MiB is more than the limit of 1 MiB/);
  });
});

describe('strict UTF-8', () => {
  it('accepts a byte-order mark', async () => {
    const file = join(dir, 'bom.json');
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]));
    expect(JSON.parse(await readBoundedText(file))).toEqual({ a: 1 });
  });

  it('invalid UTF-8 is an InputError with the byte offset, not silently replaced', () => {
    const data = Buffer.concat([Buffer.from('{"name":"ab'), Buffer.from([0xff]), Buffer.from('"}')]);
    expect(() => decodeUtf8('x.json', data)).toThrow(new InputError('x.json: invalid UTF-8 at byte 11'));
    expect(invalidUtf8Offset(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0);
    expect(invalidUtf8Offset(Buffer.from('aé€😀', 'utf8'))).toBe(-1);
  });

  it('decodes a stream whose sequences are split between chunks, and places an invalid byte in the stream', () => {
    const text = 'aé€😀b';
    const bytes = Buffer.from(text, 'utf8');
    for (let cut = 0; cut <= bytes.length; cut++) {
      const d = new StrictUtf8Decoder('s.ndjson');
      expect(d.write(bytes.subarray(0, cut)) + d.write(bytes.subarray(cut))).toBe(text);
      d.end();
    }
    const d = new StrictUtf8Decoder('s.ndjson');
    d.write(Buffer.from('0123456789'));
    expect(() => d.write(Buffer.from([0x41, 0xc0, 0x41]))).toThrow('s.ndjson: invalid UTF-8 at byte 11');
  });
});

describe('readLimits', () => {
  it('reads MiB from the environment and rejects nonsense', () => {
    expect(readLimits({ SEALCHECK_MAX_LINE_MIB: '2' }).lineBytes).toBe(2 * 2 ** 20);
    expect(() => readLimits({ SEALCHECK_MAX_LINE_MIB: '-1' })).toThrow(/SEALCHECK_MAX_LINE_MIB="-1": must be a positive number of MiB/);
  });
});
