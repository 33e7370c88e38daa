import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../src/engine/result.js';
import { loadRules } from '../../src/engine/load-rules.js';
import { scanInventory } from '../../src/engine/scan.js';
import { openInventory } from '../../src/inventory/snapshot-read.js';
import { renderOcsf, type OcsfEvent } from '../../src/report/ocsf.js';
import { ocsfSchemaErrors } from './finding-schemas.js';
import { loadResults } from './fixtures.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEMO = 'fixtures/demo/demo-account.snapshot.json';

type Event = OcsfEvent & { compliance: { status_id?: number; control?: string }; finding_info: { uid: string }; resources: { uid: string }[] };

describe('findings.ocsf.json', () => {
  it('writes the demo findings as OCSF 1.8.0 Compliance Findings that the OCSF schema accepts', async () => {
    const scan = await scanInventory(await openInventory(join(ROOT, DEMO)), { rules: loadRules(), file: DEMO });
    const events = JSON.parse(renderOcsf(scan)) as Event[];
    expect(ocsfSchemaErrors(events)).toEqual([]);
    expect(events).toHaveLength(scan.findings.length);
    for (const [i, e] of events.entries()) {
      const r = scan.findings[i] as Result;
      expect(e).toMatchObject({ class_uid: 2003, category_uid: 2, type_uid: 200301 });
      expect(e.finding_info.uid).toBe(`sealcheck/${r.ruleId}/${r.fingerprint}`);
      expect(e.resources[0]?.uid).toBe(r.arn);
      expect(e.compliance.status_id).toBe(r.status === 'FAIL' ? 3 : 2);
    }
    const tls = events.find((e, i) => scan.findings[i]?.ruleId === 's3-bucket-tls-only');
    expect(tls?.compliance.control).toBe('S3.5');
  });

  it('keeps hostile text as data and suppressed findings as suppressed', () => {
    const events = JSON.parse(renderOcsf(loadResults('hostile'))) as Event[];
    expect(ocsfSchemaErrors(events)).toEqual([]);
    const small = loadResults('small');
    const suppressed = JSON.parse(renderOcsf(small)) as (Event & { status_id: number })[];
    expect(suppressed.filter((e) => e.status_id === 3)).toHaveLength(small.findings.filter((r) => r.suppression).length);
    expect(ocsfSchemaErrors(suppressed)).toEqual([]);
  });

  it('puts the remediation snippets in the remediation object, after the text, each under its name', async () => {
    const scan = await scanInventory(await openInventory(join(ROOT, DEMO)), { rules: loadRules(), file: DEMO });
    const events = JSON.parse(renderOcsf(scan)) as (Event & { remediation: { desc: string } })[];
    const tls = events.find((e, i) => scan.findings[i]?.ruleId === 's3-bucket-tls-only');
    const rule = scan.rules.find((r) => r.id === 's3-bucket-tls-only');
    expect(tls?.remediation.desc).toBe(`${rule?.remediation.text}\n\nAWS CLI:\n${rule?.remediation.cli}\n\nTerraform:\n${rule?.remediation.terraform}\n\nCloudFormation:\n${rule?.remediation.cloudformation}`);
    expect(ocsfSchemaErrors(events)).toEqual([]);
  });

  it('rejects an event OCSF would not accept', () => {
    const [event] = JSON.parse(renderOcsf(loadResults('small'))) as Event[];
    expect(ocsfSchemaErrors([{ ...event, class_uid: 2004 }])).not.toEqual([]);
    expect(ocsfSchemaErrors([{ ...event, compliance: { ...event?.compliance, status_id: 4 } }])).not.toEqual([]);
    expect(ocsfSchemaErrors([{ ...event, findng_info: {} }])).not.toEqual([]);
  });

  it('has a schema compiled from the vendored OCSF definitions', () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts/gen-ocsf-schema.mjs'), '--check'], { stdio: 'pipe' });
  });
});
