import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeTableCommand, DynamoDBClient, GetResourcePolicyCommand, ListTablesCommand, ListTagsOfResourceCommand } from '@aws-sdk/client-dynamodb';
import { dynamodbCollector } from '../../src/collect/dynamodb.js';
import { awsError, byId, collectClean, collectValid, errorCodes, expectNothingCollected, fixture } from './helpers.js';

const ddb = mockClient(DynamoDBClient);

function recorded(): void {
  ddb.on(ListTablesCommand).resolves(fixture('dynamodb.ListTables_1'));
  ddb.on(ListTablesCommand, { ExclusiveStartTableName: 'orders' }).resolves(fixture('dynamodb.ListTables_2'));
  ddb.on(DescribeTableCommand).resolves(fixture('dynamodb.DescribeTable_2'));
  ddb.on(DescribeTableCommand, { TableName: 'carts' }).resolves(fixture('dynamodb.DescribeTable_1'));
  ddb.on(ListTagsOfResourceCommand).resolves(fixture('dynamodb.ListTagsOfResource'));
  // Only carts has a resource policy: DynamoDB answers PolicyNotFoundException for the others.
  ddb.on(GetResourcePolicyCommand).rejects(awsError('PolicyNotFoundException'));
  ddb.on(GetResourcePolicyCommand, { ResourceArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/carts' }).resolves(fixture('dynamodb.GetResourcePolicy'));
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
      policy: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'PartnerReads',
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::444455556666:role/partner-reader' },
            Action: ['dynamodb:GetItem', 'dynamodb:Query'],
            Resource: 'arn:aws:dynamodb:eu-west-1:123456789012:table/carts',
          },
        ],
      },
    });
    expect(byId(resources, 'AWS::DynamoDB::Table', 'sessions').properties.sse).toBeNull();
    // PolicyNotFoundException is "no policy", not an error.
    expect(byId(resources, 'AWS::DynamoDB::Table', 'sessions').properties.policy).toBeNull();
    expect(byId(resources, 'AWS::DynamoDB::Table', 'sessions').errors).toBeUndefined();
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
    ddb.on(GetResourcePolicyCommand, { ResourceArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders' }).rejects(awsError('AccessDeniedException'));
    const { resources } = await collectValid(dynamodbCollector);
    const orders = byId(resources, 'AWS::DynamoDB::Table', 'orders');
    expect(orders.properties).toEqual({ tableName: 'orders' });
    expect(errorCodes(orders)).toEqual(['tableStatus:AccessDeniedException', 'sse:AccessDeniedException', 'policy:AccessDeniedException', 'tags:ThrottlingException']);
    expect(byId(resources, 'AWS::DynamoDB::Table', 'carts').properties.sse).not.toBeUndefined();
  });
});
