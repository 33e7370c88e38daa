import { escapeHtml } from '../util/html-escape.js';

export interface Bar {
  label: string;
  value: number;
  /** CSS class of the bar, for severity and status colours. */
  tone?: string;
}

const ROW = 22;
const LABEL_WIDTH = 170;
const BAR_WIDTH = 260;
const VALUE_WIDTH = 70;
const MAX_LABEL = 28;

function shortLabel(label: string): string {
  return label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label;
}

/**
 * A horizontal bar chart as inline SVG: no script, no external resources, so
 * it reads without JavaScript and under a CSP that forbids images from
 * anywhere but `data:`. Labels are escaped; the full label is the bar's title.
 */
export function barChart(title: string, bars: readonly Bar[]): string {
  if (bars.length === 0) return `<p class="empty">${escapeHtml(title)}: nothing to show.</p>`;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = bars.length * ROW + 4;
  const width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH;
  const rows = bars.map((b, i) => {
    const y = i * ROW + 2;
    const w = b.value === 0 ? 0 : Math.max(2, Math.round((b.value / max) * BAR_WIDTH));
    return (
      `<g><title>${escapeHtml(`${b.label}: ${b.value}`)}</title>` +
      `<text x="${LABEL_WIDTH - 6}" y="${y + 15}" text-anchor="end" class="chart-label">${escapeHtml(shortLabel(b.label))}</text>` +
      `<rect x="${LABEL_WIDTH}" y="${y + 3}" width="${w}" height="${ROW - 6}" rx="2" class="bar ${escapeHtml(b.tone ?? 'bar-default')}"/>` +
      `<text x="${LABEL_WIDTH + w + 6}" y="${y + 15}" class="chart-value">${b.value}</text></g>`
    );
  });
  return (
    `<figure class="chart"><figcaption>${escapeHtml(title)}</figcaption>` +
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `${rows.join('')}</svg></figure>`
  );
}

/** One column of a stacked chart: its label and its parts, bottom first. */
export interface StackedColumn {
  label: string;
  parts: readonly Bar[];
}

const COLUMN_WIDTH = 36;
const COLUMN_GAP = 14;
const PLOT_HEIGHT = 160;
const AXIS_SPACE = 34;

/**
 * Vertical stacked columns as inline SVG (same constraints as {@link barChart}):
 * one column per label, its parts stacked bottom first, each part titled with
 * its label and value; the column's total is written above it.
 */
export function stackedColumns(title: string, columns: readonly StackedColumn[]): string {
  if (columns.length === 0) return `<p class="empty">${escapeHtml(title)}: nothing to show.</p>`;
  const totals = columns.map((c) => c.parts.reduce((n, p) => n + p.value, 0));
  const max = Math.max(1, ...totals);
  const width = columns.length * (COLUMN_WIDTH + COLUMN_GAP) + COLUMN_GAP;
  const height = PLOT_HEIGHT + AXIS_SPACE + 16;
  const body = columns.map((c, i) => {
    const x = COLUMN_GAP + i * (COLUMN_WIDTH + COLUMN_GAP);
    let y = PLOT_HEIGHT + 16;
    const parts = c.parts
      .filter((p) => p.value > 0)
      .map((p) => {
        const h = Math.max(1, Math.round((p.value / max) * PLOT_HEIGHT));
        y -= h;
        return `<rect x="${x}" y="${y}" width="${COLUMN_WIDTH}" height="${h}" class="bar ${escapeHtml(p.tone ?? 'bar-default')}"><title>${escapeHtml(`${c.label} ${p.label}: ${p.value}`)}</title></rect>`;
      });
    return (
      `<g>${parts.join('')}` +
      `<text x="${x + COLUMN_WIDTH / 2}" y="${y - 4}" text-anchor="middle" class="chart-value">${totals[i] ?? 0}</text>` +
      `<text x="${x + COLUMN_WIDTH / 2}" y="${PLOT_HEIGHT + 32}" text-anchor="middle" class="chart-label">${escapeHtml(shortLabel(c.label))}</text></g>`
    );
  });
  return (
    `<figure class="chart"><figcaption>${escapeHtml(title)}</figcaption>` +
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `${body.join('')}</svg></figure>`
  );
}
