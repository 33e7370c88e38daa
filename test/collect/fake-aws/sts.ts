import { ACCOUNT } from './state.js';
import { queryDoc, type Reply } from './wire.js';

/** STS (query protocol): who the caller is. */
export function sts(action: string): Reply | undefined {
  if (action !== 'GetCallerIdentity') return undefined;
  return queryDoc(action, 'https://sts.amazonaws.com/doc/2011-06-15/', `<Arn>arn:aws:iam::${ACCOUNT}:user/auditor</Arn><UserId>AIDAFAKEAUDITOR</UserId><Account>${ACCOUNT}</Account>`);
}
