import { GetMLTransformsCommand, GetTagsCommand, type MLTransform } from '@aws-sdk/client-glue';
import type { Resource } from '../inventory/resource.js';
import { requireFields, unknownIfAbsent } from './always-present.js';
import type { Collector } from './context.js';
import { declarativeCollector, tagsFrom } from './declarative.js';
import { regionalArn } from './resource.js';
import { inputRecord } from '../util/own.js';

const text = (v: string | undefined): string | null => (v === undefined || v === '' ? null : v);

/**
 * The encryption settings of a machine learning transform: how the user data it
 * keeps in Amazon S3 (imported labels, the trained transform) is encrypted, the
 * KMS key, and the security configuration its task runs use. The transform's
 * schema, tables and parameters stay out of the model.
 */
export function mlTransformProperties(t: MLTransform): Record<string, unknown> {
  const enc = t.TransformEncryption;
  return {
    name: text(t.Name),
    status: t.Status ?? null,
    mlUserDataEncryptionMode: enc?.MlUserDataEncryption?.MlUserDataEncryptionMode ?? null,
    kmsKeyId: text(enc?.MlUserDataEncryption?.KmsKeyId),
    taskRunSecurityConfiguration: text(enc?.TaskRunSecurityConfigurationName),
  };
}

/**
 * The fields the answer leaves open. The Glue API Reference makes
 * MlUserDataEncryptionMode a required member of MLUserDataEncryption, so an
 * object without it is an odd answer; it does not say what a transform without
 * TransformEncryption or MLUserDataEncryption means (Glue reports DISABLED as a
 * mode of its own), so the mode is unknown then, not "off".
 */
function checkEncryption(r: Resource, t: MLTransform): void {
  const op = 'glue:GetMLTransforms';
  const user = t.TransformEncryption?.MlUserDataEncryption;
  if (user) requireFields(r, op, { mlUserDataEncryptionMode: user.MlUserDataEncryptionMode });
  else unknownIfAbsent(r, op, { mlUserDataEncryptionMode: undefined });
  unknownIfAbsent(r, op, { status: t.Status });
}

/**
 * Glue machine learning transforms (GetMLTransforms, which gives each
 * transform whole, page by page) with their tags (GetTags on the transform's
 * ARN, arn:…:glue:<region>:<account>:mlTransform/<id>).
 */
export const glueMlTransformsCollector: Collector = declarativeCollector({
  service: 'glue',
  client: 'glue',
  resourceType: 'AWS::Glue::MLTransform',
  list: {
    operation: 'glue:GetMLTransforms',
    page: (glue, t) => glue.send(new GetMLTransformsCommand({ MaxResults: 100, ...(t ? { NextToken: t } : {}) })),
    items: (o) => o.Transforms,
    next: (o) => o.NextToken,
  },
  id: (t: MLTransform) => t.TransformId,
  idField: 'TransformId',
  arn: (ctx, _t, id) => regionalArn(ctx, 'glue', `mlTransform/${id}`),
  name: (t) => text(t.Name),
  listed: (t, id) => ({ transformId: id, ...mlTransformProperties(t) }),
  after: checkEncryption,
  reads: [
    tagsFrom({
      operation: 'glue:GetTags',
      send: (glue, _t, r) => glue.send(new GetTagsCommand({ ResourceArn: r.arn })),
      map: (o) => Object.assign(inputRecord<string>(), o.Tags),
    }),
  ],
});
