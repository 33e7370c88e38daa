import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { AwsCommand, AwsStub } from 'aws-sdk-client-mock';
import type { Resource, ScopedCollectionError } from '../../src/inventory/resource.js';
import { resourceSchemas } from '../../src/inventory/resource-schemas.js';
import { CLIENT_KINDS, ClientPool, DEFAULT_CLIENT_SETTINGS, loadClients } from '../../src/collect/clients.js';
import { createContext, type Collector, type CollectorContext, type ContextDeps } from '../../src/collect/context.js';
import { DEFAULT_CONCURRENCY, Limiters } from '../../src/collect/limits.js';
import { silentProgress } from '../../src/collect/progress.js';
import type { ServiceName } from '../../src/collect/services.js';

// Collector tests make clients synchronously, as collectors do once a run has loaded them.
await loadClients(CLIENT_KINDS);

export const FIXTURES = join(import.meta.dirname, '../../fixtures/aws');
export const ACCOUNT = '123456789012';

// SDK outputs carry Date objects where the wire has timestamps; recorded JSON has ISO strings.
const DATE_KEY = /(Date|Time|^ValidTo|^NotBefore|^NotAfter|^DeleteAt)$/;

function revive(value: unknown, key = ''): unknown {
  if (typeof value === 'string' && DATE_KEY.test(key) && !Number.isNaN(Date.parse(value))) return new Date(value);
  if (Array.isArray(value)) return value.map((v) => revive(v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v, k)]));
  return value;
}

/** A recorded response, `fixtures/aws/<service>.<Operation>[_n].json`, as the SDK returns it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function fixture(name: string): any {
  return revive(JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')));
}

/**
 * Answers each command with its recorded response, `<service>.<Operation>`
 * by the fixtures' naming, whatever its input.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function answerRecorded(mock: AwsStub<any, any, any>, service: string, commands: (new (input: any) => AwsCommand<any, any>)[]): void {
  for (const command of commands) mock.on(command).resolves(fixture(`${service}.${command.name.replace(/Command$/, '')}`));
}

/** An SDK-shaped service error. */
export function awsError(name: string, status = 400, message = `${name} (test)`): Error {
  return Object.assign(new Error(message), { name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status } });
}

export interface TestContext {
  ctx: CollectorContext;
  errors: ScopedCollectionError[];
  skipped: Record<string, number>;
  clients: ClientPool;
}

/** A collector context with static fake credentials; the clients are mocked with aws-sdk-client-mock by the test. */
export function testContext(service: ServiceName, region = 'eu-west-1', regions: string[] = [region]): TestContext {
  const clients = new ClientPool({ accessKeyId: 'test', secretAccessKey: 'test' }, { ...DEFAULT_CLIENT_SETTINGS, maxAttempts: 1 });
  const errors: ScopedCollectionError[] = [];
  const skipped: Record<string, number> = {};
  const deps: ContextDeps = {
    accountId: ACCOUNT,
    partition: 'aws',
    regions,
    clients,
    limiters: new Limiters(DEFAULT_CONCURRENCY),
    progress: silentProgress,
    errors,
    skipped,
  };
  return { ctx: createContext(deps, service, region), errors, skipped, clients };
}

/** Every resource must validate against its type's property schema. */
export function expectValid(resources: Resource[]): void {
  const schemas = resourceSchemas();
  for (const r of resources) {
    expect(schemas.schema(r.resourceType), r.resourceType).toBeDefined();
    expect(schemas.validate(r.resourceType, r.properties), `${r.resourceType} ${r.resourceId}`).toBeNull();
  }
}

/** Runs `collector` in a fresh {@link testContext} for its own service and checks every resource against its schema. */
export async function collectValid(collector: Collector, region?: string, regions?: string[]): Promise<Omit<TestContext, 'ctx'> & { resources: Resource[] }> {
  const { ctx, ...rest } = testContext(collector.service, region, regions);
  const resources = await collector.collect(ctx);
  expectValid(resources);
  return { resources, ...rest };
}

export function byId(resources: Resource[], type: string, id: string): Resource {
  const r = resources.find((x) => x.resourceType === type && x.resourceId === id);
  if (!r) throw new Error(`no ${type} ${id} among ${resources.map((x) => x.resourceId).join(', ')}`);
  return r;
}

/** Runs `collector` as {@link collectValid} does and expects it to record no error: the resources it read. */
export async function collectClean(collector: Collector, region?: string, regions?: string[]): Promise<Resource[]> {
  const { resources, errors } = await collectValid(collector, region, regions);
  expect(errors, 'errors recorded for the region').toEqual([]);
  return resources;
}

/** Expects `collector` to find nothing and record nothing, as in a region without any of its resources. */
export async function expectNothingCollected(collector: Collector): Promise<void> {
  expect(await collectClean(collector)).toEqual([]);
}

/** Expects `collector` to return nothing and record one error for the region: `operation` failed with `code`. */
export async function expectRegionFailure(collector: Collector, operation: string, code: string): Promise<void> {
  const { resources, errors } = await collectValid(collector);
  expect(resources).toEqual([]);
  expect(errors).toEqual([expect.objectContaining({ operation, code })]);
}

/** Expects the resource's tags to be empty because reading them failed, and that failure to be the only error on it. */
export function expectTagsDenied(resource: Resource, operation: string, code: string): void {
  expect(resource.tags).toEqual({});
  expect(resource.errors).toEqual([expect.objectContaining({ property: 'tags', operation, code })]);
}

/** The errors recorded on a resource, as `property:code`, in order. */
export const errorCodes = (resource: Resource): string[] | undefined => resource.errors?.map((e) => `${e.property}:${e.code}`);
