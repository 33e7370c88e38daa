import { expect } from 'vitest';
import { InputError } from '../../src/errors.js';
import type { Resource, Snapshot } from '../../src/inventory/resource.js';
import { readSnapshot } from '../../src/inventory/snapshot-read.js';

/** An S3 bucket in the test account, unencrypted unless told otherwise. */
export const bucket = (name: string, properties: Record<string, unknown> = { encryption: null }): Resource => ({
  resourceType: 'AWS::S3::Bucket',
  resourceId: name,
  arn: `arn:aws:s3:::${name}`,
  accountId: '111122223333',
  region: 'eu-west-1',
  name,
  tags: {},
  properties,
});

/** A snapshot of the test account holding `resources` as given (they may be deliberately malformed). */
export const snapshot = (resources: unknown[]): Snapshot => ({
  format: 'sealcheck-snapshot',
  version: 1,
  header: { source: { kind: 'fixture' }, capturedAt: '2026-11-20T09:00:00Z', accounts: ['111122223333'], regions: ['eu-west-1'], errors: [] },
  resources: resources as Resource[],
});

/** The message of the InputError reading `file` gives; fails the test when the file is accepted or fails another way. */
export async function failure(file: string): Promise<string> {
  try {
    await readSnapshot(file);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error(`${file} was accepted`);
}
