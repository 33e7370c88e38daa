import { put, type ItemReader, type MappedResource } from './item.js';

export function mapWorkGroup(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const name = r.conf('Name', 'name').str() ?? r.item.resourceName ?? r.item.resourceId;
  put(p, 'workGroupName', name);
  p.state = r.conf('State', 'state').str() ?? null;
  const config = r.conf('WorkGroupConfiguration', 'workGroupConfiguration');
  p.enforceWorkGroupConfiguration = config.first('EnforceWorkGroupConfiguration', 'enforceWorkGroupConfiguration').bool() ?? true;
  p.outputLocation = config.first('ResultConfiguration.OutputLocation', 'resultConfiguration.outputLocation').str() ?? null;
  const option = config.first('ResultConfiguration.EncryptionConfiguration.EncryptionOption', 'resultConfiguration.encryptionConfiguration.encryptionOption').str();
  p.resultEncryption = option
    ? { option, kmsKey: config.first('ResultConfiguration.EncryptionConfiguration.KmsKey', 'resultConfiguration.encryptionConfiguration.kmsKey').str() ?? null }
    : null;
  return { properties: p, name, resourceId: name, arn: r.item.arn ?? undefined };
}
