import type { AccountState } from './state.js';
import { json, type Reply } from './wire.js';

/**
 * Security Hub (REST-JSON, `POST /findings/import`): BatchImportFindings keeps
 * each finding by its `Id` (a later import replaces it, as Security Hub
 * updates a finding), refuses more than 100 findings per call as Security Hub
 * does, and answers chosen findings with a `FailedFindings` entry a number of
 * times first (`state.securityHub.reject`).
 */
export function securityhub(state: AccountState, method: string, path: string, body: string): Reply | undefined {
  if (method !== 'POST' || path !== '/findings/import') return undefined;
  const input = JSON.parse(body) as { Findings?: Record<string, unknown>[] };
  const findings = input.Findings ?? [];
  if (findings.length === 0 || findings.length > 100) {
    return { ...json({ Message: `Findings must hold 1 to 100 findings, not ${findings.length}` }, 400), headers: { 'x-amzn-errortype': 'InvalidInputException' } };
  }
  const failed: { Id: string; ErrorCode: string; ErrorMessage: string }[] = [];
  for (const f of findings) {
    const id = String(f.Id);
    const reject = state.securityHub.reject.get(id);
    if (reject && reject.times > 0) {
      reject.times -= 1;
      failed.push({ Id: id, ErrorCode: reject.code, ErrorMessage: `${reject.code} (fake)` });
      continue;
    }
    state.securityHub.findings.set(id, f);
    state.securityHub.imports.set(id, (state.securityHub.imports.get(id) ?? 0) + 1);
  }
  return json({ FailedCount: failed.length, SuccessCount: findings.length - failed.length, FailedFindings: failed });
}
