import { InputError } from '../errors.js';
import type { Snapshot } from './resource.js';

/** True for an AWS Config snapshot file or AWS Config API items. (Mapping is being written: see issue 2.) */
export function isConfigDocument(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && ('configurationItems' in doc || 'baseConfigurationItems' in doc || 'Results' in doc);
}

export function importConfigDocument(_doc: unknown, file: string): Snapshot {
  throw new InputError(`${file}: AWS Config import is not available in this build`);
}
