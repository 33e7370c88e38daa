import { afterEach, describe } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { GetPolicyCommand, LambdaClient, ListFunctionsCommand, ListTagsCommand } from '@aws-sdk/client-lambda';
import { GetResourcePolicyCommand, ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DescribeParametersCommand, ListTagsForResourceCommand, SSMClient } from '@aws-sdk/client-ssm';
import { lambdaCollector } from '../../../src/collect/lambda.js';
import { secretsmanagerCollector } from '../../../src/collect/secretsmanager.js';
import { ssmCollector } from '../../../src/collect/ssm.js';
import { ACCOUNT } from '../helpers.js';
import { neverJudgedFromMissingFields, type OddAnswer } from './verdicts.js';

const lambda = mockClient(LambdaClient);
const ssm = mockClient(SSMClient);
const sm = mockClient(SecretsManagerClient);
afterEach(() => [lambda, ssm, sm].forEach((m) => m.reset()));

const SECRET_ARN = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:db-AbCdEf`;

const CASES: OddAnswer[] = [
  {
    name: 'Lambda function without Role (no KMSKeyArn cannot then mean "no customer key"), GetPolicy without Policy',
    collector: lambdaCollector,
    types: ['AWS::Lambda::Function'],
    serve: () => {
      lambda.on(ListFunctionsCommand).resolves({ Functions: [{ FunctionName: 'api', FunctionArn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:api` }] });
      lambda.on(GetPolicyCommand).resolves({});
      lambda.on(ListTagsCommand).resolves({ Tags: {} });
    },
  },
  {
    name: 'SSM parameter without Type',
    collector: ssmCollector,
    types: ['AWS::SSM::Parameter'],
    serve: () => {
      ssm.on(DescribeParametersCommand).resolves({ Parameters: [{ Name: '/prod/db_password' }] });
      ssm.on(ListTagsForResourceCommand).resolves({ TagList: [] });
    },
  },
  {
    name: 'SSM SecureString without KeyId (unexplained when absent)',
    collector: ssmCollector,
    types: ['AWS::SSM::Parameter'],
    rules: ['ssm-parameter-secure-string-customer-kms'],
    serve: () => {
      ssm.on(DescribeParametersCommand).resolves({ Parameters: [{ Name: '/prod/db_password', Type: 'SecureString' }] });
      ssm.on(ListTagsForResourceCommand).resolves({ TagList: [] });
    },
  },
  {
    name: 'Secrets Manager entry without CreatedDate (no KmsKeyId cannot then mean the AWS managed key), GetResourcePolicy without ARN',
    collector: secretsmanagerCollector,
    types: ['AWS::SecretsManager::Secret'],
    serve: () => {
      sm.on(ListSecretsCommand).resolves({ SecretList: [{ ARN: SECRET_ARN, Name: 'db' }] });
      sm.on(GetResourcePolicyCommand).resolves({});
    },
  },
];

describe('functions and secrets: an answer lacking what every valid answer carries leaves every rule UNKNOWN, never PASS', () => {
  neverJudgedFromMissingFields(CASES);
});
