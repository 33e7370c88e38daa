import { Socket, type NetConnectOpts } from 'node:net';
import { afterAll, expect } from 'vitest';

/**
 * Tests may talk to servers they start on 127.0.0.1, never to any other
 * address: a client the test forgot to stub must not reach AWS. Every other
 * connection is refused before it is made, and the file fails naming it.
 */
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const state = globalThis as { __sealcheckOutsideTraffic?: string[] };

if (!state.__sealcheckOutsideTraffic) {
  state.__sealcheckOutsideTraffic = [];
  const connect = Object.getOwnPropertyDescriptor(Socket.prototype, 'connect')?.value as (this: Socket, ...args: unknown[]) => Socket;
  Socket.prototype.connect = function (this: Socket, ...args: unknown[]) {
    const first = args[0];
    const options = (Array.isArray(first) ? first[0] : first) as NetConnectOpts | number | string;
    const host = typeof options === 'object' && options !== null && 'port' in options ? (options.host ?? 'localhost') : typeof args[1] === 'string' ? args[1] : typeof options === 'number' ? 'localhost' : undefined;
    // A string first argument is a Unix socket path: local by nature.
    if (host !== undefined && !LOOPBACK.has(host)) {
      state.__sealcheckOutsideTraffic?.push(String(host));
      process.nextTick(() => this.destroy(Object.assign(new Error(`test sandbox: connection to ${host} refused (tests talk to 127.0.0.1 only)`), { code: 'ECONNREFUSED' })));
      return this;
    }
    return connect.apply(this, args);
  };
}

afterAll(() => {
  const attempts = state.__sealcheckOutsideTraffic?.splice(0) ?? [];
  expect(attempts, 'connections this file tried to make outside 127.0.0.1').toEqual([]);
});
