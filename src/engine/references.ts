import type { References } from './result.js';

/** One requirement a rule cites: the framework file's id (`cis-aws-v5.0.0`) and the requirement's id in it (`2.1.1`). */
export interface FrameworkRequirement {
  framework: string;
  id: string;
}

/** The framework requirements a rule cites, frameworks in id order, ids as the rule lists them. */
export function frameworkRequirements(refs: Pick<References, 'frameworks'>): FrameworkRequirement[] {
  const byFramework = refs.frameworks ?? {};
  return Object.keys(byFramework)
    .sort()
    .flatMap((framework) => (byFramework[framework] ?? []).map((id) => ({ framework, id })));
}
