import { rm } from 'node:fs/promises';
import type { Result, ResultResource, RuleSummary, ScanResults } from '../engine/result.js';
import { BatchedFile } from '../util/batched-file.js';
import { RuleShared, findingJson, resourceJson, resultsJsonHead, runJson } from './json.js';

/** A growable list of resource indexes: 4 bytes a PASS. */
class IndexList {
  private data = new Uint32Array(16);
  length = 0;

  push(i: number): void {
    if (this.length === this.data.length) {
      const grown = new Uint32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = i;
  }

  /** The last index added, or -1. */
  last(): number {
    return this.length === 0 ? -1 : this.data[this.length - 1]!;
  }

  json(): string {
    return `[${this.data.subarray(0, this.length).join(',')}]`;
  }
}

/** How resources are told apart: by comparison with the last one (a scan gives a resource's results together) or by a table of every one. */
export type ResourceIdentity = 'consecutive' | 'table';

export interface ResultsJsonWriterOptions {
  /** Write PASS results as full records in `findings` (`--evidence all`) instead of indexes under `passed`. */
  fullPasses?: boolean;
  /** Default `consecutive`: a scan's results of one resource come together; `table` for results in any order (a view read from a file). */
  identity?: ResourceIdentity;
  /** The spool for findings, when the caller created it and `file` exclusively (an OutputSet's temporary files); default `file` + `.findings`, created here. */
  spool?: string;
  /** The path write errors name, when `file` is a temporary name renamed into place later (default `file`). */
  target?: string;
}

const keyOf = (r: ResultResource) => `${r.resourceType}\n${r.resourceId}\n${r.arn}\n${r.accountId}\n${r.region}\n${r.name ?? ''}`;
const sameResource = (a: ResultResource, b: ResultResource) =>
  a.arn === b.arn && a.resourceId === b.resourceId && a.resourceType === b.resourceType && a.accountId === b.accountId && a.region === b.region && a.name === b.name;

/**
 * results.json (version 2) for results that stream past and are not kept.
 * The resources table is written to the file as resources are met; findings
 * go to a spool file beside it and are appended when the resources table is
 * complete; passes are kept as per-rule lists of resource indexes (4 bytes
 * each); the run and summary come last, at `finish`. `file` and the spool
 * (`file` + `.findings`) are created exclusively; the caller names `file`
 * (a temporary name it renames into place) and removes it on failure.
 */
export class ResultsJsonWriter {
  private readonly main: BatchedFile;
  private readonly spool: BatchedFile;
  private readonly ruleIndex = new Map<string, number>();
  private readonly shared: RuleShared[];
  private readonly passed: (IndexList | undefined)[];
  private resourceCount = 0;
  private findingCount = 0;
  private last: ResultResource | undefined;
  private readonly table = new Map<string, number>();

  constructor(
    file: string,
    private readonly rules: readonly RuleSummary[],
    private readonly options: ResultsJsonWriterOptions = {},
  ) {
    rules.forEach((r, i) => this.ruleIndex.set(r.id, i));
    this.passed = rules.map(() => undefined);
    this.shared = rules.map((r) => new RuleShared(r));
    const given = options.spool !== undefined;
    const shown = options.target ?? file;
    this.main = new BatchedFile(file, given ? 'w' : 'wx', shown);
    this.spool = new BatchedFile(options.spool ?? `${file}.findings`, given ? 'w' : 'wx', shown);
    this.main.write(resultsJsonHead(rules));
  }

  /** The index of a result's resource in the table, writing the entry when it is new. */
  private resourceOf(r: ResultResource): number {
    if (this.options.identity === 'table') {
      const key = keyOf(r);
      const known = this.table.get(key);
      if (known !== undefined) return known;
      this.table.set(key, this.resourceCount);
    } else {
      if (this.last && sameResource(this.last, r)) return this.resourceCount - 1;
      this.last = { resourceType: r.resourceType, resourceId: r.resourceId, arn: r.arn, accountId: r.accountId, region: r.region, ...(r.name === undefined ? {} : { name: r.name }) };
    }
    this.main.write(`${this.resourceCount === 0 ? '\n' : ',\n'}${resourceJson(r)}`);
    return this.resourceCount++;
  }

  private ruleOf(ruleId: string): number {
    const i = this.ruleIndex.get(ruleId);
    // The rules table is written first, from the rules that run: a result of another rule is a bug.
    if (i === undefined) throw new Error(`results.json: result of rule "${ruleId}", which is not in the rules table`);
    return i;
  }

  add(result: Result): void {
    const rule = this.ruleOf(result.ruleId);
    const resource = this.resourceOf(result);
    if (result.status === 'PASS' && !this.options.fullPasses) {
      this.addPassIndex(rule, resource);
      return;
    }
    this.spool.write(`${this.findingCount++ === 0 ? '\n' : ',\n'}${findingJson(result, rule, resource, this.shared[rule])}`);
  }

  /** A PASS without a full record (read from a results file). */
  addPassed(ruleId: string, resource: ResultResource): void {
    this.addPassIndex(this.ruleOf(ruleId), this.resourceOf(resource));
  }

  private addPassIndex(rule: number, resource: number): void {
    const list = (this.passed[rule] ??= new IndexList());
    // A resource listed twice in the inventory is one table entry, passed once.
    if (list.last() !== resource) list.push(resource);
  }

  /** Hands the batched text to the files, waiting when the disk is behind. */
  async flush(): Promise<void> {
    await Promise.all([this.main.flush(), this.spool.flush()]);
  }

  /** Completes the document with the findings, the passes, the run and the summary, and closes the file. */
  async finish(scan: Pick<ScanResults, 'run' | 'summary'>): Promise<void> {
    await this.spool.close();
    this.main.write(`${this.resourceCount > 0 ? '\n' : ''}],\n"findings":[`);
    await this.main.append(this.spool.path);
    await rm(this.spool.path, { force: true });
    const passed: string[] = [];
    this.passed.forEach((list, i) => {
      if (list) passed.push(`${JSON.stringify(this.rules[i]!.id)}:${list.json()}`);
    });
    this.main.write(`${this.findingCount > 0 ? '\n' : ''}],\n"passed":{${passed.length ? `\n${passed.join(',\n')}\n` : ''}},\n`);
    this.main.write(runJson(scan));
    await this.main.close();
  }

  /** Closes both files and removes the spool; the caller removes `file`. */
  async abort(): Promise<void> {
    await Promise.all([this.main.destroy(), this.spool.destroy()]);
    await rm(this.spool.path, { force: true });
  }
}

/**
 * Writes results held in memory (a view read from a results file, or built in
 * a test) as results.json version 2. The resources are collected from the
 * findings and the passes that name theirs; passes known only as counts cannot
 * be written and are left out (their count stays in the summary).
 */
export async function writeResultsJson(file: string, scan: ScanResults, options: Pick<ResultsJsonWriterOptions, 'fullPasses' | 'spool' | 'target'> = {}): Promise<void> {
  const fullPasses = options.fullPasses ?? scan.findings.some((f) => f.status === 'PASS');
  const { spool, target } = options;
  const writer = new ResultsJsonWriter(file, scan.rules, { fullPasses, identity: 'table', ...(spool === undefined ? {} : { spool }), ...(target === undefined ? {} : { target }) });
  try {
    for (const r of scan.findings) writer.add(r);
    for (const [ruleId, passed] of scan.passed) for (const resource of passed.resources ?? []) writer.addPassed(ruleId, resource);
    await writer.finish(scan);
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
