import type { World } from './differential-world.js';

/**
 * Rewrites that AWS's documentation says leave a request's decision as it is.
 * A known class of disagreement (differential-known.json) names one: the
 * disagreement is of that class when, after the rewrite, our decision is
 * unchanged and iam-simulate's equals it.
 */

type Rewrite = (w: World) => World;

function mapStrings(value: unknown, f: (s: string) => readonly string[]): unknown {
  if (Array.isArray(value)) return value.flatMap((v: unknown): unknown[] => (typeof v === 'string' ? [...f(v)] : [mapStrings(v, f)]));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? (f(v).length === 1 ? f(v)[0] : f(v)) : mapStrings(v, f)]));
  return value;
}

function everyPolicy(w: World, f: (s: string) => readonly string[]): World {
  const m = <T>(p: T): T => mapStrings(p, f) as T;
  return {
    ...w,
    identity: w.identity.map(m),
    ...(w.boundary ? { boundary: m(w.boundary) } : {}),
    ...(w.resourcePolicy ? { resourcePolicy: m(w.resourcePolicy) } : {}),
    scps: w.scps.map((level) => level.map(m)),
    rcps: w.rcps.map((level) => level.map(m)),
  };
}

/** The rewrites by the name the known classes give. */
export const REWRITES: Readonly<Record<string, Rewrite>> = {
  // 0.0.0.0/0 is the union of its two halves (RFC 4632).
  'split-zero-cidr': (w) => everyPolicy(w, (s) => (s === '0.0.0.0/0' ? ['0.0.0.0/1', '128.0.0.0/1'] : [s])),
  // An address without a routing prefix is taken as /32 ("IP address condition operators").
  'bare-ipv4-as-cidr': (w) => everyPolicy(w, (s) => (/^\d{1,3}(\.\d{1,3}){3}$/.test(s) ? [`${s}/32`] : [s])),
};
