import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ListNamespacesCommand, ListTagsForResourceCommand, ListWorkgroupsCommand, RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import { redshiftserverlessCollector } from '../../src/collect/redshiftserverless.js';
import { answerRecorded, byId, collectClean, collectValid } from './helpers.js';

const rs = mockClient(RedshiftServerlessClient);
const WG = 'AWS::RedshiftServerless::Workgroup';
const NS = 'AWS::RedshiftServerless::Namespace';

beforeEach(() => rs.reset());

describe('redshift serverless collector', () => {
  it('reads workgroups with require_ssl, public access and routing, and namespaces with their key and log exports', async () => {
    answerRecorded(rs, 'redshiftserverless', [ListWorkgroupsCommand, ListNamespacesCommand, ListTagsForResourceCommand]);
    const resources = await collectClean(redshiftserverlessCollector);
    expect(byId(resources, WG, 'analytics')).toMatchObject({
      arn: 'arn:aws:redshift-serverless:eu-west-1:123456789012:workgroup/11111111-aaaa-bbbb-cccc-000000000001',
      tags: { team: 'data' },
      properties: { namespaceName: 'analytics', requireSsl: true, publiclyAccessible: false, enhancedVpcRouting: true, configParameters: { require_ssl: 'true', datestyle: 'ISO, MDY' } },
    });
    expect(byId(resources, WG, 'sandbox').properties).toMatchObject({ requireSsl: false, publiclyAccessible: true });
    expect(byId(resources, NS, 'analytics').properties).toMatchObject({ kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/9f8e7d6c-1111-2222-3333-444444444444', logExports: ['connectionlog', 'userlog', 'useractivitylog'] });
    expect(byId(resources, NS, 'sandbox').properties).toMatchObject({ kmsKeyId: 'AWS_OWNED_KMS_KEY', logExports: [] });
    // The admin user name is not collected: only settings that protect data are.
    expect(byId(resources, NS, 'sandbox').properties).not.toHaveProperty('adminUsername');
  });

  it('leaves require_ssl unknown, not off, for a workgroup whose parameters do not list it', async () => {
    rs.on(ListWorkgroupsCommand).resolves({
      workgroups: [{ workgroupName: 'odd', workgroupArn: 'arn:aws:redshift-serverless:eu-west-1:123456789012:workgroup/odd', publiclyAccessible: false, enhancedVpcRouting: false, configParameters: [{ parameterKey: 'datestyle', parameterValue: 'ISO, MDY' }] }],
    });
    rs.on(ListNamespacesCommand).resolves({ namespaces: [] });
    rs.on(ListTagsForResourceCommand).resolves({ tags: [] });
    const { resources, errors } = await collectValid(redshiftserverlessCollector);
    expect(errors).toEqual([]);
    const odd = byId(resources, WG, 'odd');
    expect(odd.properties).not.toHaveProperty('requireSsl');
    expect(odd.errors).toEqual([expect.objectContaining({ property: 'requireSsl', code: 'NotReported' })]);
  });

  it('records a namespace list without its items for the region, and keeps the workgroups', async () => {
    answerRecorded(rs, 'redshiftserverless', [ListWorkgroupsCommand, ListTagsForResourceCommand]);
    rs.on(ListNamespacesCommand).resolves({});
    const { resources, errors } = await collectValid(redshiftserverlessCollector);
    expect(resources.map((r) => r.resourceType)).toEqual([WG, WG]);
    expect(errors).toEqual([expect.objectContaining({ operation: 'redshift-serverless:ListNamespaces', code: 'IncompleteResponse' })]);
  });
});
