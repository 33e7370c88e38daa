/** The cache settings of one method of a stage, as GetStages (and AWS Config's item) gives them. */
export interface MethodCacheSettings {
  cachingEnabled?: boolean | null | undefined;
  cacheDataEncrypted?: boolean | null | undefined;
}

/**
 * A stage's `methodSettings`, keyed `resource/method` (`*\/*` for every method), as the
 * model's list. A setting left out is off, as API Gateway reports it. Shared by the
 * collector and the AWS Config mapper.
 */
export function methodSettingsList(settings: Iterable<[string, MethodCacheSettings]>): Record<string, unknown>[] {
  return [...settings].map(([method, m]) => ({
    method,
    cachingEnabled: m.cachingEnabled ?? false,
    cacheDataEncrypted: m.cacheDataEncrypted ?? false,
  }));
}
