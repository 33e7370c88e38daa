import { ListAccountsForParentCommand, ListOrganizationalUnitsForParentCommand, OrganizationsClient, type Account } from '@aws-sdk/client-organizations';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { CannotCollectError, UsageError, clip } from '../errors.js';
import { clientConfig, DEFAULT_CLIENT_SETTINGS, type ClientSettings, type Credentials } from './clients.js';
import { errorCode } from './errors.js';

/** A root (`r-…`) or OU (`ou-…`) id, as Organizations spells them (the config schema uses the same pattern). */
export const PARENT_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;

/**
 * The caller's side of the Organizations calls. These run with the caller's own
 * credentials (the management or a delegated administrator account), never
 * with the audit role assumed in member accounts.
 */
export interface OrganizationsOptions {
  /** Shared config profile; default: the SDK's default provider chain. */
  profile?: string;
  /** Base credentials instead of the provider chain (tests). */
  credentials?: Credentials;
  /** AWS-compatible endpoint (default: `AWS_ENDPOINT_URL`). */
  endpoint?: string;
  client?: Partial<ClientSettings>;
  /**
   * The caller's region. Organizations has one endpoint per partition; the
   * SDK's endpoint rules map any region of a partition to it (us-east-1 in
   * `aws`, cn-northwest-1 in `aws-cn`, …), so the region only picks the partition. Default: us-east-1.
   */
  homeRegion?: string;
}

/** Accounts given as Organizations roots or OUs, to be expanded into account ids before collection. */
export interface OrganizationScope {
  organizationalUnits?: readonly string[];
  /** Account ids left out of the expansion. */
  excludeAccounts?: readonly string[];
}

/** What each failure means for the user, by AWS error code. */
const HINTS: Readonly<Record<string, string>> = {
  AccessDeniedException:
    'the caller needs organizations:ListAccountsForParent and organizations:ListOrganizationalUnitsForParent, in the management account or a delegated administrator account',
  AWSOrganizationsNotInUseException: "the caller's account is not in an organization",
  ParentNotFoundException: 'no root or OU with this id in the organization',
  InvalidInputException: 'not a valid root or OU id',
  TooManyRequestsException: 'Organizations kept throttling the requests; try again later',
};

// `Status` is being retired in favour of `State`; read `State` when the API returns it.
const isActive = (account: Account): boolean => (account.State ?? account.Status) === 'ACTIVE';

/** Every page of one Organizations list call, by NextToken. */
async function allPages<T>(fetch: (token: string | undefined) => Promise<{ items: T[] | undefined; next: string | undefined }>): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    items.push(...(page.items ?? []));
    token = page.next;
  } while (token);
  return items;
}

/** The active accounts below one root or OU, walking its child OUs. */
async function accountsBelow(client: OrganizationsClient, top: string): Promise<string[]> {
  const ids: string[] = [];
  const seen = new Set<string>([top]);
  const pending = [top];
  for (let parent = pending.shift(); parent !== undefined; parent = pending.shift()) {
    const where = parent === top ? top : `${top} (child OU ${parent})`;
    try {
      const ParentId = parent;
      const accounts = await allPages(async (NextToken) => {
        const out = await client.send(new ListAccountsForParentCommand({ ParentId, ...(NextToken ? { NextToken } : {}) }));
        return { items: out.Accounts, next: out.NextToken };
      });
      for (const a of accounts) if (a.Id && isActive(a)) ids.push(a.Id);
      const children = await allPages(async (NextToken) => {
        const out = await client.send(new ListOrganizationalUnitsForParentCommand({ ParentId, ...(NextToken ? { NextToken } : {}) }));
        return { items: out.OrganizationalUnits, next: out.NextToken };
      });
      for (const ou of children) {
        if (ou.Id && !seen.has(ou.Id)) {
          seen.add(ou.Id);
          pending.push(ou.Id);
        }
      }
    } catch (error) {
      const code = errorCode(error);
      const message = clip(String((error as { message?: unknown } | null)?.message ?? error).replace(/\s+/g, ' '), 200);
      const hint = HINTS[code];
      // Without the account list there is nothing to collect: stop rather than scan fewer accounts than asked.
      throw new CannotCollectError(`Organizations: cannot list the accounts under ${where}: ${code}: ${message}${hint ? ` (${hint})` : ''}`);
    }
  }
  return ids;
}

/**
 * The ids of every ACTIVE account below the given roots or OUs (child OUs
 * included), minus `exclude`, de-duplicated and sorted. Reads Organizations
 * with the caller's credentials. A failed call is a {@link SealcheckError}
 * with code `COLLECT` naming the OU and the AWS error.
 */
export async function accountsInOrganizationalUnits(options: OrganizationsOptions, ouIds: readonly string[], { exclude = [] }: { exclude?: readonly string[] } = {}): Promise<string[]> {
  const bad = ouIds.find((id) => !PARENT_ID.test(id));
  if (bad !== undefined) throw new UsageError(`--organizational-units: "${clip(bad, 60)}" is not an Organizations root (r-…) or OU (ou-…) id`);
  const endpoint = options.endpoint ?? process.env.AWS_ENDPOINT_URL;
  const settings: ClientSettings = { ...DEFAULT_CLIENT_SETTINGS, ...options.client, ...(endpoint ? { endpoint } : {}) };
  const credentials: Credentials = options.credentials ?? (options.profile ? fromIni({ profile: options.profile }) : fromNodeProviderChain());
  const client = new OrganizationsClient(clientConfig('organizations', options.homeRegion ?? 'us-east-1', credentials, settings));
  try {
    const found = new Set<string>();
    for (const ou of new Set(ouIds)) for (const id of await accountsBelow(client, ou)) found.add(id);
    for (const id of exclude) found.delete(id);
    return [...found].sort();
  } finally {
    client.destroy();
  }
}

/**
 * The options with their roots or OUs replaced by the account ids below them
 * (`accountIds`), for the role to be assumed in each. Options without OUs come
 * back unchanged. No active account left is a `COLLECT` error, not an empty scan.
 */
export async function withOrganizationAccounts<T extends OrganizationsOptions & OrganizationScope & { accountIds?: readonly string[] }>(options: T): Promise<Omit<T, keyof OrganizationScope>> {
  const { organizationalUnits, excludeAccounts, ...rest } = options;
  if (!organizationalUnits?.length) {
    if (excludeAccounts?.length) throw new UsageError('--exclude-accounts needs --organizational-units');
    return rest;
  }
  if (rest.accountIds?.length) throw new UsageError('give the accounts either as --accounts or as --organizational-units, not both');
  const accountIds = await accountsInOrganizationalUnits(rest, organizationalUnits, excludeAccounts ? { exclude: excludeAccounts } : {});
  if (accountIds.length === 0) {
    throw new CannotCollectError(`Organizations: no active account below ${organizationalUnits.join(', ')}${excludeAccounts?.length ? ' once the excluded accounts are left out' : ''}`);
  }
  return { ...rest, accountIds };
}
