import { execFileSync } from 'node:child_process';

/** End-to-end tests run the built CLI, so build it once before any test file (skipped when dist/ was built from these sources). */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { stdio: 'inherit' });
}
