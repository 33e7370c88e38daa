import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeTableCommand, DynamoDBClient, ListTablesCommand, ListTagsOfResourceCommand } from '@aws-sdk/client-dynamodb';
import { dynamodbCollector } from '../../src/collect/dynamodb.js';
import { awsError, byId, collectClean, collectValid, errorCodes, expectNothingCollected, fixture } from './helpers.js';

const ddb = mockClient(DynamoDBClient);

function recorded(): void {
  ddb.on(ListTablesCommand).resolves(fixture('dynamodb.ListTables_1'));
  ddb.on(ListTablesCommand, { ExclusiveStartTableName: 'orders' }).resolves(fixture('dynamodb.ListTables_2'));
  ddb.on(DescribeTableCommand).resolves(fixture('dynamodb.DescribeTable_2'));
  ddb.on(DescribeTableCommand, { TableName: 'carts' }).resolves(fixture('dynamodb.DescribeTable_1'));
  ddb.on(ListTagsOfResourceCommand).resolves(fixture('dynamodb.ListTagsOfResource'));
}

beforeEach(() => ddb.reset());

describe('dynamodb collector', () => {
  it('reads both pages of tables and maps the SSE description (none = AWS owned key)', async () => {
    recorded();
    const resources = await collectClean(dynamodbCollector);
    expect(resources.map((r) => r.resourceId)).toEqual(['carts', 'orders', 'sessions']);
    expect(byId(resources, 'AWS::DynamoDB::Table', 'carts').properties).toEqual({
      tableName: 'carts',
      tableStatus: 'ACTIVE',
      sse: { status: 'ENABLED', sseType: 'KMS', kmsMasterKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
    });
    expect(byId(resources, 'AWS::DynamoDB::Table', 'sessions').properties.sse).toBeNull();
    expect(byId(resources, 'AWS::DynamoDB::Table', 'carts').tags).toEqual({ app: 'shop' });
  });

  it('returns nothing for a region without tables', async () => {
    ddb.on(ListTablesCommand).resolves({ TableNames: [] });
    await expectNothingCollected(dynamodbCollector);
  });

  it('keeps a table whose description is denied, with sse absent and the error recorded', async () => {
    recorded();
    ddb.on(DescribeTableCommand, { TableName: 'orders' }).rejects(awsError('AccessDeniedException'));
    ddb.on(ListTagsOfResourceCommand).rejects(awsError('ThrottlingException'));
    const { resources } = await collectValid(dynamodbCollector);
    const orders = byId(resources, 'AWS::DynamoDB::Table', 'orders');
    expect(orders.properties).toEqual({ tableName: 'orders' });
    expect(errorCodes(orders)).toEqual(['tableStatus:AccessDeniedException', 'sse:AccessDeniedException', 'tags:ThrottlingException']);
    expect(byId(resources, 'AWS::DynamoDB::Table', 'carts').properties.sse).not.toBeUndefined();
  });
});
