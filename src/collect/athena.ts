import { GetWorkGroupCommand, ListTagsForResourceCommand, ListWorkGroupsCommand, type WorkGroup } from '@aws-sdk/client-athena';
import type { Resource } from '../inventory/resource.js';
import { forEach, listAll, recordOn, tagMap, type Collector } from './context.js';
import { regionalArn, regionalResource } from './resource.js';

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
export const athenaCollector: Collector = {
  service: 'athena',
  scope: 'region',
  async collect(ctx) {
    const athena = ctx.client('athena');
    const list = await listAll(ctx, 'athena:ListWorkGroups', (t) => athena.send(new ListWorkGroupsCommand({ MaxResults: 50, ...(t ? { NextToken: t } : {}) })), (o) => o.WorkGroups, (o) => o.NextToken);
    const groups: Resource[] = [];
    await forEach(list.items.filter((w) => w.Name), async (w) => {
      const name = w.Name!;
      const arn = regionalArn(ctx, 'athena', `workgroup/${name}`);
      const group = regionalResource(ctx, 'AWS::Athena::WorkGroup', name, arn, { workGroupName: name });
      const [got, tags] = await Promise.all([
        ctx.call('athena:GetWorkGroup', () => athena.send(new GetWorkGroupCommand({ WorkGroup: name }))),
        listAll(ctx, 'athena:ListTagsForResource', (t) => athena.send(new ListTagsForResourceCommand({ ResourceARN: arn, ...(t ? { NextToken: t } : {}) })), (o) => o.Tags, (o) => o.NextToken),
      ]);
      const described = got.ok ? got.value.WorkGroup : undefined;
      if (described) Object.assign(group.properties, workGroupProperties(described));
      else {
        const error = got.ok ? { operation: 'athena:GetWorkGroup', code: 'EmptyResponse', message: 'the response had no workgroup' } : got.error;
        for (const property of DESCRIBED) recordOn(group, { ...error, property });
      }
      if (tags.complete) group.tags = tagMap(tags.items);
      else recordOn(group, { operation: 'athena:ListTagsForResource', code: 'Incomplete', message: 'the tags could not be read (see the region errors)', property: 'tags' });
      groups.push(group);
      ctx.found(1);
    });
    return groups.sort((a, b) => a.resourceId.localeCompare(b.resourceId));
  },
};
