/**
 * The digest chart: recorded time per worker, one horizontal bar each, split by activity
 * type, drawn as SVG and rasterised to PNG with resvg (Slack image blocks take PNG, JPEG or
 * GIF, not SVG). Text is drawn with the DejaVu Sans font shipped as an npm package, so the
 * image looks the same on every machine. Narrow enough to read on a phone.
 *
 * @example
 *   const png = renderTimeChart([{ label: 'Amira', minutes: { direct_work: 120, parent_contact: 45 } }]);
 */
import type { Resvg as ResvgClass } from '@resvg/resvg-js';
import { ACTIVITY_TYPES, type ActivityType } from '../../../storage/activity-log';
import { ACTIVITY_SHORT, formatMinutes } from './labels';

export interface ChartRow {
  label: string;
  minutes: Partial<Record<ActivityType, number>>;
}

/** Okabe-Ito colours (readable with colour-blindness), extended to nine. */
const COLOURS: Record<ActivityType, string> = {
  potential_referral_discussion: '#D55E00',
  advice_or_information: '#E69F00',
  direct_work: '#0072B2',
  group_work: '#56B4E9',
  parent_contact: '#009E73',
  drop_in: '#CC79A7',
  tas_meeting: '#F0E442',
  staff_training: '#999999',
  statutory_casework: '#332288',
};

const FONT = 'DejaVu Sans';
/** Narrow enough to be read at phone width without shrinking (a card is about 330 px there). */
const WIDTH = 360;
const LEFT = 76;
const RIGHT = 58;
const ROW = 30;
const TOP = 40;

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function total(row: ChartRow): number {
  return Object.values(row.minutes).reduce((a, b) => a + (b ?? 0), 0);
}

export function timeChartSvg(rows: ChartRow[], title: string): string {
  const max = Math.max(60, ...rows.map(total));
  const scale = (WIDTH - LEFT - RIGHT) / max;
  const used = ACTIVITY_TYPES.filter((t) => rows.some((r) => (r.minutes[t] ?? 0) > 0));
  const barsBottom = TOP + rows.length * ROW;
  const legendCols = 2;
  const legendRows = Math.ceil(used.length / legendCols);
  const height = barsBottom + 20 + legendRows * 22 + 10;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="24" font-family="${FONT}" font-size="14" font-weight="bold" fill="#222">${esc(title)}</text>`,
  ];
  rows.forEach((row, i) => {
    const y = TOP + i * ROW;
    parts.push(`<text x="${LEFT - 8}" y="${y + 19}" font-family="${FONT}" font-size="13" text-anchor="end" fill="#222">${esc(row.label)}</text>`);
    let x = LEFT;
    for (const t of ACTIVITY_TYPES) {
      const w = (row.minutes[t] ?? 0) * scale;
      if (w <= 0) continue;
      parts.push(`<rect x="${x.toFixed(1)}" y="${y + 5}" width="${w.toFixed(1)}" height="${ROW - 10}" fill="${COLOURS[t]}"/>`);
      x += w;
    }
    parts.push(`<text x="${(x + 6).toFixed(1)}" y="${y + 19}" font-family="${FONT}" font-size="12" fill="#444">${esc(formatMinutes(total(row)))}</text>`);
  });
  if (!used.length) {
    parts.push(`<text x="${LEFT}" y="${barsBottom + 16}" font-family="${FONT}" font-size="12" fill="#666">No time recorded this week</text>`);
  }
  used.forEach((t, i) => {
    const x = 10 + (i % legendCols) * 170;
    const y = barsBottom + 20 + Math.floor(i / legendCols) * 22;
    parts.push(`<rect x="${x}" y="${y}" width="14" height="14" fill="${COLOURS[t]}"/>`);
    parts.push(`<text x="${x + 20}" y="${y + 12}" font-family="${FONT}" font-size="12" fill="#222">${esc(ACTIVITY_SHORT[t])}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

let fontFiles: string[] | undefined;
function fonts(): string[] {
  fontFiles ??= [require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'), require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')];
  return fontFiles;
}

/**
 * resvg is a 4 MB native library that only the weekly digest uses, so it is loaded at the first
 * chart rather than at start-up: a process that never draws one (most of them, most of the week)
 * does not carry it in its memory.
 */
let resvgClass: typeof ResvgClass | undefined;
function Resvg(): typeof ResvgClass {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use on purpose (above)
  resvgClass ??= (require('@resvg/resvg-js') as typeof import('@resvg/resvg-js')).Resvg;
  return resvgClass;
}

export function renderTimeChart(rows: ChartRow[], title = 'Recorded time by activity'): Buffer {
  const svg = timeChartSvg(rows, title);
  // Twice the pixels, so it stays sharp on a phone's screen.
  const resvg = new (Resvg())(svg, { font: { loadSystemFonts: false, fontFiles: fonts(), defaultFontFamily: FONT }, background: '#ffffff', fitTo: { mode: 'zoom', value: 2 } });
  return resvg.render().asPng();
}
