import { createWriteStream, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OutputError } from '../../src/errors.js';
import { ResultsJsonWriter } from '../../src/report/results-json-stream.js';
import { writeReports } from '../../src/report/write.js';
import { loadResults } from './fixtures.js';

// Only createWriteStream is replaced, and only where a test says so: the reports go to /dev/full, the output set's own file operations stay real.
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return { ...real, createWriteStream: vi.fn(real.createWriteStream) };
});

afterEach(() => {
  vi.mocked(createWriteStream).mockRestore();
});

/** Makes the stream of the temporary file of `file` (not its spools) write to /dev/full. */
async function diskFullFor(file: string): Promise<void> {
  const real = await vi.importActual<typeof import('node:fs')>('node:fs');
  const target = new RegExp(`/\\.sealcheck-${file.replace('.', '\\.')}\\.[0-9a-f]+\\.tmp$`);
  vi.mocked(createWriteStream).mockImplementation(((path: string, options: { fd?: number } & Record<string, unknown>) => {
    if (!target.test(path)) return real.createWriteStream(path, options);
    // The writer opened the file itself and hands its descriptor over: that one is closed and /dev/full's given instead.
    if (options.fd !== undefined) real.closeSync(options.fd);
    return real.createWriteStream('/dev/full', { ...options, fd: real.openSync('/dev/full', 'w') });
  }) as typeof createWriteStream);
}

describe('a report that cannot be written is an OutputError naming the file and the cause', () => {
  for (const [format, file] of [['sarif', 'results.sarif'], ['html', 'report.html'], ['junit', 'junit.xml']] as const) {
    it(`${format}: disk full while writing ${file}`, async () => {
      const out = mkdtempSync(join(tmpdir(), 'sealcheck-write-error-'));
      // All three are written in pieces, through a stream.
      await diskFullFor(file);
      const error = (await writeReports(loadResults('small'), { formats: [format], outDir: out }).catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(OutputError);
      expect(error.message).toBe(`${join(out, file)}: cannot write (ENOSPC: no space left on device)`);
      // Nothing half-written is left behind, not even the temporary file.
      expect(readdirSync(out)).toEqual([]);
    });
  }

  it('results.json: a stream that fails (the disk is full) names the final file, not the temporary one', async () => {
    const scan = loadResults('small');
    const dir = mkdtempSync(join(tmpdir(), 'sealcheck-write-error-'));
    const target = join(dir, 'results.json');
    const writer = new ResultsJsonWriter('/dev/full', scan.rules, { identity: 'table', spool: join(dir, 'spool'), target });
    for (const r of scan.findings) writer.add(r);
    const error = (await writer.finish(scan).catch((e: unknown) => e)) as Error;
    await writer.abort();
    expect(error).toBeInstanceOf(OutputError);
    expect(error.message).toBe(`${target}: cannot write (ENOSPC: no space left on device)`);
  });
});
