/** The EBS part of a block device mapping, as a launch template or a Spot Fleet launch specification states it. */
export interface EbsMapping {
  DeviceName?: string | undefined;
  Ebs?: { Encrypted?: boolean | undefined; KmsKeyId?: string | undefined; SnapshotId?: string | undefined } | undefined;
}

/**
 * The EBS volumes a set of block device mappings creates. `encrypted` is null
 * when the mapping does not set it: EC2 then encrypts the volume only when its
 * snapshot is encrypted or the Region's encryption by default is on.
 * Mappings without `Ebs` (instance store, NoDevice) create no EBS volume.
 * Shared by the EC2 collector and the AWS Config mappers so both read mappings alike.
 */
export function ebsVolumes(mappings: readonly EbsMapping[] | undefined): Record<string, unknown>[] {
  return (mappings ?? []).flatMap((m) =>
    m.Ebs
      ? [{ deviceName: m.DeviceName ?? null, encrypted: m.Ebs.Encrypted ?? null, kmsKeyId: m.Ebs.KmsKeyId ?? null, snapshotId: m.Ebs.SnapshotId ?? null }]
      : [],
  );
}
