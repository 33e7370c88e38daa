import { Command } from 'commander';
import { UsageError, ExportError, clip, terminalSafe } from '../../errors.js';
import { checkRegionNames } from '../../collect/region-names.js';
import { clientConfig, DEFAULT_CLIENT_SETTINGS, type ClientSettings } from '../../collect/clients.js';
import { exportFindings, importFindings, type ExportSummary, type ImportBatch, type ImportOptions } from '../../export/securityhub.js';
import { readResultsFile } from '../../gate/results-file.js';

export interface ExportSecurityHubFlags {
  results: string;
  region?: string;
  profile?: string;
  productArn?: string;
  endpointUrl?: string;
  dryRun?: boolean;
  quiet?: boolean;
}

/** What tests change: the client settings (short retry delays) and the retry rounds. */
export interface ExportSecurityHubSeams {
  client?: Partial<ClientSettings>;
  import?: ImportOptions;
}

const PRODUCT_ARN = /^arn:aws[a-z-]*:securityhub:[a-z0-9-]+:\d{12}:product\/[^\s]+$/;

/** The Region to import into: --region, else the SDK's configuration (environment, profile); none is a usage error. */
async function importRegion(flags: ExportSecurityHubFlags): Promise<string> {
  if (flags.region) {
    checkRegionNames([flags.region]);
    return flags.region;
  }
  const env = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (env) return env;
  try {
    const { SecurityHubClient } = await import('@aws-sdk/client-securityhub');
    const probe = new SecurityHubClient(flags.profile ? { profile: flags.profile } : {});
    const region = await probe.config.region();
    probe.destroy();
    if (region) return region;
  } catch {
    // No Region configured anywhere: asked for below.
  }
  throw new UsageError('export securityhub: give the Region to import into with --region (findings go to one Region)');
}

/** BatchImportFindings through the SDK client (adaptive retries on throttling, as every client of sealcheck). */
async function sdkImport(flags: ExportSecurityHubFlags, region: string, seams: ExportSecurityHubSeams): Promise<{ send: ImportBatch; close: () => void }> {
  const { SecurityHubClient, BatchImportFindingsCommand } = await import('@aws-sdk/client-securityhub');
  const { fromIni, fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
  const endpoint = flags.endpointUrl ?? process.env.AWS_ENDPOINT_URL;
  const settings: ClientSettings = { ...DEFAULT_CLIENT_SETTINGS, ...seams.client, ...(endpoint ? { endpoint } : {}) };
  const credentials = flags.profile ? fromIni({ profile: flags.profile }) : fromNodeProviderChain();
  const client = new SecurityHubClient(clientConfig('securityhub', region, credentials, settings));
  const send: ImportBatch = async (findings) => {
    const out = await client.send(new BatchImportFindingsCommand({ Findings: [...findings] }));
    // A response without its counts is not one Security Hub gives: fail rather than count it as taken.
    if (typeof out.FailedCount !== 'number' || typeof out.SuccessCount !== 'number') throw new ExportError('export securityhub: BatchImportFindings answered without FailedCount/SuccessCount');
    const failed = (out.FailedFindings ?? []).map((f) => ({ Id: String(f.Id), ErrorCode: String(f.ErrorCode), ErrorMessage: String(f.ErrorMessage) }));
    if (failed.length !== out.FailedCount) throw new ExportError(`export securityhub: BatchImportFindings reported ${out.FailedCount} failed finding(s) but listed ${failed.length}`);
    return { failed };
  };
  return { send, close: () => client.destroy() };
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * `sealcheck export securityhub`: imports a results file's findings into
 * Security Hub with BatchImportFindings (and nothing else). `--dry-run` prints
 * the findings instead and calls nothing.
 */
export async function runExportSecurityHub(flags: ExportSecurityHubFlags, seams: ExportSecurityHubSeams = {}): Promise<ExportSummary> {
  if (flags.productArn && !PRODUCT_ARN.test(flags.productArn)) throw new UsageError(`--product-arn: "${clip(flags.productArn)}" is not a Security Hub product ARN`);
  if (flags.endpointUrl) {
    try {
      new URL(flags.endpointUrl);
    } catch {
      throw new UsageError(`--endpoint-url: "${clip(flags.endpointUrl)}" is not a URL`);
    }
  }
  const scan = await readResultsFile(flags.results);
  const region = await importRegion(flags);
  const { findings, resolved, passesWithoutResources } = exportFindings(scan, { region, ...(flags.productArn ? { productArn: flags.productArn } : {}) });
  const summary: ExportSummary = { findings: findings.length, resolved, calls: 0, failed: [], passesWithoutResources };
  const note = (line: string) => {
    if (!flags.quiet) process.stderr.write(`${line}\n`);
  };
  if (passesWithoutResources > 0) note(`export securityhub: ${passesWithoutResources} PASS result(s) name no resource in ${clip(flags.results)} and cannot resolve earlier findings`);
  if (flags.dryRun) {
    process.stdout.write(`${JSON.stringify(findings, null, 1)}\n`);
    note(`export securityhub: dry run, nothing sent: ${findings.length} finding(s) (${resolved} resolved) for ${region}`);
    return summary;
  }
  const { send, close } = await sdkImport(flags, region, seams);
  try {
    const outcome = await importFindings(findings, send, seams.import);
    summary.calls = outcome.calls;
    summary.failed = outcome.failed;
  } catch (error) {
    if (error instanceof ExportError) throw error;
    throw new ExportError(`export securityhub: BatchImportFindings failed in ${region}: ${clip(describeError(error), 300)}`);
  } finally {
    close();
  }
  for (const f of summary.failed) note(`export securityhub: not imported: ${terminalSafe(f.Id)}: ${terminalSafe(f.ErrorCode)}: ${clip(f.ErrorMessage, 200)}`);
  note(`export securityhub: ${findings.length - summary.failed.length} of ${findings.length} finding(s) imported into ${region} (${resolved} resolved) in ${summary.calls} call(s)`);
  if (summary.failed.length > 0) throw new ExportError(`export securityhub: ${summary.failed.length} finding(s) not imported (listed above)`);
  return summary;
}

export function exportCommand(): Command {
  const securityhub = new Command('securityhub')
    .description('Import the findings of a results.json into AWS Security Hub (BatchImportFindings: this writes to AWS)')
    .requiredOption('--results <file>', 'results.json written by `sealcheck scan` (may be gzipped)')
    .option('--region <region>', 'the Region to import into (default: AWS_REGION or the profile\'s)')
    .option('--profile <name>', 'shared config profile (default: the SDK default credential chain)')
    .option('--product-arn <arn>', 'product ARN (default: the account\'s own, arn:<partition>:securityhub:<region>:<account>:product/<account>/default)')
    .option('--endpoint-url <url>', 'AWS-compatible endpoint (default: AWS_ENDPOINT_URL)')
    .option('--dry-run', 'print the findings that would be sent, as JSON, and call nothing')
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (flags: ExportSecurityHubFlags) => {
      await runExportSecurityHub(flags);
    });
  return new Command('export').description('Send results to another service (writes to it; never part of a scan)').addCommand(securityhub);
}
