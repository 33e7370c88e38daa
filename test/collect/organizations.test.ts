import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ListAccountsForParentCommand, ListOrganizationalUnitsForParentCommand, OrganizationsClient, type Account } from '@aws-sdk/client-organizations';
import { accountsInOrganizationalUnits, withOrganizationAccounts } from '../../src/collect/organizations.js';
import { CannotCollectError, UsageError } from '../../src/errors.js';
import { awsError } from './helpers.js';

const org = mockClient(OrganizationsClient);
const BASE = { credentials: { accessKeyId: 'BASEKEY', secretAccessKey: 'base-secret' } };

const ROOT = 'r-ab12';
const SECURITY = 'ou-ab12-11111111';
const WORKLOADS = 'ou-ab12-22222222';
const PROD = 'ou-ab12-33333333';

const account = (id: string, state: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE' = 'ACTIVE', legacy = false): Account =>
  legacy ? { Id: id, Status: state } : { Id: id, State: state, Status: state === 'SUSPENDED' ? 'SUSPENDED' : 'ACTIVE' };

/**
 * root ─ 111 (management), SECURITY ─ 222, 999 (suspended)
 *      └ WORKLOADS ─ 333 (two pages: 333, 444 | 555), PROD ─ 666 (old Status field only), 777 (pending closure)
 */
const ACCOUNTS: Record<string, Account[][]> = {
  [ROOT]: [[account('111111111111')]],
  [SECURITY]: [[account('222222222222'), account('999999999999', 'SUSPENDED')]],
  [WORKLOADS]: [[account('444444444444'), account('333333333333')], [account('555555555555')]],
  [PROD]: [[account('666666666666', 'ACTIVE', true), account('777777777777', 'PENDING_CLOSURE')]],
};
const CHILDREN: Record<string, string[][]> = {
  [ROOT]: [[SECURITY], [WORKLOADS]],
  [WORKLOADS]: [[PROD]],
};

/** Answers a paginated call from a table of pages, the token naming the next page. */
function pages<T>(table: Record<string, T[][]>, key: 'Accounts' | 'OrganizationalUnits', wrap: (item: T) => unknown) {
  return (input: { ParentId?: string; NextToken?: string }) => {
    const all = table[input.ParentId!] ?? [[]];
    const index = input.NextToken ? Number(input.NextToken) : 0;
    const next = index + 1 < all.length ? { NextToken: String(index + 1) } : {};
    return { [key]: all[index]!.map(wrap), ...next };
  };
}

beforeEach(() => {
  org.reset();
  org.on(ListAccountsForParentCommand).callsFake(pages(ACCOUNTS, 'Accounts', (a) => a));
  org.on(ListOrganizationalUnitsForParentCommand).callsFake(pages(CHILDREN, 'OrganizationalUnits', (id: string) => ({ Id: id, Name: id })));
});
afterEach(() => org.reset());

describe('accountsInOrganizationalUnits', () => {
  it('walks child OUs over every page, keeps active accounts only, sorted', async () => {
    const ids = await accountsInOrganizationalUnits(BASE, [ROOT]);
    expect(ids).toEqual(['111111111111', '222222222222', '333333333333', '444444444444', '555555555555', '666666666666']);
    // Both pages of WORKLOADS' accounts and of the root's children were read.
    const accountCalls = org.commandCalls(ListAccountsForParentCommand).map((c) => [c.args[0].input.ParentId, c.args[0].input.NextToken]);
    expect(accountCalls).toContainEqual([WORKLOADS, '1']);
    const ouCalls = org.commandCalls(ListOrganizationalUnitsForParentCommand).map((c) => [c.args[0].input.ParentId, c.args[0].input.NextToken]);
    expect(ouCalls).toContainEqual([ROOT, '1']);
    expect(new Set(ouCalls.map(([p]) => p))).toEqual(new Set([ROOT, SECURITY, WORKLOADS, PROD]));
  });

  it('leaves out excluded accounts and counts an account under two named OUs once', async () => {
    const ids = await accountsInOrganizationalUnits(BASE, [WORKLOADS, PROD, SECURITY, PROD], { exclude: ['444444444444', '123456789012'] });
    expect(ids).toEqual(['222222222222', '333333333333', '555555555555', '666666666666']);
  });

  it('turns AccessDenied into a COLLECT error naming the OU and the missing permissions', async () => {
    org.on(ListAccountsForParentCommand, { ParentId: PROD }).rejects(awsError('AccessDeniedException', 400, 'You don\'t have permissions to access this resource.'));
    const error = await accountsInOrganizationalUnits(BASE, [WORKLOADS]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CannotCollectError);
    expect((error as CannotCollectError).code).toBe('COLLECT');
    expect((error as Error).message).toContain(`under ${WORKLOADS} (child OU ${PROD}): AccessDeniedException`);
    expect((error as Error).message).toContain('organizations:ListAccountsForParent');
  });

  it('names the organization-level failures', async () => {
    org.on(ListAccountsForParentCommand).rejects(awsError('AWSOrganizationsNotInUseException'));
    await expect(accountsInOrganizationalUnits(BASE, [ROOT])).rejects.toThrow(/under r-ab12: AWSOrganizationsNotInUseException: .*not in an organization/);
    org.on(ListAccountsForParentCommand).rejects(awsError('ParentNotFoundException'));
    await expect(accountsInOrganizationalUnits(BASE, ['ou-ab12-99999999'])).rejects.toThrow(/under ou-ab12-99999999: ParentNotFoundException: .*no root or OU with this id/);
  });

  it('refuses an id that is neither a root nor an OU before any call', async () => {
    await expect(accountsInOrganizationalUnits(BASE, ['123456789012'])).rejects.toBeInstanceOf(UsageError);
    expect(org.calls()).toHaveLength(0);
  });

  it('goes to the custom endpoint, in us-east-1', async () => {
    const seen: { endpoint?: string; region?: string }[] = [];
    org.on(ListAccountsForParentCommand).callsFake(async (_input, getClient: () => OrganizationsClient) => {
      const client = getClient();
      const ep = await client.config.endpoint?.();
      seen.push({ region: await client.config.region(), endpoint: `${ep?.hostname}:${ep?.port}` });
      return { Accounts: [account('111111111111')] };
    });
    await accountsInOrganizationalUnits({ ...BASE, endpoint: 'http://127.0.0.1:4566' }, [SECURITY]);
    expect(seen).toEqual([{ region: 'us-east-1', endpoint: '127.0.0.1:4566' }]);
  });
});

describe('withOrganizationAccounts', () => {
  it('replaces the OUs by the account ids below them', async () => {
    const out = await withOrganizationAccounts({ ...BASE, roleArn: 'arn:aws:iam::{accountId}:role/Audit', organizationalUnits: [PROD], excludeAccounts: [] });
    expect(out).toEqual({ ...BASE, roleArn: 'arn:aws:iam::{accountId}:role/Audit', accountIds: ['666666666666'] });
  });

  it('leaves options without OUs alone, and makes no call', async () => {
    const options = { ...BASE, accountIds: ['111111111111'] };
    expect(await withOrganizationAccounts(options)).toEqual(options);
    expect(org.calls()).toHaveLength(0);
  });

  it('stops with COLLECT when no active account is left, and refuses OUs with accounts', async () => {
    await expect(withOrganizationAccounts({ ...BASE, organizationalUnits: [PROD], excludeAccounts: ['666666666666'] })).rejects.toMatchObject({
      code: 'COLLECT',
      message: expect.stringContaining('no active account below ou-ab12-33333333 once the excluded accounts are left out'),
    });
    await expect(withOrganizationAccounts({ ...BASE, organizationalUnits: [PROD], accountIds: ['111111111111'] })).rejects.toBeInstanceOf(UsageError);
  });
});
