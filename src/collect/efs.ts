import { DescribeFileSystemPolicyCommand, DescribeFileSystemsCommand } from '@aws-sdk/client-efs';
import type { Resource } from '../inventory/resource.js';
import { assign, forEach, listAll, policyDocumentFromText, tagMap, type Collector } from './context.js';
import { regionalArn, regionalResource } from './resource.js';

/** EFS file systems with their encryption at rest and file system policy (DescribeFileSystems already carries the tags). */
export const efsCollector: Collector = {
  service: 'efs',
  scope: 'region',
  async collect(ctx) {
    const efs = ctx.client('efs');
    const list = await listAll(
      ctx,
      'elasticfilesystem:DescribeFileSystems',
      (m) => efs.send(new DescribeFileSystemsCommand({ MaxItems: 100, ...(m ? { Marker: m } : {}) })),
      (o) => o.FileSystems,
      (o) => o.NextMarker,
    );
    const systems: Resource[] = [];
    await forEach(list.items.filter((f) => f.FileSystemId), async (f) => {
      const id = f.FileSystemId!;
      const arn = f.FileSystemArn ?? regionalArn(ctx, 'elasticfilesystem', `file-system/${id}`);
      const properties = {
        fileSystemId: id,
        encrypted: f.Encrypted === true,
        kmsKeyId: f.Encrypted === true ? (f.KmsKeyId ?? null) : null,
        lifeCycleState: f.LifeCycleState ?? null,
        performanceMode: f.PerformanceMode ?? null,
      };
      const fs = regionalResource(ctx, 'AWS::EFS::FileSystem', id, arn, properties, { name: f.Name || null, tags: tagMap(f.Tags) });
      const policy = await ctx.call('elasticfilesystem:DescribeFileSystemPolicy', () => efs.send(new DescribeFileSystemPolicyCommand({ FileSystemId: id })));
      assign(fs, 'policy', policy, (o) => policyDocumentFromText(o.Policy), { codes: ['PolicyNotFound'], value: null });
      systems.push(fs);
      ctx.found(1);
    });
    return systems.sort((a, b) => a.resourceId.localeCompare(b.resourceId));
  },
};
