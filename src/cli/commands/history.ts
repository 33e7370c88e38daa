import { Command, Option } from 'commander';
import { loadConfig } from '../../config/load-config.js';
import { UsageError } from '../../errors.js';
import { formatRows, ROW_FORMATS, type RowFormat } from '../../history/format-rows.js';
import { openHistory, type History } from '../../history/open-history.js';
import { listRuns, prune, runNumber, showRun, trend, TREND_KEYS, type PruneRule, type TrendKey } from '../../history/queries.js';

interface HistoryFlags {
  history?: string;
  config?: string;
  since?: string;
  format: RowFormat;
}

const RUN_COLUMNS = ['run', 'startedAt', 'accounts', 'regions', 'ruleSet', 'toolVersion', 'resources', 'collectionErrors', 'gate', 'exitCode', 'fail', 'unknown', 'suppressed', 'new', 'fixed'];
const FINDING_COLUMNS = ['change', 'status', 'severity', 'ruleId', 'arn', 'accountId', 'region', 'suppressed', 'firstSeen', 'fingerprint'];
const TREND_COLUMNS = ['run', 'startedAt', 'key', 'fail', 'unknown', 'suppressed'];

const DAY_MS = 86_400_000;

/** `--since DATE`: an ISO date or time, as the ISO time runs are compared with. */
function sinceOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  if (!Number.isFinite(t)) throw new UsageError(`--since: "${value}" is not a date (use YYYY-MM-DD or an ISO time)`);
  return new Date(t).toISOString();
}

/** `--older-than D`: a number of days (`30d`) or a date. */
export function olderThanOf(value: string, now: number = Date.now()): string {
  const days = /^([0-9]{1,5})d$/.exec(value);
  if (days) return new Date(now - Number(days[1]) * DAY_MS).toISOString();
  const t = Date.parse(value);
  if (!Number.isFinite(t)) throw new UsageError(`--older-than: "${value}" is neither a number of days (30d) nor a date`);
  return new Date(t).toISOString();
}

/** The history file: `--history`, else the config file's `history`. */
async function historyOf(flags: Pick<HistoryFlags, 'history' | 'config'>): Promise<History> {
  let file = flags.history;
  if (file === undefined) file = (await loadConfig(flags.config))?.config.history;
  if (file === undefined) throw new UsageError('give the history file with --history FILE (or `history:` in the config file)');
  return openHistory(file, { create: false });
}

async function withHistory(flags: Pick<HistoryFlags, 'history' | 'config'>, work: (h: History) => string): Promise<void> {
  const history = await historyOf(flags);
  try {
    process.stdout.write(work(history));
  } finally {
    history.db.close();
  }
}

function common(cmd: Command, withFormat = true): Command {
  cmd.option('--history <file>', 'history database (default: `history:` in the config file)').option('--config <file>', 'config file (default: sealcheck.config.yaml|yml|json in the working directory)');
  if (withFormat) cmd.addOption(new Option('--format <format>', 'output format').choices(ROW_FORMATS).default('table'));
  return cmd;
}

/** `sealcheck history`: the runs `scan --history` recorded, their findings, trends, and pruning. */
export function historyCommand(): Command {
  const history = new Command('history').description('Show and prune the run history that `scan --history FILE` records');
  history.addCommand(
    common(new Command('list').description('List the runs, oldest first, with open, new and fixed counts'))
      .option('--since <date>', 'only runs started on or after this date')
      .action(async (opts: HistoryFlags) => {
        const since = sinceOf(opts.since);
        await withHistory(opts, (h) => formatRows(listRuns(h, since) as unknown as Record<string, unknown>[], RUN_COLUMNS, opts.format));
      }),
  );
  history.addCommand(
    common(new Command('show').description('Show one run: its findings (new ones marked) and the findings it fixed'))
      .argument('<run>', 'run number, or latest')
      .action(async (which: string, opts: HistoryFlags) => {
        await withHistory(opts, (h) => {
          const shown = showRun(h, runNumber(h, which));
          if (opts.format === 'json') return `${JSON.stringify(shown, null, 2)}\n`;
          const rows = [...shown.findings, ...shown.fixed] as unknown as Record<string, unknown>[];
          if (opts.format === 'csv') return formatRows(rows, FINDING_COLUMNS, 'csv');
          return `${formatRows([shown.run as unknown as Record<string, unknown>], RUN_COLUMNS, 'table')}\n${formatRows(rows, FINDING_COLUMNS, 'table')}`;
        });
      }),
  );
  history.addCommand(
    common(new Command('trend').description('Open (FAIL, not suppressed), unknown and suppressed findings per run, grouped'))
      .addOption(new Option('--by <key>', 'group findings by').choices(TREND_KEYS as string[]).default('severity'))
      .option('--since <date>', 'only runs started on or after this date')
      .action(async (opts: HistoryFlags & { by: TrendKey }) => {
        const since = sinceOf(opts.since);
        await withHistory(opts, (h) => formatRows(trend(h, opts.by, since) as unknown as Record<string, unknown>[], TREND_COLUMNS, opts.format));
      }),
  );
  history.addCommand(
    common(new Command('prune').description('Delete old runs (and findings no remaining run reports), then compact the file'), false)
      .option('--keep <n>', 'keep the newest N runs')
      .option('--older-than <d>', 'delete runs started before this: a number of days (30d) or a date')
      .action(async (opts: Pick<HistoryFlags, 'history' | 'config'> & { keep?: string; olderThan?: string }) => {
        if ((opts.keep === undefined) === (opts.olderThan === undefined)) throw new UsageError('history prune: give exactly one of --keep N and --older-than D');
        let rule: PruneRule;
        if (opts.keep !== undefined) {
          if (!/^[0-9]{1,9}$/.test(opts.keep)) throw new UsageError(`--keep: "${opts.keep}" is not a whole number`);
          rule = { keep: Number(opts.keep) };
        } else rule = { olderThan: olderThanOf(opts.olderThan ?? '') };
        await withHistory(opts, (h) => `${prune(h, rule)} run(s) removed\n`);
      }),
  );
  return history;
}
