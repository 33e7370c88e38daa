/** Receives what the run is doing, per service and region. */
export interface Progress {
  start(service: string, region: string): void;
  /** `n` more resources collected. */
  found(service: string, region: string, n: number): void;
  /** `n` more collection errors recorded. */
  failed(service: string, region: string, n: number): void;
  finish(service: string, region: string): void;
  /** Final redraw; nothing is written afterwards. */
  close(): void;
}

interface Line {
  label: string;
  found: number;
  errors: number;
  done: boolean;
}

/** The line of a service and region, made on first use. */
function lineFor(lines: Map<string, Line>): (service: string, region: string) => Line {
  return (service, region) => {
    const key = `${service} ${region}`;
    let l = lines.get(key);
    if (!l) lines.set(key, (l = { label: key, found: 0, errors: 0, done: false }));
    return l;
  };
}

export const silentProgress: Progress = { start() {}, found() {}, failed() {}, finish() {}, close() {} };

/** Plain log lines (stderr is a file or a pipe): one when a service and region starts, one when it ends. */
export function logProgress(write: (text: string) => void): Progress {
  const lines = new Map<string, Line>();
  const line = lineFor(lines);
  return {
    start: (s, r) => void line(s, r),
    found: (s, r, n) => void (line(s, r).found += n),
    failed: (s, r, n) => void (line(s, r).errors += n),
    finish(s, r) {
      const l = line(s, r);
      l.done = true;
      write(`sealcheck: ${l.label}: ${l.found} resources${l.errors ? `, ${l.errors} errors` : ''}\n`);
    },
    close() {},
  };
}

const BAR_WIDTH = 16;

function barLine(l: Line, max: number): string {
  const filled = l.done ? BAR_WIDTH : Math.min(BAR_WIDTH - 1, Math.round((l.found / max) * (BAR_WIDTH - 1)));
  const bar = `[${'#'.repeat(filled)}${(l.done ? '' : '>').slice(0, BAR_WIDTH - filled)}${' '.repeat(Math.max(0, BAR_WIDTH - filled - (l.done ? 0 : 1)))}]`;
  return `${l.label.padEnd(24)} ${bar} ${String(l.found).padStart(6)}${l.errors ? ` (${l.errors} errors)` : ''}${l.done ? ' done' : ''}`;
}

/**
 * The lines that fit in `room` rows: all of them when they fit; else the running
 * ones first, then the latest finished, in their order, and one line summing up the rest.
 */
function fitLines(all: Line[], room: number): { shown: Line[]; folded: Line[] } {
  if (all.length <= room) return { shown: all, folded: [] };
  const keep = new Set(all.filter((l) => !l.done).slice(0, room - 1));
  for (const l of [...all].reverse()) {
    if (keep.size >= room - 1) break;
    keep.add(l);
  }
  return { shown: all.filter((l) => keep.has(l)), folded: all.filter((l) => !keep.has(l)) };
}

/** A bar per service and region, redrawn in place (stderr is a terminal). Redraws are throttled. */
export function ttyProgress(stream: { write(text: string): boolean; columns?: number; rows?: number }, intervalMs = 100): Progress {
  const lines = new Map<string, Line>();
  let drawn = 0;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const draw = (): void => {
    timer = undefined;
    const width = Math.max(40, (stream.columns ?? 80) - 1);
    // A block taller than the terminal cannot be redrawn in place: the cursor stops at the top row.
    const room = Math.max(2, (stream.rows ?? 24) - 1);
    let out = drawn > 0 ? `\x1b[${drawn}A` : '';
    const all = [...lines.values()];
    const max = Math.max(1, ...all.map((l) => l.found));
    const { shown, folded } = fitLines(all, room);
    const texts = shown.map((l) => barLine(l, max));
    if (folded.length > 0) {
      const sum = (f: (l: Line) => number) => folded.reduce((n, l) => n + f(l), 0);
      texts.push(`… ${folded.length} more: ${sum((l) => l.found)} resources, ${sum((l) => l.errors)} errors, ${sum((l) => (l.done ? 1 : 0))} done`);
    }
    for (const text of texts) out += `\x1b[2K${text.slice(0, width)}\n`;
    drawn = texts.length;
    stream.write(out);
  };
  const schedule = (): void => {
    if (!closed) timer ??= setTimeout(draw, intervalMs);
  };
  const line = lineFor(lines);
  return {
    start: (s, r) => (line(s, r), schedule()),
    found: (s, r, n) => ((line(s, r).found += n), schedule()),
    failed: (s, r, n) => ((line(s, r).errors += n), schedule()),
    finish: (s, r) => ((line(s, r).done = true), schedule()),
    close() {
      if (closed) return;
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      draw();
    },
  };
}

/** The progress display for a run: nothing when quiet, a redrawn bar on a terminal, log lines otherwise. */
export function progressFor(stream: NodeJS.WriteStream, quiet: boolean): Progress {
  if (quiet) return silentProgress;
  if (stream.isTTY) return ttyProgress(stream);
  return logProgress((text) => stream.write(text));
}
