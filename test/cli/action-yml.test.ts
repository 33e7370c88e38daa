import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, runCli } from './run-cli.js';

/** The GitHub Action passes its inputs to `sealcheck scan`: each must be a real option of the CLI. */

interface Step {
  id?: string;
  run?: string;
  env?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;
const scanStep = action.runs.steps.find((s) => s.id === 'scan');
const help = runCli(['scan', '--help']).stdout;
const helpOptions = new Set([...help.matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]));
/** Inputs that steer the action itself, not the CLI. */
const ACTION_ONLY = new Set(['upload-sarif']);

describe('action.yml', () => {
  it('is a composite action whose scan step runs sealcheck scan', () => {
    expect(action.runs.using).toBe('composite');
    expect(scanStep?.run).toContain('sealcheck "${args[@]}"');
    expect(scanStep?.run).toMatch(/args=\(scan /);
  });

  it('maps every CLI input to an option of the same name that `sealcheck scan --help` lists', () => {
    const cliInputs = Object.keys(action.inputs).filter((name) => !ACTION_ONLY.has(name));
    expect(cliInputs.length).toBeGreaterThan(0);
    for (const name of cliInputs) {
      expect(helpOptions, `input ${name}`).toContain(`--${name}`);
      expect(scanStep?.run, `input ${name} is passed on`).toContain(`--${name} "$`);
    }
  });

  it('uses no option that the CLI does not have', () => {
    const used = [...(scanStep?.run ?? '').matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]);
    expect(used.filter((o) => !helpOptions.has(o))).toEqual([]);
  });

  it('fails the job by the exit code the scan gave', () => {
    const last = action.runs.steps.at(-1);
    expect(last?.env?.CODE).toBe('${{ steps.scan.outputs.exit-code }}');
    expect(last?.run).toBe('exit "${CODE:-70}"');
  });
});
