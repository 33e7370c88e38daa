import { methodSettingsList } from '../apigateway-stage.js';
import { put, type ItemReader, type MappedResource } from './item.js';

const REST_API = 'AWS::ApiGateway::RestApi';

/** `restapis/<api id>/stages/<stage>` in a stage ARN (or in a resource id that is one). */
const STAGE_PATH = /\/restapis\/([^/]+)\/stages\/([^/]+)$/;

/**
 * Config records a REST API stage's name, client certificate and cache cluster,
 * and its method settings keyed `resource/method`. The API's id comes from the
 * stage ARN or the item's relationship to its RestApi; the API's name is in
 * neither, so it stays unknown. The id is `<api id>/<stage>`, as the collector has it.
 */
export function mapStage(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const path = STAGE_PATH.exec(r.item.arn ?? '') ?? STAGE_PATH.exec(r.item.resourceId);
  const stageName = r.conf('stageName', 'StageName').str() ?? path?.[2] ?? r.item.resourceName ?? r.item.resourceId;
  const apiId = path?.[1] ?? r.conf('restApiId', 'RestApiId').str() ?? r.related(REST_API)[0]?.resourceId;
  if (apiId) p.restApiId = apiId;
  else r.notRecorded('restApiId', 'The AWS Config item names no REST API for this stage.');
  r.notRecorded('restApiName', 'AWS Config records a stage without the name of its REST API.');
  p.stageName = stageName;
  put(p, 'clientCertificateId', r.conf('clientCertificateId', 'ClientCertificateId').str() ?? null);
  const cache = r.conf('cacheClusterEnabled', 'CacheClusterEnabled');
  // GetStages leaves out a false cacheClusterEnabled, so absence is off there; an item may simply not hold it.
  if (cache.missing) r.notRecorded('cacheClusterEnabled', 'The AWS Config item has no cacheClusterEnabled.');
  else p.cacheClusterEnabled = cache.bool() ?? false;
  const settings = r.conf('methodSettings', 'MethodSettings').entries();
  if (!settings) r.notRecorded('methodSettings', 'The AWS Config item has no methodSettings.');
  else {
    p.methodSettings = methodSettingsList(
      settings.map(([method, m]) => [method, { cachingEnabled: m.first('cachingEnabled', 'CachingEnabled').bool(), cacheDataEncrypted: m.first('cacheDataEncrypted', 'CacheDataEncrypted').bool() }]),
    );
  }
  const id = apiId ? `${apiId}/${stageName}` : r.item.resourceId;
  return { properties: p, name: id, resourceId: id, ...(r.item.arn ? { arn: r.item.arn } : {}) };
}
