import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { analyzePolicy, type PolicyAnalysis } from '../../policy/analyze.js';
import { evaluateRequest, type EvaluationResult } from '../../policy/evaluate.js';
import { parsePolicy, type Policy, type PolicyError } from '../../policy/parse.js';
import { UsageError, terminalSafe } from '../../errors.js';

/** Where the commands read input and write output; tests pass their own. */
export interface PolicyIo {
  readonly readFile: (path: string) => string;
  readonly readStdin: () => string;
  readonly write: (text: string) => void;
}

/** Options of `sealcheck policy analyze`. */
export interface AnalyzeCommandOptions {
  readonly file: string;
  readonly resourceArn?: string;
  readonly account?: string;
  readonly service?: string;
  readonly format?: 'json' | 'text';
}

/** Options of `sealcheck policy simulate`. */
export interface SimulateCommandOptions {
  readonly policy: readonly string[];
  readonly resourcePolicy?: string;
  readonly resourceAccount?: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly context?: readonly string[];
  readonly format?: 'json' | 'text';
}

const defaultIo: PolicyIo = {
  readFile: (path) => readFileSync(path, 'utf8'),
  readStdin: () => readFileSync(0, 'utf8'),
  write: (text) => process.stdout.write(text),
};

function readInput(file: string, io: PolicyIo): string {
  try {
    return file === '-' ? io.readStdin() : io.readFile(file);
  } catch (e) {
    const why = e instanceof Error && 'code' in e ? String((e as NodeJS.ErrnoException).code) : 'cannot read';
    throw new UsageError(`${file === '-' ? '<stdin>' : file}: ${why === 'ENOENT' ? 'no such file' : why}`);
  }
}

/** One line naming the file and the JSON pointer of the first problem. */
function policyError(file: string, errors: readonly PolicyError[]): UsageError {
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return new UsageError(`${file === '-' ? '<stdin>' : file}: ${first?.pointer || '/'}: ${first?.message ?? 'invalid policy'}${more}`);
}

function loadPolicy(file: string, io: PolicyIo): Policy {
  const parsed = parsePolicy(readInput(file, io));
  if (!parsed.ok) throw policyError(file, parsed.errors);
  return parsed.policy;
}

const ACCOUNT = /^\d{12}$/;

/** The JSON object `policy analyze` prints. */
export function analysisOutput(a: PolicyAnalysis): Record<string, unknown> {
  return {
    public: a.public,
    publicStatements: a.publicStatements,
    enforcesSecureTransport: a.enforcesSecureTransport,
    minimumTlsVersion: a.minimumTlsVersion,
    crossAccount: a.crossAccount,
    wildcardGrants: a.wildcardGrants,
    errors: a.errors,
  };
}

