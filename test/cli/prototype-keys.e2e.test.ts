import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.js';

// Keys named after Object.prototype members are names like any other: never a crash, never a known type, a tag shown as a tag.
const NAMES = ['__proto__', 'constructor', 'hasOwnProperty', 'valueOf', 'toString'];
const work = mkdtempSync(join(tmpdir(), 'sealcheck-proto-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const TAGS = '{"__proto__":"proto-tag","constructor":"c","toString":"t","valueOf":"v","hasOwnProperty":"h"}';

interface Results {
  run: { snapshot: { resourceCount: number; unsupported?: Record<string, number> } };
  resources: { resourceType: string }[];
}
const readResults = (out: string) => JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;

describe('prototype-named resource types and tags', () => {
  it('in a sealcheck snapshot: the types are counted as unsupported, the __proto__ tag shows in the HTML report', () => {
    const lines = readFileSync(join(ROOT, 'fixtures/demo/demo-account.snapshot.json'), 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes('"AWS::S3::Bucket"') && l.includes('"nw-public-website"'));
    const bucket = (lines[at] ?? '').replace(/,$/, '');
    const tagged = bucket.replaceAll('nw-public-website', 'nw-tagged').replace(/"tags":\{[^}]*\}/, `"tags":${TAGS}`);
    const odd = NAMES.filter((n) => /^[A-Za-z]+$/.test(n)).map((n) => bucket.replaceAll('nw-public-website', `nw-${n.toLowerCase()}`).replace('"AWS::S3::Bucket"', `"AWS::S3::${n}"`));
    lines.splice(at + 1, 0, ...[tagged, ...odd].map((l) => `${l},`));
    const file = join(work, 'proto.snapshot.json');
    writeFileSync(file, lines.join('\n'));
    const out = join(work, 'out-snapshot');
    const run = runCli(['scan', '--snapshot', file, '--out', out, '--fail-on', 'none', '-q']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const results = readResults(out);
    expect(results.run.snapshot.unsupported).toEqual({ 'AWS::S3::constructor': 1, 'AWS::S3::hasOwnProperty': 1, 'AWS::S3::valueOf': 1, 'AWS::S3::toString': 1 });
    expect(results.resources.filter((r) => /::(constructor|hasOwnProperty|valueOf|toString)$/.test(r.resourceType))).toEqual([]);
    // The report's data holds the tags as JSON; the page lists Object.keys of it, so an own __proto__ entry is shown.
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain(TAGS);
  });

  it('in an AWS Config snapshot file: items of those types are counted as unsupported, not mapped and not a crash', () => {
    const doc = JSON.parse(readFileSync(join(ROOT, 'fixtures/config/config-snapshot.json'), 'utf8')) as { configurationItems: Record<string, unknown>[] };
    const bucket = doc.configurationItems[0]!;
    const items = NAMES.map((n, i) => JSON.stringify({ ...bucket, resourceType: n, resourceId: `odd${i}`, resourceName: `odd${i}`, ARN: `arn:aws:s3:::odd${i}` }));
    const text = JSON.stringify(doc).replace('"configurationItems":[', `"configurationItems":[${items.join(',')},`).replace('"tags":{', `"tags":{"__proto__":"proto-tag",`);
    const file = join(work, 'proto.config.json');
    writeFileSync(file, text);
    const out = join(work, 'out-config');
    const run = runCli(['scan', '--snapshot', file, '--out', out, '--fail-on', 'none', '-q', '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const { unsupported } = readResults(out).run.snapshot;
    for (const n of NAMES) expect(unsupported?.[n]).toBe(1);
  });
});
