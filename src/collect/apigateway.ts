import { GetDomainNamesCommand, GetRestApisCommand, GetStagesCommand, type DomainName, type RestApi, type Stage } from '@aws-sdk/client-api-gateway';
import type { Resource } from '../inventory/resource.js';
import { identified } from './always-present.js';
import { forEach, listAll, type Collector, type CollectorContext } from './context.js';
import { declarativeCollector } from './declarative.js';
import { regionalResource } from './resource.js';
import { inputRecord } from '../util/own.js';
import { methodSettingsList } from '../inventory/apigateway-stage.js';

const STAGE = 'AWS::ApiGateway::Stage';

/** API Gateway ARNs carry no account: `arn:aws:apigateway:<region>::/<path>`. */
function apigatewayArn(ctx: Pick<CollectorContext, 'partition' | 'region'>, path: string): string {
  return `arn:${ctx.partition}:apigateway:${ctx.region}::/${path}`;
}

function tagsOf(tags: Record<string, string> | undefined): Record<string, string> {
  return Object.assign(inputRecord<string>(), tags ?? {});
}

/** A stage's settings in the model's terms; `methodSettings` keyed `resource/method` (`*\/*` for every method) become a list. */
export function stageProperties(api: RestApi, s: Stage): Record<string, unknown> {
  return {
    restApiId: api.id!,
    restApiName: api.name ?? null,
    stageName: s.stageName!,
    // Without a client certificate API Gateway cannot prove itself to the backend.
    clientCertificateId: s.clientCertificateId ?? null,
    cacheClusterEnabled: s.cacheClusterEnabled ?? false,
    methodSettings: methodSettingsList(Object.entries(s.methodSettings ?? {})),
  };
}

/** The stages of every REST API: one resource per stage, named `<api name>/<stage>`. */
async function stages(ctx: CollectorContext): Promise<Resource[]> {
  const client = ctx.client('apigateway');
  const list = 'apigateway:GetRestApis';
  const apis = await listAll(ctx, list, (t) => client.send(new GetRestApisCommand({ limit: 500, ...(t ? { position: t } : {}) })), (o) => o.items, (o) => o.position);
  const out: Resource[] = [];
  await forEach(identified(ctx, apis.items, 'id', (a) => a.id, list), async (api) => {
    const operation = 'apigateway:GetStages';
    const got = await ctx.call(operation, () => client.send(new GetStagesCommand({ restApiId: api.id })));
    // The stages of this API are not known: recorded for the scope, so the snapshot says the list is incomplete.
    if (!got.ok) return ctx.scopeError(got.error);
    for (const s of identified(ctx, got.value.item ?? [], 'stageName', (x) => x.stageName, operation)) {
      const id = `${api.id!}/${s.stageName!}`;
      const arn = apigatewayArn(ctx, `restapis/${api.id!}/stages/${s.stageName!}`);
      out.push(regionalResource(ctx, STAGE, id, arn, stageProperties(api, s), { name: `${api.name ?? api.id!}/${s.stageName!}`, tags: tagsOf(s.tags) }));
      ctx.found(1);
    }
  });
  return out.sort((a, b) => a.resourceId.localeCompare(b.resourceId));
}

/** Custom domain names with their TLS security policy and certificates. */
const domainNames: Collector = declarativeCollector({
  service: 'apigateway',
  client: 'apigateway',
  resourceType: 'AWS::ApiGateway::DomainName',
  list: {
    operation: 'apigateway:GetDomainNames',
    page: (c, t) => c.send(new GetDomainNamesCommand({ limit: 500, ...(t ? { position: t } : {}) })),
    items: (o) => o.items,
    next: (o) => o.position,
  },
  id: (d: DomainName) => d.domainName,
  idField: 'domainName',
  arn: (ctx, _d, name) => apigatewayArn(ctx, `domainnames/${name}`),
  listed: (d, name) => ({
    domainName: name,
    securityPolicy: d.securityPolicy ?? null,
    endpointTypes: d.endpointConfiguration?.types ?? [],
    certificateArn: d.certificateArn ?? null,
    regionalCertificateArn: d.regionalCertificateArn ?? null,
  }),
  // API Gateway names a policy for every domain; the reference does not say what a missing one means.
  unreported: (d) => ({ securityPolicy: d.securityPolicy }),
  listedTags: (d) => tagsOf(d.tags),
  reads: [],
});

/**
 * API Gateway REST API stages (client certificate for the backend, cache
 * settings) and custom domain names (TLS security policy). HTTP and WebSocket
 * APIs (API Gateway v2) are not read.
 */
export const apigatewayCollector: Collector = {
  service: 'apigateway',
  scope: 'region',
  async collect(ctx) {
    const [s, d] = await Promise.all([stages(ctx), domainNames.collect(ctx)]);
    return [...s, ...d];
  },
};
