import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/inventory/resource.js';
import { ROOT, runCli } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'sealcheck-hostile-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const DEMO = join(ROOT, 'fixtures/demo/demo-account.snapshot.json');
const demo = JSON.parse(readFileSync(DEMO, 'utf8')) as Snapshot;
const header = JSON.stringify({ format: demo.format, version: demo.version, header: demo.header });

describe('inputs that expand without bound are exit 2 naming the file and the limit', () => {
  it('an NDJSON line longer than the line limit (a gzip bomb of one line)', () => {
    const file = join(work, 'bomb.ndjson.gz');
    writeFileSync(file, gzipSync(Buffer.concat([Buffer.from(`${header}\n{"resourceType":"`), Buffer.alloc(3 * 2 ** 20, 0x61)])));
    const run = runCli(['scan', '--snapshot', file, '--out', join(work, 'out-bomb'), '-q'], { env: { SEALCHECK_MAX_LINE_MIB: '1' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`sealcheck: ${file}:2: line longer than 1 MiB (limit; raise SEALCHECK_MAX_LINE_MIB if the file is genuine)\n`);
  });

  it('a gzipped results file that decompresses past the document limit', () => {
    const file = join(work, 'results.json.gz');
    writeFileSync(file, gzipSync(Buffer.alloc(3 * 2 ** 20, 0x20)));
    const run = runCli(['diff', file, file], { env: { SEALCHECK_MAX_DOCUMENT_MIB: '1' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}: decompresses to more than 1 MiB (limit; raise SEALCHECK_MAX_DOCUMENT_MIB`);
  });

  it('--snapshot /dev/zero and a FIFO are refused', () => {
    const zero = runCli(['scan', '--snapshot', '/dev/zero', '--out', join(work, 'out-zero'), '-q']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toBe('sealcheck: /dev/zero: not a regular file (a device); give a file, or - for standard input\n');
    const fifo = join(work, 'snap.json');
    execFileSync('mkfifo', [fifo]);
    const run = runCli(['scan', '--snapshot', fifo, '--out', join(work, 'out-fifo'), '-q']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('not a regular file (a FIFO)');
  });

  it('a config file over the settings limit', () => {
    const file = join(work, 'big.config.yaml');
    writeFileSync(file, `# ${'x'.repeat(2 ** 20)}\n`);
    const run = runCli(['scan', '--snapshot', DEMO, '--config', file, '--out', join(work, 'out-cfg'), '-q'], { env: { SEALCHECK_MAX_SETTINGS_MIB: '1' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}: 1 MiB is more than the limit of 1 MiB (raise SEALCHECK_MAX_SETTINGS_MIB`);
  });
});

describe('standard input', () => {
  it('--snapshot - reads the snapshot from standard input', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'bin/sealcheck.js'), 'scan', '--snapshot', '-', '--format', 'json', '--out', join(work, 'out-stdin'), '-q'], {
      input: readFileSync(DEMO),
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(run.stderr).toBe('');
    const results = JSON.parse(readFileSync(join(work, 'out-stdin', 'results.json'), 'utf8')) as { run: { snapshot: { resourceCount: number } } };
    expect(results.run.snapshot.resourceCount).toBe(demo.resources.length);
  });
  it('--snapshot /dev/stdin reads a pipe', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'bin/sealcheck.js'), 'scan', '--snapshot', '/dev/stdin', '--format', 'json', '--out', join(work, 'out-devstdin'), '--fail-on', 'none', '-q'], {
      input: readFileSync(DEMO),
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const results = JSON.parse(readFileSync(join(work, 'out-devstdin', 'results.json'), 'utf8')) as { run: { snapshot: { resourceCount: number } } };
    expect(results.run.snapshot.resourceCount).toBe(demo.resources.length);
  });
});

describe('paths named inside input files', () => {
  it('report does not open a device or FIFO that a results file names as its snapshot', () => {
    const out = join(work, 'out-named');
    expect(runCli(['scan', '--snapshot', DEMO, '--format', 'json', '--out', out, '--fail-on', 'none', '-q']).code).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { run: { snapshot: { file?: string } } };
    const fifo = join(work, 'named.fifo');
    execFileSync('mkfifo', [fifo]);
    for (const named of ['/dev/zero', fifo]) {
      results.run.snapshot.file = named;
      const file = join(work, 'named-results.json');
      writeFileSync(file, JSON.stringify(results));
      // Opening either would hang or read without end; the report is written without the snapshot's tags instead.
      const run = runCli(['report', '--results', file, '--format', 'html', '--out', join(work, 'out-named-report'), '-q']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(readFileSync(join(work, 'out-named-report', 'report.html'), 'utf8')).toContain('nw-public-website');
    }
  });
});

describe('text from inputs is data', () => {
  it('control characters in an error message are shown, not sent to the terminal', () => {
    const name = join(work, 'evil\u001b]52;c;ZXZpbA==\u0007\u202e.json');
    const run = runCli(['scan', '--snapshot', name, '--out', join(work, 'out-evil'), '-q']);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(/[\u001b\u0007\u202e]/);
    expect(run.stderr).toContain('evil\\x1b]52;c;ZXZpbA==\\x07\\u202e.json');
  });

  it('a lone surrogate in a resource id is carried through every format, SARIF included', () => {
    // A bucket with failing results, so it appears in SARIF (written as JSON's \ud800 escape: a lone surrogate once parsed).
    const text = readFileSync(DEMO, 'utf8').split('"nw-public-website"').join('"nw-public-\\ud800-website"');
    const file = join(work, 'surrogate.json');
    writeFileSync(file, text);
    const out = join(work, 'out-surrogate');
    const run = runCli(['scan', '--snapshot', file, '--out', out, '-q']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toContain('nw-public-\\ud800-website');
    expect(readFileSync(join(out, 'results.sarif'), 'utf8')).toContain('S3/Bucket/nw-public-%EF%BF%BD-website');
  });

  it('a snapshot that is not UTF-8 is exit 2 with the byte offset', () => {
    const file = join(work, 'latin1.ndjson');
    writeFileSync(file, Buffer.concat([Buffer.from(`${header}\n`), Buffer.from([0x7b, 0xe9, 0x7d, 0x0a])]));
    const run = runCli(['scan', '--snapshot', file, '--out', join(work, 'out-latin1'), '-q']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`sealcheck: ${file}: invalid UTF-8 at byte ${Buffer.byteLength(header) + 2}\n`);
  });
});
