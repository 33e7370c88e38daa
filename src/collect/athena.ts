import { GetWorkGroupCommand, ListTagsForResourceCommand, ListWorkGroupsCommand, type WorkGroup } from '@aws-sdk/client-athena';
import { requireFields, unknownIfAbsent } from './always-present.js';
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
    enforceWorkGroupConfiguration: w.Configuration?.EnforceWorkGroupConfiguration ?? null,
    outputLocation: result?.OutputLocation ?? null,
    // Without an EncryptionConfiguration the results are not encrypted by Athena (the reference: "if query results are encrypted…").
    resultEncryption: encryption ? { option: encryption.EncryptionOption ?? null, kmsKey: encryption.KmsKey ?? null } : null,
  };
}

/**
 * Athena workgroups with the encryption of their query results. Always present
 * (Athena API Reference): GetWorkGroup's WorkGroup (an unknown workgroup is an
 * InvalidRequestException) and its Name; EncryptionConfiguration's EncryptionOption.
 */
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
      pick: (o) => o.WorkGroup,
      field: 'WorkGroup',
      carries: ['Name'],
      map: workGroupProperties,
      properties: DESCRIBED,
      after: (r, w) => {
        // The reference gives no default for EnforceWorkGroupConfiguration (the console leaves "override client-side settings" off): unknown when absent.
        unknownIfAbsent(r, 'athena:GetWorkGroup', { enforceWorkGroupConfiguration: w.Configuration?.EnforceWorkGroupConfiguration });
        const encryption = w.Configuration?.ResultConfiguration?.EncryptionConfiguration;
        if (encryption) requireFields(r, 'athena:GetWorkGroup', { resultEncryption: encryption.EncryptionOption });
      },
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
