import { DescribeTableCommand, GetResourcePolicyCommand, ListTablesCommand, ListTagsOfResourceCommand } from '@aws-sdk/client-dynamodb';
import type { Resource } from '../inventory/resource.js';
import { required } from './always-present.js';
import { assign, forEach, listAll, policyDocumentFromText, recordOn, type Collector, type CollectorContext } from './context.js';
import { regionalArn, regionalResource } from './resource.js';

async function tableTags(ctx: CollectorContext, table: Resource): Promise<void> {
  const ddb = ctx.client('dynamodb');
  let token: string | undefined;
  do {
    const o = await ctx.call('dynamodb:ListTagsOfResource', () => ddb.send(new ListTagsOfResourceCommand({ ResourceArn: table.arn, ...(token ? { NextToken: token } : {}) })));
    if (!o.ok) return recordOn(table, { ...o.error, property: 'tags' });
    for (const t of o.value.Tags ?? []) if (t.Key !== undefined) table.tags[t.Key] = t.Value ?? '';
    token = o.value.NextToken;
  } while (token);
}

/** DynamoDB tables with their server-side encryption and resource policy. */
export const dynamodbCollector: Collector = {
  service: 'dynamodb',
  scope: 'region',
  async collect(ctx) {
    const ddb = ctx.client('dynamodb');
    const names = await listAll(
      ctx,
      'dynamodb:ListTables',
      (start) => ddb.send(new ListTablesCommand({ Limit: 100, ...(start ? { ExclusiveStartTableName: start } : {}) })),
      (o) => o.TableNames,
      (o) => o.LastEvaluatedTableName,
    );
    const tables: Resource[] = [];
    await forEach(names.items, async (name) => {
      const table = regionalResource(ctx, 'AWS::DynamoDB::Table', name, regionalArn(ctx, 'dynamodb', `table/${name}`), { tableName: name });
      // DescribeTable answers with the table description: without it, "no SSEDescription" would read as the AWS owned key.
      const o = required(await ctx.call('dynamodb:DescribeTable', () => ddb.send(new DescribeTableCommand({ TableName: name }))), 'Table', 'dynamodb:DescribeTable');
      if (o.ok && o.value.TableArn) table.arn = o.value.TableArn;
      if (o.ok) table.properties.tableStatus = o.value.TableStatus ?? null;
      else recordOn(table, { ...o.error, property: 'tableStatus' });
      // No SSEDescription means the table uses the default AWS owned key.
      assign(table, 'sse', o, (out) => {
        const sse = out.SSEDescription;
        return sse ? { status: sse.Status ?? 'ENABLED', sseType: sse.SSEType ?? null, kmsMasterKeyArn: sse.KMSMasterKeyArn ?? null } : null;
      });
      // PolicyNotFoundException is how DynamoDB says the table has no resource policy; an answer always carries the policy text.
      const policy = await ctx.call('dynamodb:GetResourcePolicy', () => ddb.send(new GetResourcePolicyCommand({ ResourceArn: table.arn })));
      assign(table, 'policy', required(policy, 'Policy', 'dynamodb:GetResourcePolicy'), policyDocumentFromText, { codes: ['PolicyNotFoundException'], value: null });
      await tableTags(ctx, table);
      tables.push(table);
      ctx.found(1);
    });
    return tables.sort((a, b) => a.resourceId.localeCompare(b.resourceId));
  },
};
