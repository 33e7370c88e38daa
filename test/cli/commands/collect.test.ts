import { describe, expect, it } from 'vitest';
import { collectOptionsFrom } from '../../../src/cli/commands/collect.js';
import { UsageError } from '../../../src/errors.js';

const ROLE = 'arn:aws:iam::{accountId}:role/Audit';

describe('collectOptionsFrom: Organizations OUs', () => {
  it('passes the OUs and exclusions on for expansion at collection', async () => {
    const options = await collectOptionsFrom({ roleArn: ROLE, organizationalUnits: 'r-ab12, ou-ab12-11111111', excludeAccounts: '111122223333', quiet: true });
    expect(options).toMatchObject({ roleArn: ROLE, organizationalUnits: ['r-ab12', 'ou-ab12-11111111'], excludeAccounts: ['111122223333'] });
    expect(options.accountIds).toBeUndefined();
  });

  it('refuses OUs without a templated role, with --accounts, bad ids, and exclusions alone', async () => {
    const cases: [Parameters<typeof collectOptionsFrom>[0], RegExp][] = [
      [{ organizationalUnits: 'ou-ab12-11111111' }, /needs --role-arn with \{accountId\}/],
      [{ organizationalUnits: 'ou-ab12-11111111', roleArn: 'arn:aws:iam::111122223333:role/Audit' }, /needs --role-arn with \{accountId\}/],
      [{ organizationalUnits: 'ou-ab12-11111111', roleArn: ROLE, accounts: 'accounts.txt' }, /either as --accounts or as --organizational-units/],
      [{ organizationalUnits: 'OU-1', roleArn: ROLE }, /"OU-1" is not an Organizations root/],
      [{ excludeAccounts: '111122223333', roleArn: ROLE }, /--exclude-accounts needs --organizational-units/],
      [{ organizationalUnits: 'r-ab12', excludeAccounts: '1234', roleArn: ROLE }, /"1234" is not a 12-digit AWS account id/],
    ];
    for (const [flags, message] of cases) {
      const error = await collectOptionsFrom({ ...flags, quiet: true }).catch((e: unknown) => e);
      expect(error, JSON.stringify(flags)).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(message);
    }
  });
});
