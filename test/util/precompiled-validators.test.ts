import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ValidateFunction } from 'ajv';
import { createAjv } from '../../src/util/ajv.js';
import { ROOT } from '../cli/run-cli.js';

/** The build's compiled validators (the vitest global setup builds them) must behave as ajv compiling the same schema at run time. */
const requireModule = createRequire(import.meta.url);
const schemaFiles = [
  ...readdirSync(join(ROOT, 'schemas')).filter((f) => f.endsWith('.schema.json')).map((f) => join(ROOT, 'schemas', f)),
  ...readdirSync(join(ROOT, 'schemas/resources')).filter((f) => f.endsWith('.schema.json')).map((f) => join(ROOT, 'schemas/resources', f)),
  join(ROOT, 'rules/rule.schema.json'),
];
const demo = JSON.parse(readFileSync(join(ROOT, 'fixtures/demo/demo-account.snapshot.json'), 'utf8')) as { header: unknown; resources: { resourceType: string; properties: Record<string, unknown> }[] };

/** Values that break most schemas in different ways. */
const WRONG: unknown[] = [null, 12345, 'x', true, [], {}, { unexpected: 1 }];

/** The value, and copies with each top-level field replaced by each wrong value, and removed. */
function variants(value: unknown): unknown[] {
  const out: unknown[] = [value, ...WRONG];
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const key of Object.keys(value)) {
      const { [key]: _removed, ...without } = value as Record<string, unknown>;
      out.push(without);
      for (const w of WRONG) out.push({ ...value, [key]: w });
    }
  }
  return out;
}

const outcome = (v: ValidateFunction, data: unknown) => JSON.stringify([v(data), v.errors ?? null]);

describe('validators compiled at build time', () => {
  for (const file of schemaFiles) {
    const text = readFileSync(file, 'utf8');
    const name = file.slice(ROOT.length);
    it(`${name}: compiled, and giving the run-time validator's verdicts and errors`, () => {
      const module = join(ROOT, 'dist/validators', `${createHash('sha256').update(text).digest('hex').slice(0, 16)}.cjs`);
      expect(existsSync(module), module).toBe(true);
      const compiled = requireModule(module) as Record<string, ValidateFunction>;
      const schema = JSON.parse(text) as { title?: string; definitions?: Record<string, unknown> };
      const ajv = createAjv();
      ajv.addSchema(schema, 'schema');
      const parts = ['root', ...Object.keys(schema.definitions ?? {}).map((d) => `definitions/${d}`)];
      const samples: unknown[] = [
        ...demo.resources.filter((r) => r.resourceType === schema.title).slice(0, 3).flatMap((r) => variants(r.properties)),
        ...(name === 'schemas/snapshot.schema.json' ? [...variants(demo), ...variants(demo.header), ...variants(demo.resources[0])] : []),
        ...(name === 'rules/rule.schema.json' ? variants(JSON.parse(readFileSync(join(ROOT, 'rules/s3/s3-bucket-tls-only.json'), 'utf8'))) : []),
        ...WRONG,
      ];
      for (const part of parts) {
        const atRun = ajv.getSchema(part === 'root' ? 'schema' : `schema#/${part}`)!;
        const atBuild = compiled[part]!;
        expect(atBuild, part).toBeTypeOf('function');
        for (const sample of samples) expect(outcome(atBuild, sample), `${part}: ${JSON.stringify(sample).slice(0, 200)}`).toBe(outcome(atRun, sample));
      }
    });
  }
});
