import { ListNamespacesCommand, ListTagsForResourceCommand, ListWorkgroupsCommand, type Namespace, type Workgroup } from '@aws-sdk/client-redshift-serverless';
import type { RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import { inputRecord } from '../util/own.js';
import type { Collector } from './context.js';
import { declarativeCollector, tagsFrom, type ItemRead } from './declarative.js';

/** Redshift Serverless tags are `{key, value}`. */
function tags<I>(): ItemRead<RedshiftServerlessClient, I> {
  return tagsFrom({
    operation: 'redshift-serverless:ListTagsForResource',
    send: (rs, _i, r) => rs.send(new ListTagsForResourceCommand({ resourceArn: r.arn })),
    map: (o) => {
      const out = inputRecord<string>();
      for (const t of o.tags ?? []) if (t.key !== undefined) out[t.key] = t.value ?? '';
      return out;
    },
  });
}

/** The listed workgroup, in the model's terms; `require_ssl` is one of its config parameters. */
export function workgroupProperties(w: Workgroup): Record<string, unknown> {
  const parameters = inputRecord<string | null>();
  for (const p of w.configParameters ?? []) if (p.parameterKey !== undefined) parameters[p.parameterKey] = p.parameterValue ?? null;
  const ssl = parameters.require_ssl;
  return {
    namespaceName: w.namespaceName ?? null,
    status: w.status ?? null,
    publiclyAccessible: w.publiclyAccessible,
    enhancedVpcRouting: w.enhancedVpcRouting,
    requireSsl: typeof ssl === 'string' && /^(true|false)$/i.test(ssl) ? ssl.toLowerCase() === 'true' : undefined,
    configParameters: parameters,
    customDomainCertificateArn: w.customDomainCertificateArn ?? null,
  };
}

/** The listed namespace, in the model's terms. Its admin password is never read. */
export function namespaceProperties(n: Namespace): Record<string, unknown> {
  return {
    status: n.status ?? null,
    kmsKeyId: n.kmsKeyId ?? null,
    logExports: n.logExports ?? [],
    adminPasswordSecretArn: n.adminPasswordSecretArn ?? null,
    adminPasswordSecretKmsKeyId: n.adminPasswordSecretKmsKeyId ?? null,
  };
}

/**
 * Workgroups. The reference marks none of a workgroup's members as always
 * returned and does not say what a missing publiclyAccessible, enhancedVpcRouting
 * or require_ssl means: each is left unknown rather than read as false.
 */
const workgroups = declarativeCollector({
  service: 'redshiftserverless',
  client: 'redshiftserverless',
  resourceType: 'AWS::RedshiftServerless::Workgroup',
  list: {
    operation: 'redshift-serverless:ListWorkgroups',
    page: (rs, t) => rs.send(new ListWorkgroupsCommand({ maxResults: 100, ...(t ? { nextToken: t } : {}) })),
    items: (o) => o.workgroups,
    next: (o) => o.nextToken,
  },
  id: (w: Workgroup) => (w.workgroupArn ? w.workgroupName : undefined),
  idField: 'workgroupArn or workgroupName',
  arn: (_ctx, w) => w.workgroupArn!,
  listed: (w) => workgroupProperties(w),
  unreported: (w) => {
    const p = workgroupProperties(w);
    return { publiclyAccessible: p.publiclyAccessible, enhancedVpcRouting: p.enhancedVpcRouting, requireSsl: p.requireSsl };
  },
  reads: [tags<Workgroup>()],
});

/** Namespaces: KmsKeyId is AWS_OWNED_KMS_KEY for the key Redshift owns, so a missing one is not read as "none". */
const namespaces = declarativeCollector({
  service: 'redshiftserverless',
  client: 'redshiftserverless',
  resourceType: 'AWS::RedshiftServerless::Namespace',
  list: {
    operation: 'redshift-serverless:ListNamespaces',
    page: (rs, t) => rs.send(new ListNamespacesCommand({ maxResults: 100, ...(t ? { nextToken: t } : {}) })),
    items: (o) => o.namespaces,
    next: (o) => o.nextToken,
  },
  id: (n: Namespace) => (n.namespaceArn ? n.namespaceName : undefined),
  idField: 'namespaceArn or namespaceName',
  arn: (_ctx, n) => n.namespaceArn!,
  listed: (n) => namespaceProperties(n),
  unreported: (n) => ({ kmsKeyId: n.kmsKeyId }),
  reads: [tags<Namespace>()],
});

/** Redshift Serverless: workgroups (TLS, public access, routing) and namespaces (key, audit logs). */
export const redshiftserverlessCollector: Collector = {
  service: 'redshiftserverless',
  scope: 'region',
  async collect(ctx) {
    const [w, n] = await Promise.all([workgroups.collect(ctx), namespaces.collect(ctx)]);
    return [...n, ...w];
  },
};
