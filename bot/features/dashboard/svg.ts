/**
 * Charts for the dashboard page, drawn on the server as inline SVG from the same table the
 * page shows beside them (no client script, no build step, nothing to download). The time by
 * worker chart is the digest's own chart (bot/features/digest/chart.ts), so a manager sees
 * the same picture in chat and in the browser; bars and columns are drawn here in the same
 * style. Each chart is an image to screen readers (role="img") named by its title, with a
 * short description pointing at the table beside it, which carries every number.
 *
 * @example
 *   const svg = chartSvg(table, 'chart-time-by-school');
 */
import { timeChartSvg } from '../digest/chart';
import type { Table } from './tables';

const FONT = 'DejaVu Sans, Verdana, sans-serif';
/** GOV.UK blue: 4.5:1 or better against white for text and bars. */
const BAR = '#1d70b8';
const INK = '#0b0c0c';

export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function accessible(svg: string, id: string, title: string, rows: number): string {
  const desc = rows ? `Chart of ${rows} ${rows === 1 ? 'row' : 'rows'}; the table beside it holds the same figures.` : 'Nothing recorded in this range.';
  return svg.replace(
    /^<svg ([^>]*)>/,
    `<svg $1 role="img" aria-labelledby="${id}-t ${id}-d" focusable="false" class="chart"><title id="${id}-t">${esc(title)}</title><desc id="${id}-d">${esc(desc)}</desc>`,
  );
}

const num = (v: unknown) => (typeof v === 'number' ? v : 0);

function barsSvg(labels: string[], values: number[], unit: string): string {
  const width = 640;
  const left = 230;
  const row = 28;
  const max = Math.max(1, ...values);
  const height = 16 + labels.length * row;
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`];
  labels.forEach((label, i) => {
    const y = 8 + i * row;
    const w = (values[i] / max) * (width - left - 80);
    const short = label.length > 30 ? `${label.slice(0, 29)}…` : label;
    parts.push(`<text x="${left - 8}" y="${y + 18}" font-family="${FONT}" font-size="13" text-anchor="end" fill="${INK}">${esc(short)}</text>`);
    parts.push(`<rect x="${left}" y="${y + 5}" width="${w.toFixed(1)}" height="${row - 10}" fill="${BAR}"/>`);
    parts.push(`<text x="${(left + w + 6).toFixed(1)}" y="${y + 18}" font-family="${FONT}" font-size="12" fill="${INK}">${esc(`${values[i]}${unit}`)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

function columnsSvg(labels: string[], values: number[], unit: string): string {
  const width = 640;
  const height = 240;
  const top = 20;
  const bottom = 60;
  const left = 40;
  const max = Math.max(1, ...values);
  const slot = (width - left - 10) / Math.max(1, labels.length);
  const barW = Math.max(2, Math.min(40, slot * 0.7));
  const every = Math.ceil(labels.length / 12);
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`];
  parts.push(`<line x1="${left}" y1="${height - bottom}" x2="${width - 10}" y2="${height - bottom}" stroke="${INK}"/>`);
  parts.push(`<text x="${left - 4}" y="${top + 4}" font-family="${FONT}" font-size="11" text-anchor="end" fill="${INK}">${esc(`${max}${unit}`)}</text>`);
  labels.forEach((label, i) => {
    const h = (values[i] / max) * (height - top - bottom);
    const x = left + i * slot + (slot - barW) / 2;
    parts.push(`<rect x="${x.toFixed(1)}" y="${(height - bottom - h).toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${BAR}"/>`);
    if (i % every === 0) {
      const cx = (x + barW / 2).toFixed(1);
      parts.push(`<text x="${cx}" y="${height - bottom + 14}" font-family="${FONT}" font-size="11" text-anchor="end" transform="rotate(-35 ${cx} ${height - bottom + 14})" fill="${INK}">${esc(label.replace(/^w\/c /, ''))}</text>`);
    }
  });
  parts.push('</svg>');
  return parts.join('');
}

/** The chart a table asks for, as accessible inline SVG; undefined when it has none. */
export function chartSvg(table: Table, id: string): string | undefined {
  if (!table.chart) return undefined;
  const labels = table.rows.map((r) => String(r[0]));
  const values = table.rows.map((r) => num(r[table.chart!.valueColumn]));
  const unit = table.columns[table.chart.valueColumn] === 'Hours' ? ' h' : '';
  let svg: string;
  if (table.chart.kind === 'stacked') {
    const series = table.chart.series ?? [];
    const rows = table.rows.map((r) => ({ label: String(r[0]).split(' ')[0], minutes: Object.fromEntries(series.map((t, i) => [t, num(r[i + 1])])) }));
    svg = timeChartSvg(rows, table.title.replace(/ \(minutes\)$/, ''));
  } else svg = table.chart.kind === 'bars' ? barsSvg(labels, values, unit) : columnsSvg(labels, values, unit);
  return accessible(svg, id, table.title, table.rows.length);
}
