/**
 * How far the bot process lets V8's old generation grow between full collections: to 2.5× what
 * the last one left alive (`--heap-growing-percent=150`) instead of V8's default, which lets it
 * grow up to 4× while garbage comes fast. Under load that default is most of the bot's peak
 * memory above its live heap (bench/RESULTS.md, "Memory"). Measured on a quiet machine
 * (bench/RESULTS.md, "The heap growth cap at full speed"): 150 keeps the Slack bot's peak within
 * 20% of bare Bolt's (about +3%) with throughput indistinguishable from no cap; 50 took the peak
 * further down (−15%) but cost about 9% of throughput, 100 about 6%.
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
export const HEAP_GROWING_PERCENT = 150;

/** The V8 flag to set, or undefined when node was started with its own. */
export function heapGrowthFlag(execArgv: readonly string[]): string | undefined {
  if (execArgv.some((a) => /^--heap[-_]growing[-_]percent\b/.test(a))) return undefined;
  return `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
}

const flag = heapGrowthFlag(process.execArgv);
if (flag) v8.setFlagsFromString(flag);
