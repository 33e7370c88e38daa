import type { Collector } from './context.js';
import type { ServiceName } from './services.js';
import { s3Collector } from './s3.js';
import { kmsCollector } from './kms.js';

/** The collector of each service. */
export const COLLECTORS: Partial<Record<ServiceName, Collector>> = {
  s3: s3Collector,
  kms: kmsCollector,
};
