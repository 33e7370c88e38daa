import { put, type ItemReader, type MappedResource } from './item.js';

export function mapVolume(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  put(p, 'volumeId', r.conf('volumeId').str() ?? r.item.resourceId);
  put(p, 'encrypted', r.conf('encrypted').bool() ?? undefined);
  p.kmsKeyId = r.conf('kmsKeyId').str() ?? null;
  // Newer items wrap the state in an object ({ value }), older ones write the string.
  const state = r.conf('state');
  put(p, 'state', typeof state.value === 'string' ? state.value : state.object() ? state.at('value').str() : state.str());
  put(p, 'size', r.conf('size').int());
  put(p, 'volumeType', r.conf('volumeType').str());
  const snapshot = r.conf('snapshotId').str();
  p.snapshotId = snapshot ? snapshot : null;
  const attachments = r.conf('attachments').list();
  if (attachments !== undefined) {
    p.attachedInstanceIds = (attachments ?? []).flatMap((a) => {
      const id = a.at('instanceId').str();
      return id ? [id] : [];
    });
  }
  return { properties: p, name: r.item.resourceName ?? undefined };
}
