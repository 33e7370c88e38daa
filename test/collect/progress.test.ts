import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeTableCommand, DynamoDBClient, GetResourcePolicyCommand, ListTablesCommand, ListTagsOfResourceCommand } from '@aws-sdk/client-dynamodb';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { logProgress, progressFor, silentProgress, ttyProgress } from '../../src/collect/progress.js';
import { collectFromApi } from '../../src/collect/runner.js';
import { ACCOUNT, awsError } from './helpers.js';

/** A stand-in for process.stderr that keeps what is written. */
function fakeStream(isTTY: boolean, columns = 80, rows = 24) {
  const chunks: string[] = [];
  return {
    isTTY,
    columns,
    rows,
    chunks,
    write(text: string) {
      chunks.push(text);
      return true;
    },
    get text() {
      return chunks.join('');
    },
  };
}

const ESC = '\x1b';
/** The visible lines of one redraw: control sequences removed. */
const visible = (chunk: string) =>
  chunk
    .split('\n')
    .filter(Boolean)
    .map((l) => l.replace(/\x1b\[\d*[A-Za-z]/g, ''));

describe('plain log lines when standard error is not a terminal', () => {
  it('writes one line per finished service and region, with its counts', () => {
    const stream = fakeStream(false);
    const p = progressFor(stream as unknown as NodeJS.WriteStream, false);
    p.start('s3', 'global');
    p.start('kms', 'eu-west-1');
    p.found('s3', 'global', 3);
    p.found('kms', 'eu-west-1', 2);
    p.found('s3', 'global', 4);
    expect(stream.text).toBe('');
    p.failed('kms', 'eu-west-1', 1);
    p.finish('kms', 'eu-west-1');
    p.finish('s3', 'global');
    p.close();
    expect(stream.chunks).toEqual(['sealcheck: kms eu-west-1: 2 resources, 1 errors\n', 'sealcheck: s3 global: 7 resources\n']);
    expect(stream.text).not.toContain(ESC);
  });

  it('writes nothing at all with --quiet, terminal or not', () => {
    for (const tty of [true, false]) {
      const stream = fakeStream(tty);
      const p = progressFor(stream as unknown as NodeJS.WriteStream, true);
      expect(p).toBe(silentProgress);
      p.start('s3', 'global');
      p.found('s3', 'global', 1);
      p.finish('s3', 'global');
      p.close();
      expect(stream.chunks).toEqual([]);
    }
  });
});

describe('a redrawn bar when standard error is a terminal', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('draws one line per service and region, redraws in place, throttled, and ends with every line done', () => {
    const stream = fakeStream(true, 80);
    const p = progressFor(stream as unknown as NodeJS.WriteStream, false);
    p.start('s3', 'global');
    p.start('kms', 'eu-west-1');
    p.found('s3', 'global', 10);
    p.found('kms', 'eu-west-1', 5);
    // Nothing until the throttle interval has passed, then one redraw for all the updates.
    expect(stream.chunks).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(stream.chunks).toHaveLength(1);
    const first = stream.chunks[0]!;
    // First draw: no cursor movement, each line cleared before it is written.
    expect(first.startsWith(`${ESC}[2K`)).toBe(true);
    expect(first.match(/\x1b\[2K/g)).toHaveLength(2);
    expect(first).not.toMatch(/\x1b\[\d+A/);
    const [s3Line, kmsLine] = visible(first);
    expect(s3Line).toMatch(/^s3 global\s+\[#{15}>\]\s+10$/);
    expect(kmsLine).toMatch(/^kms eu-west-1\s+\[#{8}>\s{7}\]\s+5$/);

    p.failed('kms', 'eu-west-1', 2);
    p.finish('s3', 'global');
    vi.advanceTimersByTime(100);
    // A redraw moves the cursor up over the two lines drawn before.
    const second = stream.chunks[1]!;
    expect(second.startsWith(`${ESC}[2A`)).toBe(true);
    expect(visible(second)).toEqual([expect.stringMatching(/^s3 global\s+\[#{16}\]\s+10 done$/), expect.stringMatching(/ 5 \(2 errors\)$/)]);

    p.finish('kms', 'eu-west-1');
    p.close();
    const last = stream.chunks.at(-1)!;
    expect(visible(last).every((l) => l.endsWith(' done'))).toBe(true);
    expect(visible(last)[1]).toMatch(/\(2 errors\) done$/);
    // Nothing is written after close, even if a timer was pending.
    const count = stream.chunks.length;
    p.found('kms', 'eu-west-1', 1);
    vi.advanceTimersByTime(1_000);
    expect(stream.chunks).toHaveLength(count);
  });

  it('never writes a line wider than the terminal', () => {
    const stream = fakeStream(true, 50);
    const p = ttyProgress(stream, 10);
    p.start('dynamodb', 'ap-southeast-5-extremely-long-label');
    p.failed('dynamodb', 'ap-southeast-5-extremely-long-label', 12345);
    p.close();
    // One line, longer than the 49 columns left of the cursor's: cut to exactly that width.
    const lines = visible(stream.text);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe('dynamodb ap-southeast-5-extremely-long-label [>   '.slice(0, 49));
  });

  it('keeps the block within the terminal height: finished lines fold into one summary line', () => {
    const stream = fakeStream(true, 100, 8);
    const p = ttyProgress(stream, 10);
    const regions = Array.from({ length: 12 }, (_, i) => `eu-region-${i + 1}`);
    for (const r of regions) {
      p.start('kms', r);
      p.found('kms', r, 2);
    }
    vi.advanceTimersByTime(10);
    for (const r of regions.slice(0, 10)) {
      p.found('kms', r, 1);
      p.failed('kms', r, 1);
      p.finish('kms', r);
    }
    vi.advanceTimersByTime(10);
    p.close();
    // Three draws (two timers and the close), each the full 7 rows the terminal leaves above the cursor's line;
    // each redraw moves up exactly the rows drawn before, so it always lands on the block's first line.
    expect(stream.chunks.map((c) => visible(c).length)).toEqual([7, 7, 7]);
    expect(stream.chunks.map((c) => /^\x1b\[(\d+)A/.exec(c)?.[1])).toEqual([undefined, '7', '7']);
    const last = visible(stream.chunks.at(-1)!);
    // The two regions still running are shown; the folded ones are summed up.
    expect(last.filter((l) => l.startsWith('kms eu-region-11') || l.startsWith('kms eu-region-12'))).toHaveLength(2);
    const summary = last.at(-1)!;
    expect(summary).toMatch(/^… \d+ more: \d+ resources, \d+ errors, \d+ done$/);
    const shownDone = last.filter((l) => l.endsWith(' done') && !l.startsWith('…')).length;
    const folded = Number(/^… (\d+) more/.exec(summary)![1]);
    expect(folded + shownDone + 2).toBe(12);
  });
});

describe('progress of a real run', () => {
  const ec2 = mockClient(EC2Client);
  const sts = mockClient(STSClient);
  const dynamodb = mockClient(DynamoDBClient);
  beforeEach(() => {
    for (const m of [ec2, sts, dynamodb]) m.reset();
    ec2.on(DescribeRegionsCommand).resolves({ Regions: [{ RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required' }, { RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' }] });
    sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/a` });
    dynamodb.on(ListTablesCommand).resolves({ TableNames: ['a', 'b'] });
    dynamodb.on(DescribeTableCommand).callsFake((input: { TableName: string }) => ({ Table: { TableName: input.TableName, TableArn: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/${input.TableName}` } }));
    dynamodb.on(ListTagsOfResourceCommand).rejects(awsError('AccessDeniedException', 400));
    dynamodb.on(GetResourcePolicyCommand).rejects(awsError('PolicyNotFoundException', 400));
  });
  afterEach(() => {
    for (const m of [ec2, sts, dynamodb]) m.reset();
  });

  it('logs one line per service and region with the resources found and the errors recorded', async () => {
    const lines: string[] = [];
    await collectFromApi({
      services: ['dynamodb'],
      regions: ['eu-west-1', 'us-east-1'],
      homeRegion: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      client: { maxAttempts: 1 },
      progress: logProgress((t) => lines.push(t)),
    });
    expect(lines.sort()).toEqual(['sealcheck: dynamodb eu-west-1: 2 resources, 2 errors\n', 'sealcheck: dynamodb us-east-1: 2 resources, 2 errors\n']);
  });
});
