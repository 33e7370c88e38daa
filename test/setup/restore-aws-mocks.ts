import { createRequire } from 'node:module';
import { afterAll } from 'vitest';

// aws-sdk-client-mock stubs a client class's `send` in the default sandbox of the sinon copy it requires (CommonJS;
// an ESM import of sinon is another copy with another sandbox). Test files share a worker's modules (isolate: false),
// so a stub one file leaves in place would answer another file's calls.
const requireFromMock = createRequire(createRequire(import.meta.url).resolve('aws-sdk-client-mock'));
const sinon = requireFromMock('sinon') as { restore(): void };

afterAll(() => {
  sinon.restore();
});
