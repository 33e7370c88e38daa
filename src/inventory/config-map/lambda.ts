import { put, type ItemReader, type MappedResource } from './item.js';
import { parsePolicyText } from './policy-text.js';

export function mapFunction(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const name = r.conf('functionName').str() ?? r.item.resourceName ?? r.item.resourceId;
  put(p, 'functionName', name);
  put(p, 'runtime', r.conf('runtime').str());
  const key = r.conf('kmskeyArn', 'kmsKeyArn', 'kMSKeyArn').str();
  p.kmsKeyArn = key ? key : null;
  const env = r.conf('environment');
  if (env.missing) {
    r.notRecorded('environmentVariableNames', 'The AWS Config item has no environment for this function.');
  } else {
    // Only the names are kept: values are secrets more often than not, and sealcheck never stores them.
    const variables = env.object() ? env.at('variables').object() : null;
    p.environmentVariableNames = Object.keys(variables ?? {}).sort();
  }
  const policy = r.supp('Policy');
  if (policy.missing) r.notRecorded('policy', 'The AWS Config item has no resource-based Policy for this function.');
  else p.policy = policy.value === null || policy.value === '' ? null : parsePolicyText(policy.value);
  return { properties: p, name, arn: r.item.arn ?? r.conf('functionArn').str() ?? undefined };
}
