import { multiRegionAccessPointOperation, multiRegionAccessPoints } from './s3-multi-region-access-points.js';
import { OWNER_ID, type AccountState, type PublicAccessBlock } from './state.js';
import { el, empty, page, s3Error, xml, xmlText, type Reply } from './wire.js';

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

function readPublicAccessBlock(body: string): PublicAccessBlock {
  const flag = (name: string) => xmlText(body, name) === 'true';
  return {
    blockPublicAcls: flag('BlockPublicAcls'),
    ignorePublicAcls: flag('IgnorePublicAcls'),
    blockPublicPolicy: flag('BlockPublicPolicy'),
    restrictPublicBuckets: flag('RestrictPublicBuckets'),
  };
}

function writePublicAccessBlock(p: PublicAccessBlock): Reply {
  return xml(
    `<PublicAccessBlockConfiguration xmlns="${NS}">${el('BlockPublicAcls', p.blockPublicAcls)}${el('IgnorePublicAcls', p.ignorePublicAcls)}${el('BlockPublicPolicy', p.blockPublicPolicy)}${el('RestrictPublicBuckets', p.restrictPublicBuckets)}</PublicAccessBlockConfiguration>`,
  );
}

/**
 * S3 Control, the account's Block Public Access setting and its Multi-Region Access Points (none unless the
 * test gives some) (REST-XML under /v20180820; the access points are s3-access-points.ts').
 */
export function s3control(state: AccountState, method: string, path: string, query: URLSearchParams, body: string, pageSize: number | undefined): Reply | undefined {
  const mrap = multiRegionAccessPointOperation(method, path);
  if (mrap) return multiRegionAccessPoints(state, mrap, path, query, pageSize);
  if (path !== '/v20180820/configuration/publicAccessBlock') return undefined;
  if (method === 'PUT') {
    state.accountPublicAccessBlock = readPublicAccessBlock(body);
    return empty();
  }
  if (method === 'GET') return state.accountPublicAccessBlock ? writePublicAccessBlock(state.accountPublicAccessBlock) : s3Error('NoSuchPublicAccessBlockConfiguration', 404);
  return undefined;
}

/** The bucket sub-resources the fake knows, by their query parameter. */
const SUBRESOURCES = ['location', 'encryption', 'policyStatus', 'policy', 'publicAccessBlock', 'versioning', 'acl', 'ownershipControls', 'logging', 'tagging'];
const subresource = (query: URLSearchParams) => SUBRESOURCES.find((k) => query.has(k));

const VERBS: Record<string, string> = { GET: 'Get', PUT: 'Put', DELETE: 'Delete' };

/** The S3 operation a path-style request is, by its AWS name (`GetBucketEncryption`, `GetPublicAccessBlock`, `CreateBucket`). */
export function s3Operation(method: string, path: string, query: URLSearchParams): string {
  if (path === '/') return 'ListBuckets';
  const sub = subresource(query);
  if (!sub) return { PUT: 'CreateBucket', DELETE: 'DeleteBucket', HEAD: 'HeadBucket' }[method] ?? `${method} bucket`;
  // Block Public Access is the one sub-resource whose operations do not say "Bucket".
  return `${VERBS[method] ?? method}${sub === 'publicAccessBlock' ? '' : 'Bucket'}${sub[0]!.toUpperCase()}${sub.slice(1)}`;
}

/** The S3 Control operation: the account's Block Public Access, or a Multi-Region Access Point read. */
export const s3controlOperation = (method: string, path: string): string => multiRegionAccessPointOperation(method, path) ?? `${VERBS[method] ?? method}PublicAccessBlock`;

