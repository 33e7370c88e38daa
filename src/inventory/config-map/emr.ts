import type { ItemReader, MappedResource } from './item.js';

const PROPERTIES = ['atRestEncryptionEnabled', 'inTransitEncryptionEnabled', 's3EncryptionMode', 's3KmsKey', 'localDiskEncryption'];

/** Config records a security configuration's name and id only, so every encryption setting is unknown. */
export function mapSecurityConfiguration(r: ItemReader): MappedResource {
  const name = r.conf('Name', 'name').str() ?? r.item.resourceName ?? r.item.resourceId;
  for (const property of PROPERTIES) r.notRecorded(property, 'AWS Config records the name of an EMR security configuration, not its encryption settings.');
  return { properties: { name }, name, resourceId: name, arn: r.item.arn ?? undefined };
}
