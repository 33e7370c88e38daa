import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';

/**
 * The deploy/ examples run sealcheck as users will copy them: every option
 * they pass must exist in the built CLI, and the shard counts written in
 * different places of one example must agree.
 */

const ROOT = join(import.meta.dirname, '../..');
const DEPLOY = join(ROOT, 'deploy');
const read = (file: string) => readFileSync(join(DEPLOY, file), 'utf8');

/** The long options of a sealcheck command, as its built --help lists them. */
function optionsOf(command: string): Set<string> {
  const help = execFileSync(process.execPath, ['bin/sealcheck.js', command, '--help'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, COLUMNS: '400' } });
  return new Set([...help.matchAll(/(?:^|[\s,])(--[a-z][a-z-]*)/gm)].map((m) => m[1]!));
}

const known: Record<string, Set<string>> = {};

/** The options an invocation uses that the command does not have. */
function unknownOptions(argv: readonly string[]): string[] {
  const [command, ...args] = argv;
  expect(['collect', 'scan']).toContain(command);
  known[command!] ??= optionsOf(command!);
  return args.filter((a) => a.startsWith('--')).filter((a) => !known[command!]!.has(a.split('=')[0]!));
}

const valueOf = (argv: readonly string[], option: string): string | undefined => argv[argv.indexOf(option) + 1];

interface K8sContainer {
  image: string;
  args?: string[];
  command?: string[];
  env?: { name: string; value?: string }[];
}
interface K8sJob {
  kind: string;
  metadata: { name: string };
  spec: { completions?: number; completionMode?: string; template: { spec: { containers: K8sContainer[]; initContainers?: K8sContainer[] } } };
}

describe('deploy/kubernetes: an Indexed Job and a merge Job', () => {
  const docs = parseAllDocuments(read('kubernetes/sealcheck-sharded.yaml')).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS() as K8sJob;
  });
  const job = (name: string) => docs.find((d) => d.kind === 'Job' && d.metadata.name === name)!;
  const collect = job('sealcheck-collect');
  const merge = job('sealcheck-merge');
  const collector = collect.spec.template.spec.containers[0]!;
  const merger = merge.spec.template.spec.containers[0]!;

  it('uses only options the CLI has', () => {
    expect(unknownOptions(collector.args!)).toEqual([]);
    expect(unknownOptions(merger.args!)).toEqual([]);
  });

  it('agrees on the shard count: completions, SEALCHECK_SHARD_COUNT and the parts the merge waits for', () => {
    expect(collect.spec.completionMode).toBe('Indexed');
    const count = collector.env!.find((e) => e.name === 'SEALCHECK_SHARD_COUNT')!.value;
    expect(Number(count)).toBe(collect.spec.completions);
    const wait = merge.spec.template.spec.initContainers![0]!.command!.join(' ');
    expect(Number(/-ge (\d+)/.exec(wait)![1])).toBe(collect.spec.completions);
  });

  it('merges the S3 prefix the parts are written to', () => {
    expect(valueOf(collector.args!, '--out')).toBe('s3://example-sealcheck-runs/latest/part-{shard}.ndjson.gz');
    expect(valueOf(merger.args!, '--snapshot')).toBe('s3://example-sealcheck-runs/latest/');
    expect(merge.spec.template.spec.initContainers![0]!.command!.join(' ')).toContain('s3://example-sealcheck-runs/latest/');
  });
});

interface Workflow {
  jobs: Record<string, { needs?: string; strategy?: { matrix: { shard: number[] } }; steps: { run?: string; with?: Record<string, unknown> }[] }>;
}

/** The sealcheck command line of a workflow step, `${{ … }}` expressions kept as single words. */
function sealcheckArgv(run: string): string[] {
  const words = run.replace(/\$\{\{(.*?)\}\}/g, (m) => m.replace(/\s+/g, '')).trim().split(/\s+/).map((w) => w.replace(/^"|"$/g, ''));
  const at = words.findIndex((w) => /^sealcheck(@[\d.]+)?$/.test(w));
  expect(at, run).toBeGreaterThanOrEqual(0);
  return words.slice(at + 1);
}

describe('deploy/github-actions: a matrix of collect jobs and a merge job', () => {
  const workflow = parseYaml(read('github-actions/sealcheck-sharded.yml')) as Workflow;
  const runs = (job: string) => workflow.jobs[job]!.steps.filter((s) => s.run?.includes('sealcheck')).map((s) => sealcheckArgv(s.run!));
  const [collect] = runs('collect');
  const [scan] = runs('merge');

  it('uses only options the CLI has', () => {
    expect(unknownOptions(collect!)).toEqual([]);
    expect(unknownOptions(scan!)).toEqual([]);
  });

  it('agrees on the shard count: the matrix is 1..N for --shard I/N', () => {
    const n = Number(/\/(\d+)$/.exec(valueOf(collect!, '--shard')!)![1]);
    expect(workflow.jobs.collect!.strategy!.matrix.shard).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(valueOf(collect!, '--shard')).toBe(`\${{matrix.shard}}/${n}`);
  });

  it('merges after every part, from the artifacts the parts were uploaded as', () => {
    expect(workflow.jobs.merge!.needs).toBe('collect');
    const download = workflow.jobs.merge!.steps.find((s) => s.with?.pattern)!;
    expect(download.with).toMatchObject({ pattern: 'sealcheck-part-*', path: valueOf(scan!, '--snapshot'), 'merge-multiple': true });
  });
});

interface BatchJobDefinition {
  containerProperties: { command: string[] };
}

describe('deploy/aws-batch: an array job and a merge job', () => {
  const collect = JSON.parse(read('aws-batch/job-definition.json')) as BatchJobDefinition;
  const merge = JSON.parse(read('aws-batch/merge-job-definition.json')) as BatchJobDefinition;
  const submit = JSON.parse(read('aws-batch/submit-collect.json')) as { jobDefinition: string; arrayProperties: { size: number } };

  it('uses only options the CLI has', () => {
    expect(unknownOptions(collect.containerProperties.command)).toEqual([]);
    expect(unknownOptions(merge.containerProperties.command)).toEqual([]);
  });

  it('takes the shard from the array job (no --shard to disagree with its size) and names each part by it', () => {
    expect(submit.arrayProperties.size).toBeGreaterThanOrEqual(2);
    expect(submit.jobDefinition).toBe('sealcheck-collect');
    expect(collect.containerProperties.command).not.toContain('--shard');
    expect(valueOf(collect.containerProperties.command, '--out')).toBe('s3://example-sealcheck-runs/latest/part-{shard}.ndjson.gz');
    expect(valueOf(merge.containerProperties.command, '--snapshot')).toBe('s3://example-sealcheck-runs/latest/');
  });
});
