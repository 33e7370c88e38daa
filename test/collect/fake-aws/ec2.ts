import { resolveKey } from './kms.js';
import { ACCOUNT, REGION, nextHex, type AccountState, type SnapshotState, type VolumeState } from './state.js';
import { ec2Error, el, page, queryList, xml, type Reply } from './wire.js';

/** EC2's answers have no Result wrapper: fields sit right under `<XResponse>`. */
const ec2Doc = (action: string, inner: string): Reply =>
  xml(`<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>fake</requestId>${inner}</${action}Response>`);

function volumeFields(v: VolumeState): string {
  const tags = Object.entries(v.tags).map(([k, val]) => `<item>${el('key', k)}${el('value', val)}</item>`).join('');
  const attachments = v.attachedTo.map((i) => `<item>${el('volumeId', v.id)}${el('instanceId', i)}<device>/dev/xvda</device><status>attached</status></item>`).join('');
  return (
    `${el('volumeId', v.id)}${el('size', v.size)}<snapshotId/>${el('availabilityZone', v.zone)}${el('status', attachments ? 'in-use' : 'available')}${el('createTime', v.created.toISOString())}` +
    `<attachmentSet>${attachments}</attachmentSet>${el('volumeType', v.volumeType)}${el('encrypted', v.encrypted)}${el('kmsKeyId', v.kmsKeyArn)}${tags ? `<tagSet>${tags}</tagSet>` : ''}`
  );
}

function createVolume(state: AccountState, p: URLSearchParams): Reply {
  // With encryption by default on, every new volume is encrypted, whatever the request says.
  const encrypted = p.get('Encrypted') === 'true' || state.ebsEncryptionByDefault;
  const keyRef = p.get('KmsKeyId');
  if (keyRef && !encrypted) return ec2Error('InvalidParameterDependency', 'The parameter KmsKeyId requires the parameter Encrypted to be set.');
  const key = encrypted ? resolveKey(state, keyRef ?? state.ebsDefaultKmsKeyId ?? 'alias/aws/ebs') : undefined;
  if (encrypted && !key) return ec2Error('InvalidKMSKey.NotFound', `KMS key ${keyRef} not found`);
  const tags: Record<string, string> = {};
  for (const spec of queryList(p, 'TagSpecification')) {
    if (spec.ResourceType !== 'volume') continue;
    for (let i = 1; spec[`Tag.${i}.Key`] !== undefined; i++) tags[spec[`Tag.${i}.Key`]!] = spec[`Tag.${i}.Value`] ?? '';
  }
  const v: VolumeState = {
    id: `vol-${nextHex(state, 17)}`,
    size: Number(p.get('Size') ?? 8),
    zone: p.get('AvailabilityZone') ?? `${REGION}a`,
    volumeType: p.get('VolumeType') ?? 'gp3',
    encrypted,
    ...(key ? { kmsKeyArn: key.arn } : {}),
    created: new Date(),
    attachedTo: [],
    tags,
  };
  state.volumes.set(v.id, v);
  return ec2Doc('CreateVolume', volumeFields(v));
}

function snapshotFields(s: SnapshotState): string {
  return `${el('snapshotId', s.id)}${el('volumeId', s.volumeId)}<status>completed</status>${el('ownerId', ACCOUNT)}${el('encrypted', s.encrypted)}${el('volumeSize', s.size)}`;
}

/** EC2 (its own query dialect): volumes, snapshots, the region's EBS encryption-by-default and snapshot block public access settings, and (empty) launch templates and Spot Fleet requests. */
export function ec2(state: AccountState, action: string, p: URLSearchParams, pageSize: number | undefined): Reply | undefined {
  switch (action) {
    case 'CreateVolume':
      return createVolume(state, p);
    case 'EnableEbsEncryptionByDefault':
    case 'DisableEbsEncryptionByDefault':
      state.ebsEncryptionByDefault = action === 'EnableEbsEncryptionByDefault';
      return ec2Doc(action, el('ebsEncryptionByDefault', state.ebsEncryptionByDefault));
    case 'ModifyEbsDefaultKmsKeyId': {
      const key = resolveKey(state, p.get('KmsKeyId') ?? '');
      if (!key) return ec2Error('InvalidKMSKey.NotFound', `KMS key ${p.get('KmsKeyId')} not found`);
      state.ebsDefaultKmsKeyId = key.arn;
      return ec2Doc(action, el('kmsKeyId', key.arn));
    }
    case 'GetEbsEncryptionByDefault':
      return ec2Doc(action, `${el('ebsEncryptionByDefault', state.ebsEncryptionByDefault)}<sseType>sse-ebs</sseType>`);
    case 'GetEbsDefaultKmsKeyId':
      // Until it is changed, the default key is the AWS managed key, named by its alias.
      return ec2Doc(action, el('kmsKeyId', state.ebsDefaultKmsKeyId ?? 'alias/aws/ebs'));
    case 'DescribeVolumes': {
      const { items, next } = page([...state.volumes.values()], p.get('NextToken'), pageSize);
      return ec2Doc(action, `<volumeSet>${items.map((v) => `<item>${volumeFields(v)}</item>`).join('')}</volumeSet>${el('nextToken', next)}`);
    }
    case 'DescribeSnapshots':
      return ec2Doc(action, `<snapshotSet>${[...state.snapshots.values()].map((s) => `<item>${snapshotFields(s)}</item>`).join('')}</snapshotSet>`);
    case 'DescribeSnapshotAttribute': {
      const s = state.snapshots.get(p.get('SnapshotId') ?? '');
      if (!s) return ec2Error('InvalidSnapshot.NotFound', `The snapshot '${p.get('SnapshotId')}' does not exist.`);
      const grants = s.createVolumePermission.map((g) => `<item>${g === 'all' ? el('group', g) : el('userId', g)}</item>`).join('');
      return ec2Doc(action, `${el('snapshotId', s.id)}<createVolumePermission>${grants}</createVolumePermission>`);
    }
    // The fake account has no launch templates or Spot Fleet requests: empty lists, as EC2 answers them.
    case 'DescribeLaunchTemplates':
      return ec2Doc(action, '<launchTemplates/>');
    case 'DescribeSpotFleetRequests':
      return ec2Doc(action, '<spotFleetRequestConfigSet/>');
    case 'GetSnapshotBlockPublicAccessState':
      return ec2Doc(action, '<state>unblocked</state><managedBy>account</managedBy>');
    case 'DescribeRegions': {
      const regions: [string, string][] = [[REGION, 'opt-in-not-required'], ['us-east-1', 'opt-in-not-required'], ['us-west-2', 'opt-in-not-required'], ['af-south-1', 'not-opted-in']];
      return ec2Doc(
        action,
        `<regionInfo>${regions.map(([n, s]) => `<item>${el('regionName', n)}${el('regionEndpoint', `ec2.${n}.amazonaws.com`)}${el('optInStatus', s)}</item>`).join('')}</regionInfo>`,
      );
    }
    default:
      return undefined;
  }
}
