import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from './paths.js';

const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string; homepage?: string };

/** Who wrote the results: reports name the tool and its version. */
export const TOOL = {
  name: 'sealcheck',
  version: pkg.version,
  informationUri: pkg.homepage ?? 'https://github.com/sealcheck/sealcheck',
};
