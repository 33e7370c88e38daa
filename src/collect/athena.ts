import { GetWorkGroupCommand, ListTagsForResourceCommand, ListWorkGroupsCommand, type WorkGroup } from '@aws-sdk/client-athena';
import { tagMap, type Collector } from './context.js';
import { declarativeCollector, describeInto, pagedTags } from './declarative.js';
import { regionalArn } from './resource.js';

const DESCRIBED = ['state', 'enforceWorkGroupConfiguration', 'outputLocation', 'resultEncryption'];

/** The result settings of a workgroup, in the model's terms. */
export function workGroupProperties(w: WorkGroup): Record<string, unknown> {
  const result = w.Configuration?.ResultConfiguration;
  const encryption = result?.EncryptionConfiguration;
  return {
    state: w.State ?? null,
    // Athena's default for a workgroup is to override client settings.
    enforceWorkGroupConfiguration: w.Configuration?.EnforceWorkGroupConfiguration ?? true,
    outputLocation: result?.OutputLocation ?? null,
    resultEncryption: encryption?.EncryptionOption ? { option: encryption.EncryptionOption, kmsKey: encryption.KmsKey ?? null } : null,
  };
}

/** Athena workgroups with the encryption of their query results. */
export const athenaCollector: Collector = declarativeCollector({
  service: 'athena',
  client: 'athena',
  resourceType: 'AWS::Athena::WorkGroup',
  list: {
    operation: 'athena:ListWorkGroups',
    page: (athena, t) => athena.send(new ListWorkGroupsCommand({ MaxResults: 50, ...(t ? { NextToken: t } : {}) })),
    items: (o) => o.WorkGroups,
    next: (o) => o.NextToken,
  },
  id: (w) => w.Name,
  idField: 'Name',
  arn: (ctx, _w, name) => regionalArn(ctx, 'athena', `workgroup/${name}`),
  listed: (_w, name) => ({ workGroupName: name }),
  reads: [
    describeInto({
      operation: 'athena:GetWorkGroup',
      send: (athena, _w, group) => athena.send(new GetWorkGroupCommand({ WorkGroup: group.resourceId })),
      pick: (o) => (o.WorkGroup ? workGroupProperties(o.WorkGroup) : undefined),
      properties: DESCRIBED,
      lacking: 'workgroup',
    }),
    pagedTags({
      operation: 'athena:ListTagsForResource',
      page: (athena, _w, group, t) => athena.send(new ListTagsForResourceCommand({ ResourceARN: group.arn, ...(t ? { NextToken: t } : {}) })),
      items: (o) => o.Tags,
      next: (o) => o.NextToken,
      map: tagMap,
    }),
  ],
});
