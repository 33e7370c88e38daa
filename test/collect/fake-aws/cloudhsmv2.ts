import type { AccountState } from './state.js';
import { json, page, type Reply } from './wire.js';

/** CloudHSM v2 (JSON 1.1, target prefix BaldrApiService): clusters and backups, each list paged by NextToken. */
export function cloudhsmv2(state: AccountState, op: string, body: Record<string, unknown>, pageSize: number | undefined): Reply | undefined {
  const token = body.NextToken as string | undefined;
  switch (op) {
    case 'DescribeClusters': {
      const { items, next } = page(state.cloudHsm?.clusters ?? [], token, pageSize);
      return json({ Clusters: items, ...(next ? { NextToken: next } : {}) });
    }
    case 'DescribeBackups': {
      const { items, next } = page(state.cloudHsm?.backups ?? [], token, pageSize);
      return json({ Backups: items, ...(next ? { NextToken: next } : {}) });
    }
    default:
      return undefined;
  }
}
