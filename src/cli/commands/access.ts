import { Command, Option } from 'commander';
import { buildAccessIndex } from '../../access/build-index.js';
import { decide } from '../../access/decide.js';
import type { AccessDecision, AccessReason, Bounds } from '../../access/model.js';
import { ACTION_CLASSES, type ActionClass } from '../../access/store-actions.js';
import { isDataStore } from '../../access/stores.js';
import { AccessEngine, canAccess, whoCan, type Grantee, type Reach, type WhoCanAnswer } from '../../access/who-can.js';
import { InputError, UsageError, terminalSafe } from '../../errors.js';
import { readSnapshot } from '../../inventory/snapshot-read.js';
import { parseContextPairs } from './policy.js';

/** Where the commands write; tests pass their own. */
export interface AccessIo {
  readonly write: (text: string) => void;
}

const defaultIo: AccessIo = { write: (text) => process.stdout.write(text) };

type Format = 'table' | 'json';

async function loadEngine(file: string): Promise<{ engine: AccessEngine; stores: ReturnType<AccessEngine['index']['resources']['values']> }> {
  const snapshot = await readSnapshot(file);
  const index = buildAccessIndex(snapshot.resources, snapshot.header);
  return { engine: new AccessEngine(index), stores: index.resources.values() };
}

function depthOf(value: string | undefined): number {
  if (value === undefined) return 3;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 10) throw new UsageError(`--depth: "${value}" is not a whole number from 0 to 10`);
  return n;
}

function reasonText(r: AccessReason): string {
  const where = r.grantId !== undefined ? `grant ${r.grantId}` : `statement ${r.statementIndex ?? '?'}${r.sid ? ` (${r.sid})` : ''}`;
  return `${r.effect} by ${r.kind} ${r.policyName ? `${r.policyName} ` : ''}${r.policyArn} ${where}`;
}

function boundsText(b: Bounds): string[] {
  if (!b.lower && !b.upper) return ['bounds: exact'];
  const what = [b.lower ? 'lower bound (more principals may have access)' : '', b.upper ? 'upper bound (fewer may have access)' : ''].filter(Boolean).join(', ');
  return [`bounds: ${what}`, ...b.reasons.map((r) => `  - ${r}`)];
}

function granteeLines(g: Grantee, label: string): string[] {
  const via = g.via.length > 0 ? ` via ${g.via.join(' -> ')}` : '';
  // The JSON keeps every step's reasons; the table names each statement once.
  const lines = [...g.reasons.map((r) => `    ${reasonText(r)}`), ...(g.keyReasons ?? []).map((r) => `    key: ${reasonText(r)}`)];
  return [`${label} [${g.kind}] ${g.action}${via}`, ...new Set(lines)];
}

function whoCanText(a: WhoCanAnswer): string {
  const lines = [`${a.resource} (${a.resourceType}): ${a.actions.join(', ')}${a.key ? `, key ${a.key}` : ''}`, `principals: ${a.grantees.length}`];
  for (const g of a.grantees) lines.push(...granteeLines(g, `  ${g.principal}`));
  lines.push(...boundsText(a.bounds));
  return `${lines.join('\n')}\n`;
}

function canText(principal: string, reaches: readonly Reach[], bounds: Bounds): string {
  const lines = [`${principal}: ${reaches.length} data store(s)`];
  for (const r of reaches) lines.push(...granteeLines(r.grantee, `  ${r.resource} (${r.resourceType})`));
  lines.push(...boundsText(bounds));
  return `${lines.join('\n')}\n`;
}

function decisionText(d: AccessDecision): string {
  const lines = [`decision: ${d.decision}${d.missing ? ` (no allow from ${d.missing})` : ''}`, ...d.reasons.map((r) => `  ${reasonText(r)}`), ...boundsText(d.bounds)];
  return `${lines.join('\n')}\n`;
}

function out(io: AccessIo, format: Format, value: unknown, text: () => string): void {
  io.write(format === 'json' ? `${JSON.stringify(value, null, 2)}\n` : terminalSafe(text(), { keepLines: true }));
}

/** Options of `access who-can`. */
export interface WhoCanCommandOptions {
  readonly snapshot: string;
  readonly resource: string;
  readonly action?: string;
  readonly class?: ActionClass;
  readonly depth?: string;
  readonly format: Format;
}

