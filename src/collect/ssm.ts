import { DescribeParametersCommand, ListTagsForResourceCommand } from '@aws-sdk/client-ssm';
import type { Resource } from '../inventory/resource.js';
import { identified, requireItem, unknownIfAbsent } from './always-present.js';
import { assignTags, forEach, isoDate, listAll, tagMap, type Collector } from './context.js';
import { regionalArn, regionalResource } from './resource.js';

/**
 * Parameter Store parameters from their metadata (DescribeParameters). Values
 * are secrets more often than not: this collector never asks for them, and the
 * least-privilege test refuses GetParameter/GetParameters in the collect source.
 *
 * The SSM API Reference marks no member of ParameterMetadata as always returned;
 * every parameter has a name and a type (String, StringList or SecureString), so
 * an item without Type is an odd answer (its name kept, the rest unknown), and a
 * SecureString is always encrypted with a KMS key, so one without KeyId leaves
 * the key unknown rather than "none".
 */
export const ssmCollector: Collector = {
  service: 'ssm',
  scope: 'region',
  async collect(ctx) {
    const ssm = ctx.client('ssm');
    const list = await listAll(
      ctx,
      'ssm:DescribeParameters',
      (t) => ssm.send(new DescribeParametersCommand({ MaxResults: 50, ...(t ? { NextToken: t } : {}) })),
      (o) => o.Parameters,
      (o) => o.NextToken,
    );
    const parameters: Resource[] = [];
    await forEach(identified(ctx, list.items, 'Name', (p) => p.Name, 'ssm:DescribeParameters'), async (p) => {
      const name = p.Name!;
      // Names with a leading slash are hierarchical; the ARN joins them without doubling it.
      const arn = p.ARN ?? regionalArn(ctx, 'ssm', `parameter${name.startsWith('/') ? '' : '/'}${name}`);
      const param = regionalResource(ctx, 'AWS::SSM::Parameter', name, arn, {
        name,
        type: p.Type ?? null,
        keyId: p.Type === 'SecureString' ? (p.KeyId ?? null) : null,
        tier: p.Tier ?? null,
        dataType: p.DataType ?? null,
        lastModifiedDate: isoDate(p.LastModifiedDate),
      });
      if (requireItem(param, p, ['Type'], 'ssm:DescribeParameters', ['name'])) {
        unknownIfAbsent(param, 'ssm:DescribeParameters', p.Type === 'SecureString' ? { keyId: p.KeyId } : {});
      }
      const tags = await ctx.call('ssm:ListTagsForResource', () => ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: name })));
      assignTags(param, tags, (o) => tagMap(o.TagList));
      parameters.push(param);
      ctx.found(1);
    });
    return parameters.sort((a, b) => a.resourceId.localeCompare(b.resourceId));
  },
};
