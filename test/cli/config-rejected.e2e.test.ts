import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanResults } from '../../src/engine/result.js';
import type { GateRunRecord } from '../../src/gate/apply-gate.js';
import type { SarifLog } from '../../src/report/sarif.js';
import { createAjv } from '../../src/util/ajv.js';
import { sarifSchemaErrors } from '../report/sarif-schema.js';
import { ROOT, runCli } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'sealcheck-rejected-'));
const validateResults = createAjv().compile(JSON.parse(readFileSync(join(ROOT, 'schemas/results.schema.json'), 'utf8')) as object);
type Written = ScanResults & { run: GateRunRecord };
const ITEMS = 20_000;
const BAD_ACCOUNT = 7_321;
const BAD_TYPE = 15_004;

/** An encrypted queue with no policy, as an AWS Config snapshot file records it. */
function queue(i: number): Record<string, unknown> {
  const name = `q-${i}`;
  const arn = `arn:aws:sqs:eu-west-1:111122223333:${name}`;
  return {
    configuration: { QueueArn: arn, QueueName: name, SqsManagedSseEnabled: 'true', KmsMasterKeyId: null, Policy: null },
    supplementaryConfiguration: {},
    tags: {},
    configurationItemCaptureTime: '2026-11-18T08:15:00.000Z',
    awsAccountId: '111122223333',
    configurationItemStatus: 'OK',
    resourceType: 'AWS::SQS::Queue',
    resourceId: `https://sqs.eu-west-1.amazonaws.com/111122223333/${name}`,
    resourceName: name,
    ARN: arn,
    awsRegion: 'eu-west-1',
  };
}

function configFile(): string {
  const items = Array.from({ length: ITEMS }, (_, i) => queue(i));
  items[BAD_ACCOUNT]!.awsAccountId = '11112222333';
  (items[BAD_TYPE]!.configuration as Record<string, unknown>).SqsManagedSseEnabled = 42;
  const file = join(work, 'config-snapshot.json');
  writeFileSync(file, JSON.stringify({ fileVersion: '1.0', configSnapshotId: 'e2e', configurationItems: items }));
  return file;
}

describe('an AWS Config file with malformed items among many good ones', () => {
  const file = configFile();
  const out = join(work, 'lenient');
  const run = runCli(['scan', '--snapshot', file, '--out', out, '--fail-on', 'none']);
  const strict = runCli(['scan', '--snapshot', file, '--out', join(work, 'strict'), '--fail-on', 'none', '--strict', '--quiet']);

  it('scans every other item and exits as the findings decide', () => {
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(run.code).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Written;
    expect(validateResults(results), JSON.stringify(validateResults.errors)).toBe(true);
    expect(results.run.snapshot.resourceCount).toBe(ITEMS - 2);
  });

  it('records each rejected item with its file and JSON pointer in results.json', () => {
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Written;
    expect(results.run.snapshot.rejected).toEqual({
      count: 2,
      items: [
        { file, pointer: `/configurationItems/${BAD_ACCOUNT}`, message: `/configurationItems/${BAD_ACCOUNT}/accountId: missing or not a 12-digit account id` },
        { file, pointer: `/configurationItems/${BAD_TYPE}`, message: `/configurationItems/${BAD_TYPE}/configuration/SqsManagedSseEnabled: expected a boolean, got number 42` },
      ],
    });
    expect(results.run.gate?.counts.rejectedItems).toBe(2);
  });

  it('says so on the console', () => {
    expect(run.stdout).toContain(`2 source item(s) rejected as unreadable and left out of the scan (first: ${file}: /configurationItems/${BAD_ACCOUNT}/accountId`);
  });

  it('exits 3 under --strict, naming the rejected items', () => {
    expect(strict.code).toBe(3);
    const results = JSON.parse(readFileSync(join(work, 'strict', 'results.json'), 'utf8')) as Written;
    // An import always carries the gaps of what Config does not record; the rejections are a reason of their own.
    expect(results.run.gate?.reasons).toContain('2 source item(s) rejected as unreadable: the inventory is incomplete (--strict)');
  });
});

describe('rejected items are shown in every report, next to collection errors', () => {
  const HOSTILE = '<img src=x onerror=alert(1)>';
  const file = join(work, 'hostile-config.json');
  const items = [queue(1), queue(2), queue(3)];
  (items[1]!.configuration as Record<string, unknown>).SqsManagedSseEnabled = HOSTILE;
  writeFileSync(file, JSON.stringify({ fileVersion: '1.0', configSnapshotId: 'e2e', configurationItems: items }));
  const out = join(work, 'reports');
  const run = runCli(['scan', '--snapshot', file, '--out', out, '--fail-on', 'none', '--format', 'json,sarif,html,junit,console']);
  const reason = `/configurationItems/1/configuration/SqsManagedSseEnabled: expected a boolean, got string "${HOSTILE}"`;

  it('the scan itself goes on', () => {
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(run.code).toBe(0);
  });

  it('SARIF: a warning notification beside the collection errors, with file and pointer, schema-valid', () => {
    const log = JSON.parse(readFileSync(join(out, 'results.sarif'), 'utf8')) as SarifLog;
    expect(sarifSchemaErrors(log)).toEqual([]);
    const rejected = log.runs[0].invocations[0]!.toolExecutionNotifications.filter((n) => n.descriptor?.id === 'RejectedSourceItem');
    expect(rejected).toEqual([
      {
        level: 'warning',
        message: { text: `Source item rejected, its resource was not checked: ${file}: /configurationItems/1: ${reason}` },
        descriptor: { id: 'RejectedSourceItem' },
        properties: { file, pointer: '/configurationItems/1' },
      },
    ]);
  });

  it('HTML: listed in the collection errors section, every text escaped', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).not.toContain(HOSTILE);
    const section = html.slice(html.indexOf('<section id="errors">'), html.indexOf('</section>', html.indexOf('<section id="errors">')));
    expect(section).toContain('<h3>Rejected source items</h3><p>1 item(s) of the source could not be read');
    expect(section).toContain(
      `<tr><td>${file}</td><td>/configurationItems/1</td><td>/configurationItems/1/configuration/SqsManagedSseEnabled: expected a boolean, got string &quot;&lt;img src=x onerror=alert(1)&gt;&quot;</td></tr>`,
    );
    expect(html).toContain('<dt>Rejected source items</dt><dd>1</dd>');
  });
});

describe('a document that is not a usable snapshot still stops the scan', () => {
  it.each([
    ['not JSON', '{"configurationItems": [', /not valid JSON/],
    ['no item readable', JSON.stringify({ configurationItems: [{ resourceType: 'AWS::SQS::Queue' }] }), /\/configurationItems\/0\/resourceId: missing \(no item of the document could be read\)/],
  ])('%s: exit 2 with a one-line error', (name, text, message) => {
    const file = join(work, `${name.replace(/ /g, '-')}.json`);
    writeFileSync(file, text);
    const run = runCli(['scan', '--snapshot', file, '--out', join(work, name.replace(/ /g, '-')), '--fail-on', 'none']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
