import { createWriteStream, mkdtempSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OutputError } from '../../src/errors.js';
import { ResultsJsonWriter } from '../../src/report/results-json-stream.js';
import { writeReports } from '../../src/report/write.js';
import { loadResults } from './fixtures.js';

// Only writeFile is replaced, and only where a test says so: the output set's own file operations stay real.
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return { ...real, writeFile: vi.fn(real.writeFile) };
});

// Likewise createWriteStream: the reports written in pieces (HTML, JUnit) go to /dev/full where a test says so.
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return { ...real, createWriteStream: vi.fn(real.createWriteStream) };
});

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });

afterEach(() => {
  vi.mocked(writeFile).mockClear();
  vi.mocked(createWriteStream).mockRestore();
});

/** Makes the stream of the temporary file of `file` (not its spools) write to /dev/full. */
async function diskFullFor(file: string): Promise<void> {
  const real = await vi.importActual<typeof import('node:fs')>('node:fs');
  vi.mocked(createWriteStream).mockImplementation(((path: string, options: Parameters<typeof real.createWriteStream>[1]) =>
    real.createWriteStream(new RegExp(`/\\.sealcheck-${file.replace('.', '\\.')}\\.[0-9a-f]+\\.tmp$`).test(path) ? '/dev/full' : path, options)) as typeof createWriteStream);
}

describe('a report that cannot be written is an OutputError naming the file and the cause', () => {
  for (const [format, file] of [['sarif', 'results.sarif'], ['html', 'report.html'], ['junit', 'junit.xml']] as const) {
    it(`${format}: disk full while writing ${file}`, async () => {
      const out = mkdtempSync(join(tmpdir(), 'sealcheck-write-error-'));
      // SARIF is written whole; HTML and JUnit in pieces, through a stream.
      if (format === 'sarif') vi.mocked(writeFile).mockImplementationOnce(() => Promise.reject(enospc()));
      else await diskFullFor(file);
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
