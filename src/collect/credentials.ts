import { readFile } from 'node:fs/promises';
import { AssumeRoleCommand, STSClient, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { InputError, UsageError, clip } from '../errors.js';
import { partitionOfRegion } from './partition.js';
import { clientConfig, DEFAULT_CLIENT_SETTINGS, type ClientSettings, type Credentials } from './clients.js';

/** One account to collect from, with the credentials that reach it. */
export interface AccountTarget {
  /** The account the caller expects (from `--accounts` or the role ARN); confirmed with STS GetCallerIdentity. */
  expectedAccountId?: string;
  credentials: Credentials;
  /** The role assumed, for messages. */
  roleArn?: string;
}

export interface CredentialOptions {
  profile?: string;
  roleArn?: string;
  accountIds?: readonly string[];
  externalId?: string;
  sessionName?: string;
  endpoint?: string;
  homeRegion: string;
  /** Base credentials to use instead of the provider chain (tests). */
  credentials?: Credentials;
  /** Retries and timeouts for the AssumeRole requests, as for every other client. */
  client?: Partial<ClientSettings>;
}

export const DEFAULT_SESSION_NAME = 'sealcheck';

/** The account id in a role ARN (`arn:aws:iam::123456789012:role/x`), when it is a literal. */
function accountOfRole(roleArn: string): string | undefined {
  return /^arn:[a-z-]+:iam::(\d{12}):role\//.exec(roleArn)?.[1];
}

/**
 * The accounts of a run: the caller's own (default provider chain or `--profile`),
 * or, with `--role-arn`, a role assumed in each account of `--accounts`
 * (the ARN's `{accountId}` replaced by each id, `{partition}` by the home region's partition).
 */
export function accountTargets(options: CredentialOptions): AccountTarget[] {
  const base: Credentials = options.credentials ?? (options.profile ? fromIni({ profile: options.profile }) : fromNodeProviderChain());
  if (!options.roleArn) {
    if (options.accountIds?.length) throw new UsageError('--accounts needs --role-arn: the role to assume in each account');
    return [{ credentials: base }];
  }
  // `{partition}` (role ARNs built from a role name in the config file) is the partition of the caller's region.
  const template = options.roleArn.replaceAll('{partition}', partitionOfRegion(options.homeRegion));
  const templated = template.includes('{accountId}');
  const ids = options.accountIds?.length ? options.accountIds : [];
  if (templated && ids.length === 0) throw new UsageError('--role-arn contains {accountId}: give the accounts with --accounts FILE');
  if (!templated && ids.length > 1) throw new UsageError('--accounts lists several accounts: put {accountId} in --role-arn where the account id goes');
  const roles = templated ? ids.map((id) => ({ id, arn: template.replaceAll('{accountId}', id) })) : [{ id: ids[0] ?? accountOfRole(template), arn: template }];
  return roles.map(({ id, arn }) => {
    if (!/^arn:[a-z-]+:iam::\d{12}:role\/.+/.test(arn)) throw new UsageError(`--role-arn: "${clip(arn)}" is not an IAM role ARN`);
    return {
      ...(id ? { expectedAccountId: id } : {}),
      roleArn: arn,
      credentials: assumedRole(
        {
          RoleArn: arn,
          RoleSessionName: options.sessionName ?? DEFAULT_SESSION_NAME,
          ...(options.externalId ? { ExternalId: options.externalId } : {}),
          DurationSeconds: 3600,
        },
        base,
        options,
      ),
    };
  });
}

// Assume the role again this long before its credentials expire, so no request goes out with expiring ones.
const REFRESH_BEFORE_MS = 5 * 60_000;

/**
 * The credentials of one assumed role, shared by every client of its account:
 * each SDK client memoizes credentials on its own, so without sharing every
 * service and region would call AssumeRole again. A failed assumption is not
 * kept, so a later call tries again.
 */
function assumedRole(params: AssumeRoleCommandInput, base: Credentials, options: CredentialOptions): AwsCredentialIdentityProvider {
  let current: Promise<AwsCredentialIdentity> | undefined;
  let refreshAt = Number.POSITIVE_INFINITY;
  const assume = async (): Promise<AwsCredentialIdentity> => {
    const settings: ClientSettings = { ...DEFAULT_CLIENT_SETTINGS, ...options.client, ...(options.endpoint ? { endpoint: options.endpoint } : {}) };
    const sts = new STSClient(clientConfig('sts', options.homeRegion, base, settings));
    try {
      const out = await sts.send(new AssumeRoleCommand(params));
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) {
        throw Object.assign(new Error(`AssumeRole ${params.RoleArn} returned no credentials`), { name: 'NoCredentials' });
      }
      return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}), ...(c.Expiration ? { expiration: c.Expiration } : {}) };
    } finally {
      sts.destroy();
    }
  };
  return () => {
    if (!current || Date.now() >= refreshAt) {
      refreshAt = Number.POSITIVE_INFINITY;
      const pending = assume();
      current = pending;
      pending.then(
        (c) => {
          if (current === pending) refreshAt = c.expiration ? c.expiration.getTime() - REFRESH_BEFORE_MS : Number.POSITIVE_INFINITY;
        },
        () => {
          if (current === pending) current = undefined;
        },
      );
    }
    return current;
  };
}

/** Reads `--accounts FILE`: account ids separated by newlines, commas or spaces; `#` starts a comment. */
export async function readAccountsFile(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const ids: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    for (const word of line.replace(/#.*/, '').split(/[\s,]+/)) {
      if (word === '') continue;
      if (!/^\d{12}$/.test(word)) throw new InputError(`${file}:${i + 1}: "${clip(word, 40)}" is not a 12-digit AWS account id`);
      if (!ids.includes(word)) ids.push(word);
    }
  });
  if (ids.length === 0) throw new InputError(`${file}: no account ids`);
  return ids;
}
