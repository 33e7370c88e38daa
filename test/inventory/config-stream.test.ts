import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// Runs the built reader (global setup builds dist/) in a child process, so its peak memory is its own.
const dir = mkdtempSync(join(tmpdir(), 'sealcheck-config-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ITEMS = 200_000;

/** Writes an AWS Config snapshot file of `n` queue items on one line, each carrying 2 KB of configuration the mapping does not keep. */
const GENERATE = `
import { createWriteStream } from 'node:fs';
const [file, n] = [process.argv[1], Number(process.argv[2])];
const out = createWriteStream(file);
const pad = 'x'.repeat(2048);
out.write('{"fileVersion":"1.0","configSnapshotId":"s","configurationItems":[');
for (let i = 0; i < n; i++) {
  const item = { configurationItemCaptureTime: '2026-11-20T00:00:00.000Z', configurationItemStatus: i % 2 ? 'ResourceDiscovered' : 'ResourceDeleted',
    resourceType: 'AWS::SQS::Queue', resourceId: 'https://sqs.eu-west-1.amazonaws.com/111122223333/q' + i, resourceName: 'q' + i,
    ARN: 'arn:aws:sqs:eu-west-1:111122223333:q' + i, awsRegion: 'eu-west-1', awsAccountId: '111122223333', tags: {},
    configuration: { QueueUrl: 'q' + i, unused: pad }, supplementaryConfiguration: {} };
  if (!out.write((i ? ',' : '') + JSON.stringify(item))) await new Promise((r) => out.once('drain', r));
}
out.end(']}');
await new Promise((r) => out.once('finish', r));
`;

/** Reads the file through openInventory and prints what it read and the process's peak resident memory. */
const READ = `
import { openInventory } from './dist/inventory/snapshot-read.js';
const source = await openInventory(process.argv[1]);
let n = 0;
for await (const r of source.resources) n++;
console.log(JSON.stringify({ n, kind: source.header.source.kind, skipped: source.header.skipped, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
`;

describe('AWS Config documents are parsed as a stream', () => {
  it(`reads a one-line snapshot file of ${ITEMS} items holding far less than the document`, () => {
    const file = join(dir, 'config-snapshot.json');
    execFileSync(process.execPath, ['--input-type=module', '-e', GENERATE, file, String(ITEMS)]);
    const sizeMb = statSync(file).size / 2 ** 20;
    // A string of the document (one byte a character) alone is its size; parsing it whole holds more again.
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', READ, file], { encoding: 'utf8', maxBuffer: 2 ** 20 });
    const { n, kind, skipped, maxRssMb } = JSON.parse(out) as { n: number; kind: string; skipped: Record<string, number>; maxRssMb: number };
    expect({ n, kind, skipped }).toEqual({ n: ITEMS / 2, kind: 'aws-config-file', skipped: { ResourceDeleted: ITEMS / 2 } });
    expect(sizeMb).toBeGreaterThan(400);
    expect(maxRssMb).toBeLessThan(sizeMb / 2);
  }, 600_000);

  it('names the file and the byte of a syntax error', () => {
    const file = join(dir, 'broken.json');
    execFileSync(process.execPath, ['-e', `require('fs').writeFileSync(${JSON.stringify(file)}, '{"configurationItems":[{"resourceType":"AWS::SQS::Queue",]}')`]);
    let message = '';
    try {
      execFileSync(process.execPath, ['--input-type=module', '-e', READ, file], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      message = String((error as { stderr?: string }).stderr);
    }
    expect(message).toContain(`${file}: not valid JSON: Unexpected "]" at chunk position "55" (absolute position "55")`);
  }, 60_000);
});
