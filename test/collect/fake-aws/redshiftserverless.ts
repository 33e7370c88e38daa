import { ACCOUNT, REGION, type AccountState } from './state.js';
import { json, page, type Reply } from './wire.js';

const arn = (kind: string, name: string) => `arn:aws:redshift-serverless:${REGION}:${ACCOUNT}:${kind}/${name}`;
const tagList = (tags: Record<string, string>) => Object.entries(tags).map(([key, value]) => ({ key, value }));

/** Redshift Serverless (JSON 1.1): namespaces and workgroups, in pages, and their tags. */
export function redshiftServerless(state: AccountState, operation: string, input: Record<string, unknown>, pageSize: number | undefined): Reply | undefined {
  const token = typeof input.nextToken === 'string' ? input.nextToken : undefined;
  switch (operation) {
    case 'ListNamespaces': {
      const { items, next } = page([...state.serverlessNamespaces.values()], token, pageSize);
      const namespaces = items.map((n) => ({ namespaceName: n.name, namespaceArn: arn('namespace', n.name), namespaceId: n.name, status: 'AVAILABLE', kmsKeyId: n.kmsKeyId, logExports: n.logExports }));
      return json({ namespaces, ...(next ? { nextToken: next } : {}) });
    }
    case 'ListWorkgroups': {
      const { items, next } = page([...state.serverlessWorkgroups.values()], token, pageSize);
      const workgroups = items.map((w) => ({
        workgroupName: w.name,
        workgroupArn: arn('workgroup', w.name),
        workgroupId: w.name,
        namespaceName: w.namespaceName,
        status: 'AVAILABLE',
        publiclyAccessible: w.publiclyAccessible,
        enhancedVpcRouting: false,
        configParameters: [{ parameterKey: 'require_ssl', parameterValue: w.requireSsl }],
      }));
      return json({ workgroups, ...(next ? { nextToken: next } : {}) });
    }
    case 'ListTagsForResource': {
      const target = input.resourceArn;
      const owner = [...state.serverlessNamespaces.values()].find((n) => arn('namespace', n.name) === target) ?? [...state.serverlessWorkgroups.values()].find((w) => arn('workgroup', w.name) === target);
      return owner ? json({ tags: tagList(owner.tags) }) : undefined;
    }
    default:
      return undefined;
  }
}
