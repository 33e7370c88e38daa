import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The package root, whether running from `src/` (tests) or `dist/` (the built CLI): both sit one level below it. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../', import.meta.url));

export const SCHEMAS_DIR = join(PACKAGE_ROOT, 'schemas');
export const RULES_DIR = join(PACKAGE_ROOT, 'rules');
/** Framework mapping files (`<framework id>.json`), their schemas and the Security Hub control catalogue. */
export const FRAMEWORKS_DIR = join(PACKAGE_ROOT, 'frameworks');