function analysisText(a: PolicyAnalysis): string {
  const lines = [
    `public: ${a.public ? 'yes' : 'no'}`,
    ...a.publicStatements.map((s) => `  statement ${s.index}${s.sid ? ` (${s.sid})` : ''}: ${s.reason}`),
    `enforces secure transport: ${a.enforcesSecureTransport ? 'yes' : 'no'}`,
    `minimum TLS version: ${a.minimumTlsVersion ?? 'none'}`,
    `cross-account grants: ${a.crossAccount.length}`,
    ...a.crossAccount.map((g) => `  statement ${g.statementIndex}: ${g.kind} ${g.principal} → ${g.actions.join(', ')}`),
    `wildcard grants: ${a.wildcardGrants.length}`,
    ...a.wildcardGrants.map((g) => `  statement ${g.statementIndex}${g.sid ? ` (${g.sid})` : ''}: ${g.reason}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** Runs `policy analyze`; throws UsageError on unreadable input. */
export function runPolicyAnalyze(opts: AnalyzeCommandOptions, io: PolicyIo = defaultIo): PolicyAnalysis {
  if (opts.account !== undefined && !ACCOUNT.test(opts.account)) {
    throw new UsageError(`--account: "${opts.account}" is not a 12-digit account id`);
  }
  const analysis = analyzePolicy(readInput(opts.file, io), {
    ...(opts.resourceArn === undefined ? {} : { resourceArn: opts.resourceArn }),
    ...(opts.account === undefined ? {} : { accountId: opts.account }),
    ...(opts.service === undefined ? {} : { service: opts.service }),
  });
    // Its output has no place for answers a statement left open: a statement that cannot be read is refused, as before.
    if (!analysis.valid || analysis.errors.length > 0) throw policyError(opts.file, analysis.errors);
    io.write(opts.format === 'text' ? terminalSafe(analysisText(analysis), { keepLines: true }) : `${JSON.stringify(analysisOutput(analysis), null, 2)}\n`);
  return analysis;
}

/** Parses `key=value` pairs; a repeated key becomes a multivalued context key. */
export function parseContextPairs(pairs: readonly string[]): Record<string, string | string[]> {
  const ctx: Record<string, string | string[]> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--context: "${pair}" is not key=value`);
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const prev = ctx[key];
    ctx[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return ctx;
}

function simulationText(r: EvaluationResult): string {
  const lines = [`decision: ${r.decision}`];
  for (const x of r.reasons) {
    lines.push(`  ${x.effect} by ${x.policy} policy ${x.policyIndex}, statement ${x.statementIndex}${x.sid ? ` (${x.sid})` : ''}`);
  }
  if (r.reasons.length === 0 && r.decision === 'ImplicitDeny') lines.push('  no statement allows the request');
  return `${lines.join('\n')}\n`;
}

/** Runs `policy simulate`; throws UsageError on bad input. */
export function runPolicySimulate(opts: SimulateCommandOptions, io: PolicyIo = defaultIo): EvaluationResult {
  if (opts.policy.length === 0 && opts.resourcePolicy === undefined) {
    throw new UsageError('policy simulate: give --policy FILE and/or --resource-policy FILE');
  }
  if (opts.resourceAccount !== undefined && !ACCOUNT.test(opts.resourceAccount)) {
    throw new UsageError(`--resource-account: "${opts.resourceAccount}" is not a 12-digit account id`);
  }
  const identityPolicies = opts.policy.map((f) => loadPolicy(f, io));
  const resourcePolicy = opts.resourcePolicy === undefined ? undefined : loadPolicy(opts.resourcePolicy, io);
  const context = parseContextPairs(opts.context ?? []);
  const result = evaluateRequest(
    { principal: opts.principal, action: opts.action, resource: opts.resource, context },
    {
      identityPolicies,
      ...(resourcePolicy === undefined ? {} : { resourcePolicy }),
      ...(opts.resourceAccount === undefined ? {} : { resourceAccountId: opts.resourceAccount }),
    },
  );
  io.write(opts.format === 'text' ? terminalSafe(simulationText(result), { keepLines: true }) : `${JSON.stringify({ decision: result.decision, reasons: result.reasons }, null, 2)}\n`);
  return result;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `sealcheck policy …`: analyze a resource policy, or simulate one request. */
export function policyCommand(io: PolicyIo = defaultIo): Command {
  const cmd = new Command('policy').description('Analyse resource policies and simulate IAM requests');
  const format = () => new Option('--format <format>', 'output format').choices(['json', 'text']).default('json');

  cmd
    .command('analyze')
    .description('Report whether a resource policy is public, enforces TLS, grants cross-account or wildcard access')
    .argument('<file>', 'policy JSON file, or - for stdin')
    .option('--resource-arn <arn>', 'ARN of the resource the policy is attached to')
    .option('--account <id>', 'account that owns the resource')
    .option('--service <service>', 'service of the resource (s3, sqs, sns, kms, lambda); default from --resource-arn')
    .addOption(format())
    .action((file: string, o: { resourceArn?: string; account?: string; service?: string; format?: 'json' | 'text' }) => {
      runPolicyAnalyze({ file, ...o }, io);
    });

  cmd
    .command('simulate')
    .description('Decide one request against identity policies and a resource policy')
    .option('--policy <file>', 'identity policy JSON file (repeatable)', collect, [])
    .option('--resource-policy <file>', 'resource policy JSON file')
    .option('--resource-account <id>', 'account that owns the resource (default: the principal’s)')
    .requiredOption('--principal <arn>', 'principal ARN, account id, service principal, or anonymous')
    .requiredOption('--action <action>', 'action, e.g. s3:GetObject')
    .requiredOption('--resource <arn>', 'resource ARN')
    .option('--context <key=value>', 'request context entry (repeatable)', collect, [])
    .addOption(format())
    .action((o: Omit<SimulateCommandOptions, 'policy'> & { policy: string[] }) => {
      runPolicySimulate(o, io);
    });
  return cmd;
}
