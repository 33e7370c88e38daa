/** The glob matcher lives in src/util/glob.ts (suppressions, rule selection and operators use it too); kept here for policy code that imports it. */
export { compileGlob, hasWildcard, matchGlob, matchGlobIn, wildcardMatch } from '../util/glob.js';
export type { CompiledGlob, GlobOptions, GlobPart, StepCounter } from '../util/glob.js';
