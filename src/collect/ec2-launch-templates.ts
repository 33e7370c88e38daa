import {
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeSpotFleetRequestsCommand,
  type LaunchTemplate,
  type SpotFleetRequestConfig,
} from '@aws-sdk/client-ec2';
import { tagMap, type Collector } from './context.js';
import { declarativeCollector, describeInto } from './declarative.js';
import { regionalArn } from './resource.js';
import { ebsVolumes } from '../inventory/ebs-mappings.js';

/**
 * Launch templates with the EBS volumes their default version creates: the
 * version an instance, Auto Scaling group or fleet launches when it names no
 * version (the one AWS Config's rule judges too).
 */
export const launchTemplateCollector: Collector = declarativeCollector({
  service: 'ec2',
  client: 'ec2',
  resourceType: 'AWS::EC2::LaunchTemplate',
  list: {
    operation: 'ec2:DescribeLaunchTemplates',
    page: (ec2, t) => ec2.send(new DescribeLaunchTemplatesCommand({ MaxResults: 200, ...(t ? { NextToken: t } : {}) })),
    items: (o) => o.LaunchTemplates,
    next: (o) => o.NextToken,
  },
  id: (t: LaunchTemplate) => t.LaunchTemplateId,
  idField: 'LaunchTemplateId',
  arn: (ctx, _t, id) => regionalArn(ctx, 'ec2', `launch-template/${id}`),
  listed: (t) => ({
    launchTemplateName: t.LaunchTemplateName ?? null,
    defaultVersionNumber: t.DefaultVersionNumber ?? null,
    latestVersionNumber: t.LatestVersionNumber ?? null,
  }),
  listedTags: (t) => tagMap(t.Tags),
  reads: [
    describeInto({
      operation: 'ec2:DescribeLaunchTemplateVersions',
      send: (ec2, t) => ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: t.LaunchTemplateId!, Versions: ['$Default'] })),
      pick: (o) => o.LaunchTemplateVersions?.[0],
      field: 'LaunchTemplateVersions',
      carries: ['LaunchTemplateData'],
      map: (v) => ({ defaultVersion: { versionNumber: v.VersionNumber ?? null, ebsVolumes: ebsVolumes(v.LaunchTemplateData?.BlockDeviceMappings) } }),
      properties: ['defaultVersion'],
    }),
  ],
});

/** The launch templates a Spot Fleet request launches from (their volumes are judged on the templates). */
function templatesOf(c: SpotFleetRequestConfig): Record<string, unknown>[] {
  return (c.SpotFleetRequestConfig?.LaunchTemplateConfigs ?? []).flatMap((l) => {
    const s = l.LaunchTemplateSpecification;
    return s ? [{ launchTemplateId: s.LaunchTemplateId ?? null, launchTemplateName: s.LaunchTemplateName ?? null, version: s.Version ?? null }] : [];
  });
}

/**
 * Spot Fleet requests with the EBS volumes their launch specifications create.
 * A request that launches from launch templates instead lists them; Security
 * Hub's control (EC2.173) does not judge those either.
 */
export const spotFleetCollector: Collector = declarativeCollector({
  service: 'ec2',
  client: 'ec2',
  resourceType: 'AWS::EC2::SpotFleet',
  list: {
    operation: 'ec2:DescribeSpotFleetRequests',
    page: (ec2, t) => ec2.send(new DescribeSpotFleetRequestsCommand({ MaxResults: 1000, ...(t ? { NextToken: t } : {}) })),
    items: (o) => o.SpotFleetRequestConfigs,
    next: (o) => o.NextToken,
  },
  id: (c: SpotFleetRequestConfig) => (c.SpotFleetRequestConfig ? c.SpotFleetRequestId : undefined),
  idField: 'SpotFleetRequestId or SpotFleetRequestConfig',
  arn: (ctx, _c, id) => regionalArn(ctx, 'ec2', `spot-fleet-request/${id}`),
  listed: (c) => ({
    state: c.SpotFleetRequestState ?? null,
    ebsVolumes: (c.SpotFleetRequestConfig?.LaunchSpecifications ?? []).flatMap((s) => ebsVolumes(s.BlockDeviceMappings)),
    launchTemplates: templatesOf(c),
  }),
  listedTags: (c) => tagMap(c.Tags),
  reads: [],
});
