import { DescribeFileSystemPolicyCommand, DescribeFileSystemsCommand } from '@aws-sdk/client-efs';
import type { Resource } from '../inventory/resource.js';
import { identified, required, requireItem, unknownIfAbsent } from './always-present.js';
import { assign, forEach, listAll, policyDocumentFromText, tagMap, type Collector } from './context.js';
import { regionalArn, regionalResource } from './resource.js';

/**
 * EFS file systems with their encryption at rest and file system policy (DescribeFileSystems already carries the tags).
 * Always present (EFS API Reference, FileSystemDescription): FileSystemId,
 * LifeCycleState, PerformanceMode, Tags; DescribeFileSystemPolicy's Policy (a
 * file system without one answers PolicyNotFound). The reference does not say
 * what a missing Encrypted means, nor a missing KmsKeyId on an encrypted file
 * system: both are unknown then, not "unencrypted".
 */
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
    await forEach(identified(ctx, list.items, 'FileSystemId', (f) => f.FileSystemId, 'elasticfilesystem:DescribeFileSystems'), async (f) => {
      const id = f.FileSystemId!;
      const arn = f.FileSystemArn ?? regionalArn(ctx, 'elasticfilesystem', `file-system/${id}`);
      const properties = {
        fileSystemId: id,
        encrypted: f.Encrypted ?? null,
        kmsKeyId: f.Encrypted === true ? (f.KmsKeyId ?? null) : null,
        lifeCycleState: f.LifeCycleState ?? null,
        performanceMode: f.PerformanceMode ?? null,
      };
      const fs = regionalResource(ctx, 'AWS::EFS::FileSystem', id, arn, properties, { name: f.Name || null, tags: tagMap(f.Tags) });
      if (requireItem(fs, f, ['LifeCycleState', 'PerformanceMode', 'Tags'], 'elasticfilesystem:DescribeFileSystems', ['fileSystemId'])) {
        unknownIfAbsent(fs, 'elasticfilesystem:DescribeFileSystems', { encrypted: f.Encrypted, ...(f.Encrypted === true ? { kmsKeyId: f.KmsKeyId } : {}) });
      }
      const policy = await ctx.call('elasticfilesystem:DescribeFileSystemPolicy', () => efs.send(new DescribeFileSystemPolicyCommand({ FileSystemId: id })));
      assign(fs, 'policy', required(policy, 'Policy', 'elasticfilesystem:DescribeFileSystemPolicy'), policyDocumentFromText, { codes: ['PolicyNotFound'], value: null });
      systems.push(fs);
      ctx.found(1);
    });
    return systems.sort((a, b) => a.resourceId.localeCompare(b.resourceId));
  },
};
