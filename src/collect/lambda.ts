import { GetPolicyCommand, ListFunctionsCommand, ListTagsCommand } from '@aws-sdk/client-lambda';
import type { Resource } from '../inventory/resource.js';
import { identified, required, requireItem } from './always-present.js';
import { assign, assignTags, forEach, listAll, policyDocumentFromText, type Collector } from './context.js';
import { regionalResource } from './resource.js';

/**
 * Lambda functions. ListFunctions already carries each function's configuration;
 * of the environment only the variable NAMES are kept — values can be secrets
 * and never leave this function.
 *
 * KMSKeyArn is documented as returned only for a customer managed key, so its
 * absence reads as none. The reference marks no member of FunctionConfiguration
 * as always returned, but CreateFunction requires a Role, so every function has
 * one: an item without Role is an odd answer, not a function without a key.
 * GetPolicy answers a function without a policy with ResourceNotFoundException,
 * so a successful answer carries Policy.
 */
export const lambdaCollector: Collector = {
  service: 'lambda',
  scope: 'region',
  async collect(ctx) {
    const lambda = ctx.client('lambda');
    const list = await listAll(
      ctx,
      'lambda:ListFunctions',
      (m) => lambda.send(new ListFunctionsCommand({ MaxItems: 50, ...(m ? { Marker: m } : {}) })),
      (o) => o.Functions,
      (o) => o.NextMarker,
    );
    const functions: Resource[] = [];
    await forEach(identified(ctx, list.items, 'FunctionName or FunctionArn', (f) => f.FunctionName && f.FunctionArn, 'lambda:ListFunctions'), async (f) => {
      const fn = regionalResource(ctx, 'AWS::Lambda::Function', f.FunctionName!, f.FunctionArn!, {
        functionName: f.FunctionName!,
        runtime: f.Runtime ?? null,
        kmsKeyArn: f.KMSKeyArn ?? null,
        environmentVariableNames: Object.keys(f.Environment?.Variables ?? {}).sort(),
      });
      requireItem(fn, f, ['Role'], 'lambda:ListFunctions', ['functionName']);
      const [policy, tags] = await Promise.all([
        ctx.call('lambda:GetPolicy', () => lambda.send(new GetPolicyCommand({ FunctionName: f.FunctionName! }))),
        ctx.call('lambda:ListTags', () => lambda.send(new ListTagsCommand({ Resource: f.FunctionArn! }))),
      ]);
      assign(fn, 'policy', required(policy, 'Policy', 'lambda:GetPolicy'), policyDocumentFromText, { codes: ['ResourceNotFoundException'], value: null });
      assignTags(fn, tags, (o) => ({ ...(o.Tags ?? {}) }));
      functions.push(fn);
      ctx.found(1);
    });
    return functions.sort((a, b) => a.resourceId.localeCompare(b.resourceId));
  },
};
