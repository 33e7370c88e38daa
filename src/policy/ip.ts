/**
 * Hand-written IPv4/IPv6 address and CIDR parsing for `IpAddress`/`NotIpAddress`
 * and for judging how broad an `aws:SourceIp` range is.
 */

/** An address as its bytes: 4 for IPv4, 16 for IPv6. */
export interface IpAddr {
  readonly version: 4 | 6;
  readonly bytes: Uint8Array;
}

/** A network: the address with host bits cleared, and its prefix length. */
export interface Cidr extends IpAddr {
  readonly prefix: number;
}

function parseV4(s: string): Uint8Array | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i] ?? '';
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

function parseV6(s: string): Uint8Array | undefined {
  if (s.length > 45) return undefined;
  let head = s;
  let tail = '';
  const dbl = s.indexOf('::');
  if (dbl >= 0) {
    if (s.indexOf('::', dbl + 1) >= 0) return undefined;
    head = s.slice(0, dbl);
    tail = s.slice(dbl + 2);
  }
  const groups = (text: string): number[] | undefined => {
    if (text === '') return [];
    const out: number[] = [];
    const parts = text.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i] ?? '';
      if (i === parts.length - 1 && p.includes('.')) {
        // Embedded IPv4 in the last 32 bits, e.g. ::ffff:192.0.2.1.
        const v4 = parseV4(p);
        if (!v4) return undefined;
        out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return undefined;
      out.push(parseInt(p, 16));
    }
    return out;
  };
  const h = groups(head);
  const t = groups(tail);
  if (!h || !t) return undefined;
  const missing = 8 - h.length - t.length;
  if (dbl >= 0 ? missing < 1 : missing !== 0) return undefined;
  const all = [...h, ...new Array<number>(Math.max(missing, 0)).fill(0), ...t];
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  return out;
}

/** Parses a bare IPv4 or IPv6 address (a `/32` or `/128` suffix is tolerated). */
export function parseIp(text: string): IpAddr | undefined {
  const c = parseCidr(text);
  if (!c) return undefined;
  if (c.prefix !== (c.version === 4 ? 32 : 128)) return undefined;
  return { version: c.version, bytes: c.bytes };
}

/** Parses `a.b.c.d/n`, an IPv6 CIDR, or a single address (full-length prefix). */
export function parseCidr(text: string): Cidr | undefined {
  if (text.length > 64) return undefined;
  const slash = text.indexOf('/');
  const addr = slash >= 0 ? text.slice(0, slash) : text;
  const isV6 = addr.includes(':');
  const bytes = isV6 ? parseV6(addr) : parseV4(addr);
  if (!bytes) return undefined;
  const max = isV6 ? 128 : 32;
  let prefix = max;
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p)) return undefined;
    prefix = Number(p);
    if (prefix > max) return undefined;
  }
  const masked = new Uint8Array(bytes);
  for (let bit = prefix; bit < max; bit++) {
    const i = bit >> 3;
    masked[i] = (masked[i] ?? 0) & ~(0x80 >> (bit & 7));
  }
  return { version: isV6 ? 6 : 4, bytes: masked, prefix };
}

/** Whether the network contains the address; families never mix. */
export function cidrContains(cidr: Cidr, ip: IpAddr): boolean {
  if (cidr.version !== ip.version) return false;
  for (let bit = 0; bit < cidr.prefix; bit++) {
    const i = bit >> 3;
    const m = 0x80 >> (bit & 7);
    if (((cidr.bytes[i] ?? 0) & m) !== ((ip.bytes[i] ?? 0) & m)) return false;
  }
  return true;
}
