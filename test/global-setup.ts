import { execFileSync } from 'node:child_process';

/** End-to-end tests run the built CLI, so build it once before any test file. */
export default function setup(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['scripts/compile-validators.mjs'], { stdio: 'inherit' });
}