/** Runs `access who-can`. */
export async function runWhoCan(o: WhoCanCommandOptions, io: AccessIo = defaultIo): Promise<WhoCanAnswer> {
  if (o.action !== undefined && o.class !== undefined) throw new UsageError('access who-can: give --action or --class, not both');
  const depth = depthOf(o.depth);
  const { engine } = await loadEngine(o.snapshot);
  const store = engine.index.resources.get(o.resource);
  if (!store) throw new InputError(`${o.snapshot}: no resource with ARN ${o.resource}`);
  if (!isDataStore(store.resourceType)) throw new InputError(`${o.snapshot}: ${o.resource} is a ${store.resourceType}, not a data store access answers cover`);
  const answer = whoCan(engine, store, { ...(o.action === undefined ? {} : { action: o.action }), actionClass: o.class ?? 'read', depth });
  out(io, o.format, answer, () => whoCanText(answer));
  return answer;
}

/** Options of `access can`. */
export interface CanCommandOptions {
  readonly snapshot: string;
  readonly principal: string;
  readonly class?: ActionClass;
  readonly depth?: string;
  readonly format: Format;
}

/** Runs `access can`. */
export async function runCan(o: CanCommandOptions, io: AccessIo = defaultIo): Promise<readonly Reach[]> {
  const depth = depthOf(o.depth);
  const { engine, stores } = await loadEngine(o.snapshot);
  if (!engine.index.principals.has(o.principal)) throw new InputError(`${o.snapshot}: no IAM user or role with ARN ${o.principal}`);
  const dataStores = [...stores].filter((r) => isDataStore(r.resourceType) && r.resourceType !== 'AWS::KMS::Key');
  const { reaches, bounds } = canAccess(engine, o.principal, dataStores, { actionClass: o.class ?? 'read', depth });
  out(io, o.format, { principal: o.principal, class: o.class ?? 'read', reaches, bounds }, () => canText(o.principal, reaches, bounds));
  return reaches;
}

/** Options of `access simulate`. */
export interface AccessSimulateOptions {
  readonly snapshot: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly context?: readonly string[];
  readonly format: Format;
}

/** Runs `access simulate`: one request, every applicable policy taken from the snapshot. */
export async function runAccessSimulate(o: AccessSimulateOptions, io: AccessIo = defaultIo): Promise<AccessDecision> {
  const { engine } = await loadEngine(o.snapshot);
  const d = decide(engine.index, { principal: o.principal, action: o.action, resource: o.resource, context: parseContextPairs(o.context ?? []) });
  out(io, o.format, d, () => decisionText(d));
  return d;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `sealcheck access …`: who can reach a data store, what a principal can reach, one full request. */
export function accessCommand(io: AccessIo = defaultIo): Command {
  const cmd = new Command('access').description('Who can read, write, delete, decrypt or manage data: identity, resource and key policies, grants, boundaries, SCPs and RCPs joined');
  const format = () => new Option('--format <format>', 'output format').choices(['table', 'json']).default('table');
  const cls = () => new Option('--class <class>', 'action class').choices([...ACTION_CLASSES]);
  const snapshot = () => new Option('--snapshot <file>', 'sealcheck snapshot to read').makeOptionMandatory();
  const depth = () => new Option('--depth <n>', 'sts:AssumeRole hops to follow (default 3)');

  cmd
    .command('who-can')
    .description('The principals that can act on a data store, each with its reason chain')
    .requiredOption('--resource <arn>', 'data store ARN')
    .option('--action <action>', 'one action instead of a class')
    .addOption(cls())
    .addOption(depth())
    .addOption(snapshot())
    .addOption(format())
    .action(async (o: Omit<WhoCanCommandOptions, 'format'> & { format: Format }) => {
      await runWhoCan(o, io);
    });

  cmd
    .command('can')
    .description('The data stores a principal can act on, itself or through roles it can assume')
    .requiredOption('--principal <arn>', 'IAM user or role ARN')
    .addOption(cls())
    .addOption(depth())
    .addOption(snapshot())
    .addOption(format())
    .action(async (o: CanCommandOptions) => {
      await runCan(o, io);
    });

  cmd
    .command('simulate')
    .description('Decide one request with every policy the snapshot holds for it')
    .requiredOption('--principal <arn>', 'principal ARN, account id, service principal, or anonymous')
    .requiredOption('--action <action>', 'action, e.g. s3:GetObject')
    .requiredOption('--resource <arn>', 'resource ARN')
    .option('--context <key=value>', 'request context entry (repeatable)', collect, [])
    .addOption(snapshot())
    .addOption(format())
    .action(async (o: AccessSimulateOptions) => {
      await runAccessSimulate(o, io);
    });
  return cmd;
}