/** S3 (REST-XML, path-style addressing): bucket writes and the reads the collector makes. */
export function s3(state: AccountState, method: string, path: string, query: URLSearchParams, body: string, pageSize: number | undefined): Reply | undefined {
  if (path === '/' && method === 'GET') {
    const { items, next } = page([...state.buckets.values()].sort((a, b) => a.name.localeCompare(b.name)), query.get('continuation-token'), pageSize);
    const buckets = items.map((b) => `<Bucket><Name>${b.name}</Name><CreationDate>${b.created.toISOString()}</CreationDate></Bucket>`).join('');
    return xml(
      `<ListAllMyBucketsResult xmlns="${NS}"><Owner><ID>${OWNER_ID}</ID><DisplayName>auditor</DisplayName></Owner><Buckets>${buckets}</Buckets>${el('ContinuationToken', next)}</ListAllMyBucketsResult>`,
    );
  }
  const name = decodeURIComponent(path.split('/')[1] ?? '');
  const sub = subresource(query);

  if (method === 'PUT' && !sub) {
    if (state.buckets.has(name)) return s3Error('BucketAlreadyOwnedByYou', 409);
    const region = xmlText(body, 'LocationConstraint') || 'us-east-1';
    state.buckets.set(name, { name, region, created: new Date() });
    return empty(200, { location: `/${name}` });
  }
  const b = state.buckets.get(name);
  if (!b) return s3Error('NoSuchBucket', 404);

  if (method === 'PUT') {
    switch (sub) {
      case 'encryption': {
        const algorithm = xmlText(body, 'SSEAlgorithm') ?? 'AES256';
        const kmsKeyId = xmlText(body, 'KMSMasterKeyID');
        const bucketKey = xmlText(body, 'BucketKeyEnabled');
        b.encryption = { algorithm, ...(kmsKeyId ? { kmsKeyId } : {}), ...(bucketKey ? { bucketKeyEnabled: bucketKey === 'true' } : {}) };
        return empty();
      }
      case 'policy':
        try {
          JSON.parse(body);
        } catch {
          return s3Error('MalformedPolicy', 400);
        }
        b.policy = body;
        return empty(204);
      case 'versioning':
        b.versioning = { status: xmlText(body, 'Status') ?? 'Suspended', ...(xmlText(body, 'MfaDelete') ? { mfaDelete: xmlText(body, 'MfaDelete')! } : {}) };
        return empty();
      case 'publicAccessBlock':
        b.publicAccessBlock = readPublicAccessBlock(body);
        return empty();
      case 'tagging': {
        const tags: Record<string, string> = {};
        for (const m of body.matchAll(/<Tag>([\s\S]*?)<\/Tag>/g)) tags[xmlText(m[1]!, 'Key') ?? ''] = xmlText(m[1]!, 'Value') ?? '';
        b.tags = tags;
        return empty(204);
      }
      default:
        return undefined;
    }
  }
  if (method !== 'GET') return undefined;
  switch (sub) {
    case 'location':
      // us-east-1 answers an empty constraint.
      return xml(`<LocationConstraint xmlns="${NS}">${b.region === 'us-east-1' ? '' : b.region}</LocationConstraint>`);
    case 'encryption': {
      const e = b.encryption;
      if (!e) return s3Error('ServerSideEncryptionConfigurationNotFoundError', 404);
      return xml(
        `<ServerSideEncryptionConfiguration xmlns="${NS}"><Rule><ApplyServerSideEncryptionByDefault>${el('SSEAlgorithm', e.algorithm)}${el('KMSMasterKeyID', e.kmsKeyId)}</ApplyServerSideEncryptionByDefault>${el('BucketKeyEnabled', e.bucketKeyEnabled)}</Rule></ServerSideEncryptionConfiguration>`,
      );
    }
    case 'policyStatus': {
      if (!b.policy) return s3Error('NoSuchBucketPolicy', 404);
      // Public when an Allow statement names everyone without a condition; enough for the policies a test writes.
      const statements = (JSON.parse(b.policy) as { Statement?: { Effect?: string; Principal?: unknown; Condition?: unknown }[] }).Statement ?? [];
      const isPublic = statements.some((s) => s.Effect === 'Allow' && (s.Principal === '*' || JSON.stringify(s.Principal) === '{"AWS":"*"}') && !s.Condition);
      return xml(`<PolicyStatus xmlns="${NS}"><IsPublic>${isPublic}</IsPublic></PolicyStatus>`);
    }
    case 'policy':
      // GetBucketPolicy answers the policy document itself, not XML.
      return b.policy ? { type: 'json', body: b.policy } : s3Error('NoSuchBucketPolicy', 404);
    case 'publicAccessBlock':
      return b.publicAccessBlock ? writePublicAccessBlock(b.publicAccessBlock) : s3Error('NoSuchPublicAccessBlockConfiguration', 404);
    case 'versioning':
      // A bucket that never had versioning has no Status element.
      return xml(`<VersioningConfiguration xmlns="${NS}">${el('Status', b.versioning?.status)}${el('MfaDelete', b.versioning?.mfaDelete)}</VersioningConfiguration>`);
    case 'acl':
      return xml(
        `<AccessControlPolicy xmlns="${NS}"><Owner><ID>${OWNER_ID}</ID></Owner><AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>${OWNER_ID}</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList></AccessControlPolicy>`,
      );
    case 'ownershipControls':
      // Buckets created since April 2023 enforce bucket-owner ownership (ACLs disabled).
      return xml(`<OwnershipControls xmlns="${NS}"><Rule><ObjectOwnership>BucketOwnerEnforced</ObjectOwnership></Rule></OwnershipControls>`);
    case 'logging':
      return xml(`<BucketLoggingStatus xmlns="${NS}"/>`);
    case 'tagging': {
      if (!b.tags || Object.keys(b.tags).length === 0) return s3Error('NoSuchTagSet', 404);
      const tags = Object.entries(b.tags).map(([k, v]) => `<Tag>${el('Key', k)}${el('Value', v)}</Tag>`).join('');
      return xml(`<Tagging xmlns="${NS}"><TagSet>${tags}</TagSet></Tagging>`);
    }
    default:
      return undefined;
  }
}

