import { resolveKey } from './kms.js';
import { ACCOUNT, REGION, type AccountState, type TableState } from './state.js';
import { epochSeconds, json, jsonError, page, type Reply } from './wire.js';

function description(t: TableState): Record<string, unknown> {
  return {
    TableName: t.name,
    TableArn: t.arn,
    TableStatus: 'ACTIVE',
    CreationDateTime: epochSeconds(t.created),
    ItemCount: 0,
    TableSizeBytes: 0,
    // A table on the default AWS owned key has no SSEDescription at all.
    ...(t.kmsKeyArn ? { SSEDescription: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: t.kmsKeyArn } } : {}),
  };
}

/** DynamoDB (JSON 1.0, target prefix DynamoDB_20120810): tables, their encryption and resource policies. */
export function dynamodb(state: AccountState, op: string, body: Record<string, unknown>, pageSize: number | undefined): Reply | undefined {
  switch (op) {
    case 'CreateTable': {
      const name = String(body.TableName);
      if (state.tables.has(name)) return jsonError('com.amazonaws.dynamodb.v20120810#ResourceInUseException', `Table already exists: ${name}`);
      const sse = body.SSESpecification as { Enabled?: boolean; SSEType?: string; KMSMasterKeyId?: string } | undefined;
      let kmsKeyArn: string | undefined;
      if (sse?.Enabled) {
        // Enabled without a key of the user's means the AWS managed key aws/dynamodb.
        const key = resolveKey(state, sse.KMSMasterKeyId ?? 'alias/aws/dynamodb');
        if (!key) return jsonError('com.amazonaws.dynamodb.v20120810#ValidationException', `KMS key ${sse.KMSMasterKeyId} not found`);
        kmsKeyArn = key.arn;
      }
      const tags: Record<string, string> = {};
      for (const t of (body.Tags as { Key: string; Value: string }[] | undefined) ?? []) tags[t.Key] = t.Value;
      const t: TableState = { name, arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`, created: new Date(), ...(kmsKeyArn ? { kmsKeyArn } : {}), tags };
      state.tables.set(name, t);
      return json({ TableDescription: { ...description(t), TableStatus: 'CREATING' } });
    }
    case 'ListTables': {
      // DynamoDB pages by name: the next page starts after the last name of this one.
      const names = [...state.tables.keys()].sort();
      const after = body.ExclusiveStartTableName as string | undefined;
      const { items, next } = page(names, after ? `page-${names.indexOf(after) + 1}` : undefined, pageSize);
      return json({ TableNames: items, ...(next ? { LastEvaluatedTableName: items.at(-1) } : {}) });
    }
    case 'DescribeTable': {
      const t = state.tables.get(String(body.TableName));
      return t ? json({ Table: description(t) }) : jsonError('com.amazonaws.dynamodb.v20120810#ResourceNotFoundException', `Requested resource not found: Table: ${String(body.TableName)} not found`);
    }
    case 'ListTagsOfResource': {
      const t = [...state.tables.values()].find((x) => x.arn === body.ResourceArn);
      if (!t) return jsonError('com.amazonaws.dynamodb.v20120810#ResourceNotFoundException', `Requested resource not found: ${String(body.ResourceArn)}`);
      return json({ Tags: Object.entries(t.tags).map(([Key, Value]) => ({ Key, Value })) });
    }
    case 'PutResourcePolicy': {
      const t = [...state.tables.values()].find((x) => x.arn === body.ResourceArn);
      if (!t) return jsonError('com.amazonaws.dynamodb.v20120810#ResourceNotFoundException', `Requested resource not found: ${String(body.ResourceArn)}`);
      t.policy = String(body.Policy);
      return json({ RevisionId: String(Date.now()) });
    }
    case 'GetResourcePolicy': {
      const t = [...state.tables.values()].find((x) => x.arn === body.ResourceArn);
      if (!t) return jsonError('com.amazonaws.dynamodb.v20120810#ResourceNotFoundException', `Requested resource not found: ${String(body.ResourceArn)}`);
      if (t.policy === undefined) return jsonError('com.amazonaws.dynamodb.v20120810#PolicyNotFoundException', `Resource-based policy not found for the provided ResourceArn: ${t.arn}`);
      return json({ Policy: t.policy, RevisionId: '1' });
    }
    default:
      return undefined;
  }
}
