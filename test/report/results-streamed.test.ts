import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readJsonStreamed, readResultsFile } from '../../src/gate/results-file.js';
import { resultsFixture } from './fixtures.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'sealcheck-streamed-'));

describe('results files read as a stream (the text of a large one does not fit one string)', () => {
  for (const name of ['small', 'hostile', 'empty']) {
    it(`${name}: the streamed parse gives what JSON.parse gives, plain and gzipped`, async () => {
      const file = resultsFixture(`${name}.results.json`);
      const text = readFileSync(file, 'utf8');
      expect(await readJsonStreamed(file)).toEqual(JSON.parse(text));
      const gz = join(tmp(), `${name}.results.json.gz`);
      writeFileSync(gz, gzipSync(text));
      expect(await readJsonStreamed(gz)).toEqual(JSON.parse(text));
      // Streamed above 0 bytes, i.e. always: the same results as the whole-text reader.
      expect(await readResultsFile(file, 0)).toEqual(await readResultsFile(file));
    });
  }

  it('a version 2 file written by a scan reads the same streamed (resources and findings tables)', async () => {
    const file = join(tmp(), 'v2.json');
    const doc = {
      format: 'sealcheck-results',
      version: 2,
      rules: [{ id: 'r', title: 't', description: '', severity: 'high', category: 'encryption-at-rest', service: 's3', resourceTypes: ['AWS::S3::Bucket'], references: {}, remediation: { text: '' } }],
      resources: [{ resourceType: 'AWS::S3::Bucket', resourceId: 'b', arn: 'arn:aws:s3:::b', accountId: '111122223333', region: 'us-east-1' }],
      findings: [{ rule: 0, resource: 0, status: 'FAIL', severity: 'high', category: 'encryption-at-rest', message: 'm', evidence: [{ path: 'x', expected: 'y', found: { __proto__: 1 } }], references: {}, fingerprint: 'f' }],
      passed: {},
    };
    writeFileSync(file, JSON.stringify(doc).replace('"found":{}', '"found":{"__proto__":1}'));
    const parsed = (await readJsonStreamed(file)) as typeof doc;
    // A "__proto__" key is data, as JSON.parse keeps it: an own property, the prototype untouched.
    expect(parsed).toEqual(JSON.parse(readFileSync(file, 'utf8')));
    expect(Object.getPrototypeOf(parsed.findings[0]!.evidence[0]!.found)).toBe(Object.prototype);
  });

  it('a syntax error names the file and the byte offset; an empty file says so', async () => {
    const dir = tmp();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format":"sealcheck-results","findings":[{"a":1},}');
    await expect(readJsonStreamed(bad)).rejects.toThrow(new RegExp(`^${bad}: not valid JSON at byte \\d+: `));
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '');
    await expect(readJsonStreamed(empty)).rejects.toThrow(`${empty}:1:1: empty file`);
  });

  it('a streamed read refuses what decompresses beyond its limit, naming the file', async () => {
    const gz = join(tmp(), 'big.json.gz');
    writeFileSync(gz, gzipSync(`{"findings":[${'0,'.repeat(50_000)}0]}`));
    await expect(readJsonStreamed(gz, 10_000)).rejects.toThrow(`${gz}: more than 0 MiB once decompressed (limit of a streamed read)`);
  });
});
