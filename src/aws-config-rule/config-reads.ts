import {
  BatchGetResourceConfigCommand,
  GetResourceConfigHistoryCommand,
  ListDiscoveredResourcesCommand,
  type ConfigServiceClient,
  type ResourceKey,
  type ResourceType,
} from '@aws-sdk/client-config-service';

/** BatchGetResourceConfig takes at most 100 resource keys per call. */
export const BATCH_GET_LIMIT = 100;

/** A resource as AWS Config names it. */
export interface ConfigKey {
  resourceType: string;
  resourceId: string;
}

/** SDK output as plain JSON: times become ISO text, as the importer reads them from files and events. */
const plain = <T>(value: T): unknown => (value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown));

const keyOf = (k: ConfigKey): ResourceKey => ({ resourceType: k.resourceType as ResourceType, resourceId: k.resourceId });

/** The AWS Config reads the rule makes, and nothing else: the function's role allows exactly these. */
export class ConfigReads {
  constructor(private readonly client: ConfigServiceClient) {}

  /** The newest configuration item of a resource at or before `at` (an oversized item the event only summarized). */
  async latestItem(key: ConfigKey, at: Date): Promise<unknown> {
    const out = await this.client.send(new GetResourceConfigHistoryCommand({ ...keyOf(key), laterTime: at, limit: 1 }));
    if (!out.configurationItems) throw new Error('GetResourceConfigHistory returned no configurationItems');
    return plain(out.configurationItems[0]);
  }

  /**
   * The current items of resources, 100 keys a call. Keys Config leaves unprocessed (throttling) are asked
   * once more; what is still missing is simply absent from the answer, and callers treat it as unread.
   */
  async items(keys: readonly ConfigKey[]): Promise<unknown[]> {
    const found: unknown[] = [];
    for (let i = 0; i < keys.length; i += BATCH_GET_LIMIT) {
      let pending = keys.slice(i, i + BATCH_GET_LIMIT).map(keyOf);
      for (let attempt = 0; attempt < 2 && pending.length > 0; attempt++) {
        const out = await this.client.send(new BatchGetResourceConfigCommand({ resourceKeys: pending }));
        if (!out.baseConfigurationItems) throw new Error('BatchGetResourceConfig returned no baseConfigurationItems');
        found.push(...out.baseConfigurationItems.map(plain));
        pending = out.unprocessedResourceKeys ?? [];
      }
    }
    return found;
  }

  /** The resources of one type Config has discovered (not deleted), optionally only those with a name. */
  async discovered(resourceType: string, resourceName?: string): Promise<ConfigKey[]> {
    const keys: ConfigKey[] = [];
    let nextToken: string | undefined;
    do {
      const out = await this.client.send(
        new ListDiscoveredResourcesCommand({
          resourceType: resourceType as ResourceType,
          ...(resourceName ? { resourceName } : {}),
          includeDeletedResources: false,
          limit: 100,
          ...(nextToken ? { nextToken } : {}),
        }),
      );
      if (!out.resourceIdentifiers) throw new Error('ListDiscoveredResources returned no resourceIdentifiers');
      for (const r of out.resourceIdentifiers) {
        if (!r.resourceId) throw new Error('ListDiscoveredResources returned a resource without resourceId');
        keys.push({ resourceType, resourceId: r.resourceId });
      }
      nextToken = out.nextToken;
    } while (nextToken);
    return keys;
  }
}
