import { ebsVolumes, type EbsMapping } from '../ebs-mappings.js';
import type { Cursor } from './cursor.js';
import { put, type ItemReader, type MappedResource } from './item.js';

/** Block device mappings as Config records them (PascalCase, as the API), read with their types checked. */
function mappings(list: Cursor[]): EbsMapping[] {
  return list.map((m) => {
    const ebs = m.first('Ebs', 'ebs');
    return {
      DeviceName: m.first('DeviceName', 'deviceName').str() ?? undefined,
      Ebs: ebs.object()
        ? {
            Encrypted: ebs.first('Encrypted', 'encrypted').bool() ?? undefined,
            KmsKeyId: ebs.first('KmsKeyId', 'kmsKeyId').str() ?? undefined,
            SnapshotId: ebs.first('SnapshotId', 'snapshotId').str() ?? undefined,
          }
        : undefined,
    };
  });
}

/**
 * A launch template as Config records it: its default and latest version
 * numbers and one `LaunchTemplateData`, without saying which version that data
 * belongs to. (CloudFormation, for one, adds a version on every update without
 * moving the default.) The default version's volumes are therefore known only
 * when the template has one version number for both; otherwise they are unknown.
 */
export function mapLaunchTemplate(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const recordedName = r.conf('LaunchTemplateName', 'launchTemplateName').str();
  put(p, 'launchTemplateName', recordedName);
  const name = recordedName ?? r.item.resourceName;
  const defaultVersion = r.conf('DefaultVersionNumber', 'defaultVersionNumber').int();
  const latestVersion = r.conf('LatestVersionNumber', 'latestVersionNumber').int();
  put(p, 'defaultVersionNumber', defaultVersion ?? undefined);
  put(p, 'latestVersionNumber', latestVersion ?? undefined);
  const data = r.conf('LaunchTemplateData', 'launchTemplateData');
  if (typeof defaultVersion !== 'number' || typeof latestVersion !== 'number') {
    r.notRecorded('defaultVersion', 'The AWS Config item lacks the default or latest version number, so the version its LaunchTemplateData belongs to is unknown.');
  } else if (defaultVersion !== latestVersion) {
    r.notRecorded(
      'defaultVersion',
      'The AWS Config item records one LaunchTemplateData without naming its version, and the default version is not the latest: the default version\'s volumes are unknown.',
    );
  } else if (!data.object()) {
    r.notRecorded('defaultVersion', 'The AWS Config item has no LaunchTemplateData.');
  } else {
    // A template without block device mappings creates only the AMI's volumes, as the collector reads it.
    const list = data.first('BlockDeviceMappings', 'blockDeviceMappings').list() ?? [];
    p.defaultVersion = { versionNumber: defaultVersion, ebsVolumes: ebsVolumes(mappings(list)) };
  }
  const id = r.conf('Id', 'LaunchTemplateId', 'launchTemplateId').str() ?? r.item.resourceId;
  return { properties: p, resourceId: id, ...(name ? { name } : {}) };
}

/**
 * A Spot Fleet request as Config records it: its request configuration, with
 * the block device mappings of every launch specification and the launch
 * templates it launches from. Config does not record the request's state.
 */
export function mapSpotFleet(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  r.notRecorded('state', 'AWS Config does not record the state of a Spot Fleet request.');
  const config = r.conf('SpotFleetRequestConfigData', 'spotFleetRequestConfigData');
  if (!config.object()) {
    r.notRecorded('ebsVolumes', 'The AWS Config item has no SpotFleetRequestConfigData.');
    r.notRecorded('launchTemplates', 'The AWS Config item has no SpotFleetRequestConfigData.');
  } else {
    const specs = config.first('LaunchSpecifications', 'launchSpecifications').list() ?? [];
    p.ebsVolumes = specs.flatMap((s) => ebsVolumes(mappings(s.first('BlockDeviceMappings', 'blockDeviceMappings').list() ?? [])));
    const templates = config.first('LaunchTemplateConfigs', 'launchTemplateConfigs').list() ?? [];
    p.launchTemplates = templates.flatMap((t) => {
      const s = t.first('LaunchTemplateSpecification', 'launchTemplateSpecification');
      if (!s.object()) return [];
      return [
        {
          launchTemplateId: s.first('LaunchTemplateId', 'launchTemplateId').str() ?? null,
          launchTemplateName: s.first('LaunchTemplateName', 'launchTemplateName').str() ?? null,
          version: s.first('Version', 'version').str() ?? null,
        },
      ];
    });
  }
  const id = r.conf('Id', 'SpotFleetRequestId', 'spotFleetRequestId').str() ?? r.item.resourceId;
  return { properties: p, resourceId: id, ...(r.item.resourceName ? { name: r.item.resourceName } : {}) };
}
