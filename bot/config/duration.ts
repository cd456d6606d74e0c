/**
 * Durations as a local authority writes them in configuration: "90s", "15m", "4h", "2d",
 * or combined ("1h30m"). Seconds are allowed everywhere so tests can use short limits.
 *
 * @example
 *   parseDuration('1h30m') // 5_400_000 (milliseconds)
 */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const WHOLE = /^(\d+(ms|s|m|h|d))+$/;
const PART = /(\d+)(ms|s|m|h|d)/g;

/** Milliseconds for a duration string, or undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const compact = text.replace(/\s+/g, '').toLowerCase();
  if (!WHOLE.test(compact)) return undefined;
  let total = 0;
  for (const m of compact.matchAll(PART)) total += Number(m[1]) * UNIT_MS[m[2]];
  return total;
}

/** A short human form, e.g. 5_400_000 -> "1h 30m", for messages. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)}s`;
  const minutes = Math.round(ms / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  return [d ? `${d}d` : '', h ? `${h}h` : '', m ? `${m}m` : ''].filter(Boolean).join(' ');
}
