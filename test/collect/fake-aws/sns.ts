import { queryDoc, type Reply } from './wire.js';

/** SNS (query protocol): an account without topics. */
export function sns(action: string): Reply | undefined {
  return action === 'ListTopics' ? queryDoc(action, 'http://sns.amazonaws.com/doc/2010-03-31/', '<Topics/>') : undefined;
}
