import { PutEvaluationsCommand, type ConfigServiceClient, type Evaluation } from '@aws-sdk/client-config-service';

/** PutEvaluations takes at most 100 evaluations per call. */
export const PUT_EVALUATIONS_LIMIT = 100;

/** The result token AWS Config gives when a rule is tested: evaluations are checked, not recorded. */
const TEST_MODE_TOKEN = 'TESTMODE';

/**
 * Reports evaluations with the invocation's result token, 100 a call. An evaluation Config refuses is an
 * error naming it: the invocation fails, so Config shows the rule in error rather than a partial answer.
 */
export async function putEvaluations(client: ConfigServiceClient, evaluations: readonly Evaluation[], resultToken: string): Promise<number> {
  let calls = 0;
  for (let i = 0; i < evaluations.length; i += PUT_EVALUATIONS_LIMIT) {
    const batch = evaluations.slice(i, i + PUT_EVALUATIONS_LIMIT);
    const out = await client.send(new PutEvaluationsCommand({ Evaluations: batch, ResultToken: resultToken, ...(resultToken === TEST_MODE_TOKEN ? { TestMode: true } : {}) }));
    calls++;
    const failed = out.FailedEvaluations ?? [];
    const first = failed[0];
    if (first) {
      throw new Error(`PutEvaluations refused ${failed.length} of ${batch.length} evaluations, the first for ${first.ComplianceResourceType} ${first.ComplianceResourceId}`);
    }
  }
  return calls;
}
