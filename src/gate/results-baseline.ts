import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { InputError } from '../errors.js';
import type { Severity } from '../engine/result.js';
import { SCHEMAS_DIR } from '../paths.js';
import { describeAjvErrors, schemaFileValidator } from '../util/ajv.js';
import { MAX_STREAMED_BYTES, readJsonStreamed, validateResults, type StreamedItemTaker } from './results-file.js';

/** The fields of a version 2 finding a baseline reads (the schema checked the rest). */
interface FindingRecord {
  rule: number;
  resource: number;
  status: 'PASS' | 'FAIL' | 'UNKNOWN' | 'ERROR';
  severity: Severity;
  message: string;
  fingerprint: string;
  suppression?: unknown;
  baselineState?: string;
}

/** A finding a baseline holds: not a PASS, not suppressed (a suppression has its own expiry), not one already fixed. */
const counts = (f: FindingRecord) => f.status !== 'PASS' && f.suppression === undefined && f.baselineState !== 'absent';

let validators: { finding: ValidateFunction; resource: ValidateFunction } | undefined;

function itemValidators(): { finding: ValidateFunction; resource: ValidateFunction } {
  const schema = join(SCHEMAS_DIR, 'results.schema.json');
  return (validators ??= { finding: schemaFileValidator(schema, 'definitions/finding'), resource: schemaFileValidator(schema, 'definitions/resource') });
}

/** A counted finding of a large results.json, whole, once the scan asks which were fixed. */
export interface FixedFinding {
  fingerprint: string;
  ruleId: string;
  arn: string;
  status: 'FAIL' | 'UNKNOWN' | 'ERROR';
  severity: Severity;
  message: string;
}

/**
 * A large results.json (version 2) read as a baseline without holding it:
 * each finding and resource is checked against the schema as the parser meets
 * it and dropped; `verdict` is told each counted finding's fingerprint, status
 * and severity. The rules table, the passes and the run stay in the root,
 * which is checked whole at the end with the table indexes. The findings a
 * scan no longer meets are read again at the end, in two more passes (the
 * resources table comes before the findings, so an ARN cannot be picked up
 * on the way), from the same file, unchanged.
 */
export class ResultsBaselineReader {
  private resources = 0;
  /** Whether any item was taken: a file whose `format` does not come first is collected whole by the parser. */
  private took = false;
  /** The highest rule and resource index a finding named, with its place, checked against the tables at the end. */
  private maxRule = { index: -1, at: '' };
  private maxResource = { index: -1, at: '' };

  constructor(
    private readonly file: string,
    private readonly verdict: (fingerprint: string, status: FixedFinding['status'], severity: Severity) => void,
  ) {}

  /** For {@link readJsonStreamed}: takes version 2 resources and findings; a version 1 file's `results` are left in the document. */
  readonly take: StreamedItemTaker = (array, item, index) => {
    if (array === 'results') return false;
    this.took = true;
    const { finding, resource } = itemValidators();
    const at = `/${array}/${index}`;
    if (array === 'resources') {
      if (!resource(item)) throw new InputError(`${this.file}: ${describeAjvErrors(resource.errors, at)}`);
      this.resources++;
      return true;
    }
    if (!finding(item)) throw new InputError(`${this.file}: ${describeAjvErrors(finding.errors, at)}`);
    const f = item as FindingRecord;
    if (f.rule > this.maxRule.index) this.maxRule = { index: f.rule, at: `${at}/rule` };
    if (f.resource > this.maxResource.index) this.maxResource = { index: f.resource, at: `${at}/resource` };
    if (counts(f)) this.verdict(f.fingerprint, f.status as FixedFinding['status'], f.severity);
    return true;
  };

  /**
   * Checks the rest of the document (its big arrays taken out) and the
   * findings' and passes' indexes. Returns the rule ids, or undefined for a
   * document the parser collected whole (version 1, or `format` not first),
   * which the caller reads as such.
   */
  finish(root: unknown): string[] | undefined {
    if (!this.took || validateResults(root, this.file) === 1) return undefined;
    const doc = root as { rules: { id: string }[]; passed: Record<string, number[]> };
    const fail = (at: string, what: string) => new InputError(`${this.file}: ${at}: ${what}`);
    if (this.maxRule.index >= doc.rules.length) throw fail(this.maxRule.at, `no rule ${this.maxRule.index} in the rules table (${doc.rules.length} rules)`);
    if (this.maxResource.index >= this.resources) throw fail(this.maxResource.at, `no resource ${this.maxResource.index} in the resources table (${this.resources} resources)`);
    const ruleIds = new Set(doc.rules.map((r) => r.id));
    for (const [ruleId, indexes] of Object.entries(doc.passed)) {
      const pointer = `/passed/${ruleId.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (!ruleIds.has(ruleId)) throw fail(pointer, 'a rule that is not in the rules table');
      const j = indexes.findIndex((i) => i >= this.resources);
      if (j >= 0) throw fail(`${pointer}/${j}`, `no resource ${indexes[j]} in the resources table (${this.resources} resources)`);
    }
    return doc.rules.map((r) => r.id);
  }

  /** The counted findings with these fingerprints, whole: two more readings of the file. */
  async fixed(fingerprints: ReadonlySet<string>, ruleIds: readonly string[]): Promise<FixedFinding[]> {
    const wanted: FindingRecord[] = [];
    const needed = new Set<number>();
    await readJsonStreamed(this.file, MAX_STREAMED_BYTES, (array, item) => {
      if (array === 'findings') {
        const f = item as FindingRecord;
        if (counts(f) && fingerprints.has(f.fingerprint)) {
          wanted.push(f);
          needed.add(f.resource);
        }
      }
      return true;
    });
    const arns = new Map<number, string>();
    await readJsonStreamed(this.file, MAX_STREAMED_BYTES, (array, item, index) => {
      if (array === 'resources' && needed.has(index)) arns.set(index, (item as { arn: string }).arn);
      return true;
    });
    return wanted.map((f) => ({
      fingerprint: f.fingerprint,
      ruleId: ruleIds[f.rule]!,
      arn: arns.get(f.resource)!,
      status: f.status as FixedFinding['status'],
      severity: f.severity,
      message: f.message,
    }));
  }
}
