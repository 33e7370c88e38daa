import { own } from '../util/own.js';

/** Placeholders an output folder may contain, expanded in UTC so scheduled runs on any host agree. */
const PLACEHOLDERS: Record<string, (d: Date) => string> = {
  date: (d) => d.toISOString().slice(0, 10),
  time: (d) => d.toISOString().slice(11, 19).replace(/:/g, ''),
  datetime: (d) => `${d.toISOString().slice(0, 10)}T${d.toISOString().slice(11, 19).replace(/:/g, '')}Z`,
};

export const OUTPUT_PLACEHOLDERS = Object.keys(PLACEHOLDERS);

/** Placeholders in `pattern` that are not known, for load-time errors. */
export function unknownPlaceholders(pattern: string): string[] {
  return [...pattern.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? '').filter((name) => own(PLACEHOLDERS, name) === undefined);
}

/** `reports/{date}` → `reports/2025-06-01`. */
export function expandOutputDir(pattern: string, now: Date = new Date()): string {
  return pattern.replace(/\{([^{}]*)\}/g, (whole, name: string) => own(PLACEHOLDERS, name)?.(now) ?? whole);
}
