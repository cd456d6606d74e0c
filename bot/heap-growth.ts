/**
 * How far the bot process lets V8's old generation grow between full collections: to 1.5× what
 * the last one left alive (`--heap-growing-percent=50`) instead of V8's default, which lets it
 * grow up to 4× while garbage comes fast. Under load that default is most of the bot's peak
 * memory above its live heap (bench/RESULTS.md, "Memory"). The cap costs more frequent full
 * collections (marked concurrently, on a live heap of about 25 MB): at 200–500 Slack turns a
 * second it took the peak from 234–276 MB to 167–178 MB; its cost to throughput and p99 is not
 * yet settled (bench/RESULTS.md): measure on a quiet machine, and drop this file if it costs.
 *
 * Set from inside the process, first thing bot/main.ts does, so every way the bot is started
 * (the Dockerfile's `node dist/bot/main.js`, `npm start`, which runs the bot in its own process
 * so signals reach it, and the benchmarks) gets it without a command-line flag; V8 reads the
 * setting at every full collection. A `--heap-growing-percent` on node's command line wins.
 *
 * @example
 *   import './heap-growth'; // the first import of bot/main.ts
 *   heapGrowthFlag(['--heap-growing-percent=30']); // undefined: the command line's is kept
 */
import v8 from 'node:v8';

/** The old generation grows to (100 + this)% of what the last full collection kept. */
export const HEAP_GROWING_PERCENT = 50;

/** The V8 flag to set, or undefined when node was started with its own. */
export function heapGrowthFlag(execArgv: readonly string[]): string | undefined {
  if (execArgv.some((a) => /^--heap[-_]growing[-_]percent\b/.test(a))) return undefined;
  return `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
}

const flag = heapGrowthFlag(process.execArgv);
if (flag) v8.setFlagsFromString(flag);
