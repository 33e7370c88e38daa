import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/engine/load-rules.js';
import { scanInventory } from '../../src/engine/scan.js';
import { importConfigDocument } from '../../src/inventory/config-import.js';
import type { Resource, Snapshot } from '../../src/inventory/resource.js';
import { resourceSchemas } from '../../src/inventory/resource-schemas.js';
import { PACKAGE_ROOT } from '../../src/paths.js';

/** One recorded item (GetResourceConfigHistory form, trimmed), as Config records a Multi-Region Access Point: in us-west-2, its configuration a JSON string. */
const FILE = join(PACKAGE_ROOT, 'fixtures', 'config', 'config-item.S3-MultiRegionAccessPoint.json');
const recorded = (): Record<string, unknown> => JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>;
const TYPE = 'AWS::S3::MultiRegionAccessPoint';

type Edit = (configuration: Record<string, unknown>) => void;

/** The item imported, its configuration changed by `edit` first. */
function importItem(edit: Edit = () => {}): Snapshot {
  const item = recorded();
  const configuration = JSON.parse(item.configuration as string) as Record<string, unknown>;
  edit(configuration);
  return importConfigDocument({ configurationItems: [{ ...item, configuration: JSON.stringify(configuration) }] }, FILE);
}

function imported(edit?: Edit): Resource {
  const found = importItem(edit).resources.filter((r) => r.resourceType === TYPE);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const gaps = (r: Resource) => (r.errors ?? []).map((e) => `${e.property}:${e.code}`).sort();

describe('AWS Config import of S3 Multi-Region Access Points', () => {
  it('places the access point in region global, named as the collector names it, with the settings and buckets Config records', () => {
    const r = imported();
    expect(r).toMatchObject({ resourceId: 'nw-config-media-global', name: 'nw-config-media-global', region: 'global', accountId: '111122223333', arn: 'arn:aws:s3::111122223333:accesspoint/mnwcfgmed3x9v.mrap' });
    expect(r.properties).toEqual({
      alias: 'mnwcfgmed3x9v.mrap',
      creationDate: '2025-09-22T15:30:00.000Z',
      publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: false },
      regions: [
        { bucket: 'nw-config-public-site', bucketArn: 'arn:aws:s3:::nw-config-public-site' },
        { bucket: 'nw-config-media-us', bucketArn: 'arn:aws:s3:::nw-config-media-us' },
      ],
    });
    expect(resourceSchemas().validate(TYPE, r.properties)).toBeNull();
  });

  it('declares what Config does not record (policy, its status, the status, each bucket Region and owner) as gaps, so those stay unknown', () => {
    expect(gaps(imported())).toEqual([
      'policy:NotRecordedByConfig',
      'policyStatus:NotRecordedByConfig',
      'regions.bucketAccountId:NotRecordedByConfig',
      'regions.region:NotRecordedByConfig',
      'status:NotRecordedByConfig',
    ]);
  });

  it('leaves the settings unknown, never off, when the item lacks one of the four', () => {
    const r = imported((c) => {
      delete (c.PublicAccessBlockConfiguration as Record<string, unknown>).RestrictPublicBuckets;
    });
    expect(r.properties).not.toHaveProperty('publicAccessBlock');
    expect(gaps(r)).toContain('publicAccessBlock:NotRecordedByConfig');
  });

  it('gives the verdicts the collector would on what Config records, and UNKNOWN where it needs the policy', async () => {
    const rules = loadRules().filter((r) => r.rule.resourceTypes.includes(TYPE));
    const verdict = async (edit?: Edit) => {
      const snapshot = importItem(edit);
      const resources = (async function* () {
        yield* snapshot.resources;
      })();
      const scan = await scanInventory({ header: snapshot.header, resources, unsupported: {} }, { rules });
      return Object.fromEntries(scan.results.map((x) => [x.ruleId, x.status]));
    };
    expect(await verdict()).toEqual({ 's3-multi-region-access-point-block-public-access': 'FAIL', 's3-multi-region-access-point-policy-not-public': 'UNKNOWN' });
    const locked: Edit = (c) => {
      c.PublicAccessBlockConfiguration = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
    };
    // With RestrictPublicBuckets on, no policy it could have would take effect.
    expect(await verdict(locked)).toEqual({ 's3-multi-region-access-point-block-public-access': 'PASS', 's3-multi-region-access-point-policy-not-public': 'PASS' });
  });
});
