import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { parseContextPairs, policyCommand, runPolicyAnalyze, runPolicySimulate, type PolicyIo } from '../../../src/cli/commands/policy.js';

const files: Record<string, string> = {
  'bucket.json': JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
      { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ],
  }),
  'identity.json': JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }),
  'broken.json': '{"Version":"2012-10-17","Statement":[{"Effect":"Permit","Action":"*","Resource":"*"}]}',
};

function io(stdin = ''): PolicyIo & { out: string[] } {
  const out: string[] = [];
  return {
    out,
    readFile: (p) => {
      const f = files[p];
      if (f === undefined) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
      return f;
    },
    readStdin: () => stdin,
    write: (t) => out.push(t),
  };
}

describe('sealcheck policy analyze', () => {
  it('prints the analysis as JSON with the documented keys', () => {
    const x = io();
    runPolicyAnalyze({ file: 'bucket.json', resourceArn: 'arn:aws:s3:::b', account: '111122223333' }, x);
    const printed = JSON.parse(x.out.join(''));
    expect(Object.keys(printed)).toEqual(['public', 'publicStatements', 'enforcesSecureTransport', 'minimumTlsVersion', 'crossAccount', 'wildcardGrants', 'errors']);
    expect(printed.public).toBe(true);
    expect(printed.enforcesSecureTransport).toBe(true);
  });

  it('reads stdin for "-" and prints text', () => {
    const x = io(files['bucket.json']);
    runPolicyAnalyze({ file: '-', format: 'text' }, x);
    expect(x.out.join('')).toContain('public: yes');
  });

  it('rejects bad input with one line naming the file and JSON pointer', () => {
    expect(() => runPolicyAnalyze({ file: 'broken.json' }, io())).toThrow(UsageError);
    expect(() => runPolicyAnalyze({ file: 'broken.json' }, io())).toThrow('broken.json: /Statement/0/Effect: Effect must be "Allow" or "Deny"');
    expect(() => runPolicyAnalyze({ file: 'missing.json' }, io())).toThrow('missing.json: no such file');
    expect(() => runPolicyAnalyze({ file: 'bucket.json', account: '12' }, io())).toThrow(/--account/);
    try {
      runPolicyAnalyze({ file: 'broken.json' }, io());
    } catch (e) {
      expect((e as UsageError).code).toBe('USAGE');
    }
  });
});

describe('sealcheck policy simulate', () => {
  it('prints the decision and the deciding statements', () => {
    const x = io();
    const r = runPolicySimulate(
      { policy: [], resourcePolicy: 'bucket.json', principal: 'anonymous', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: ['aws:SecureTransport=true'], resourceAccount: '111122223333' },
      x,
    );
    expect(r.decision).toBe('Allow');
    expect(JSON.parse(x.out.join(''))).toEqual({ decision: 'Allow', reasons: [{ policy: 'resource', policyIndex: 0, statementIndex: 0, sid: 'Public', effect: 'Allow' }] });
  });

  it('runs through commander, with repeated --context making a multivalued key', async () => {
    const x = io();
    const cmd = policyCommand(x).exitOverride();
    await cmd.parseAsync(
      ['simulate', '--policy', 'identity.json', '--resource-policy', 'bucket.json', '--principal', 'arn:aws:iam::111122223333:user/a', '--action', 's3:PutObject', '--resource', 'arn:aws:s3:::b/k', '--context', 'aws:SecureTransport=false', '--format', 'text'],
      { from: 'user' },
    );
    expect(x.out.join('')).toContain('decision: ExplicitDeny');
    expect(parseContextPairs(['k=a', 'k=b', 'j=c'])).toEqual({ k: ['a', 'b'], j: 'c' });
    expect(() => parseContextPairs(['novalue'])).toThrow(UsageError);
  });
});
