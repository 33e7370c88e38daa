import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BatchGetResourceConfigCommand,
  ConfigServiceClient,
  GetResourceConfigHistoryCommand,
  ListDiscoveredResourcesCommand,
  PutEvaluationsCommand,
  type Evaluation,
} from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { ROOT } from '../cli/run-cli.js';

/** A configuration item as BatchGetResourceConfig returns it (JSON fields; times as text in the fixture). */
export interface ApiItem {
  resourceType: string;
  resourceId: string;
  resourceName?: string;
  awsRegion: string;
  configurationItemCaptureTime: string;
  [key: string]: unknown;
}

/** The recorded API items of the Config import tests: one account's buckets, keys, aliases, volumes, queues… */
export const API_ITEMS: readonly ApiItem[] = (JSON.parse(readFileSync(join(ROOT, 'fixtures/config/config-api.BatchGetResourceConfig.json'), 'utf8')) as { baseConfigurationItems: ApiItem[] })
  .baseConfigurationItems;

/** An invocation event fixture, as AWS Config documents it. */
export const eventFixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(ROOT, 'fixtures/aws-config-rule', `event.${name}.json`), 'utf8')) as Record<string, unknown>;

/** The SDK turns times into Date objects: the stub does too, so the handler meets what it meets in Lambda. */
const asSdk = (item: ApiItem) => ({ ...item, configurationItemCaptureTime: new Date(item.configurationItemCaptureTime) });

/**
 * AWS Config in one account and Region, answering from a list of items: BatchGetResourceConfig by key,
 * ListDiscoveredResources by type (and name) in pages of `limit`, GetResourceConfigHistory with the item
 * as the history API gives it, and PutEvaluations recorded (with `failed` evaluations refused).
 */
export function stubConfig(items: readonly ApiItem[], options: { region?: string; failed?: number } = {}) {
  const region = options.region ?? 'eu-west-1';
  const here = items.filter((i) => i.awsRegion === region);
  const mock = mockClient(ConfigServiceClient);
  const puts: { evaluations: Evaluation[]; token: string | undefined; testMode: boolean | undefined }[] = [];
  mock.on(BatchGetResourceConfigCommand).callsFake((input: { resourceKeys: { resourceType: string; resourceId: string }[] }) => {
    if (input.resourceKeys.length > 100) throw new Error('BatchGetResourceConfig: more than 100 keys');
    return {
      baseConfigurationItems: input.resourceKeys.flatMap((k) => here.filter((i) => i.resourceType === k.resourceType && i.resourceId === k.resourceId).map(asSdk)),
      unprocessedResourceKeys: [],
    };
  });
  mock.on(ListDiscoveredResourcesCommand).callsFake((input: { resourceType: string; resourceName?: string; limit?: number; nextToken?: string }) => {
    const all = here.filter((i) => i.resourceType === input.resourceType && (input.resourceName === undefined || i.resourceName === input.resourceName));
    const from = Number(input.nextToken ?? '0');
    const to = from + (input.limit ?? 100);
    return {
      resourceIdentifiers: all.slice(from, to).map((i) => ({ resourceType: i.resourceType, resourceId: i.resourceId, ...(i.resourceName ? { resourceName: i.resourceName } : {}) })),
      ...(to < all.length ? { nextToken: String(to) } : {}),
    };
  });
  mock.on(GetResourceConfigHistoryCommand).callsFake((input: { resourceType: string; resourceId: string; laterTime?: Date }) => ({
    configurationItems: here
      .filter((i) => i.resourceType === input.resourceType && i.resourceId === input.resourceId)
      .filter((i) => !input.laterTime || Date.parse(i.configurationItemCaptureTime) <= input.laterTime.getTime())
      .map((i) => ({ ...asSdk(i), tags: {}, relationships: [] })),
  }));
  mock.on(PutEvaluationsCommand).callsFake((input: { Evaluations: Evaluation[]; ResultToken?: string; TestMode?: boolean }) => {
    if (input.Evaluations.length > 100) throw new Error('PutEvaluations: more than 100 evaluations');
    puts.push({ evaluations: input.Evaluations, token: input.ResultToken, testMode: input.TestMode });
    return { FailedEvaluations: input.Evaluations.slice(0, options.failed ?? 0) };
  });
  return { mock, puts, client: new ConfigServiceClient({ region }) };
}
