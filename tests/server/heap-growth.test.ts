/**
 * The bot process caps how far V8's old generation grows between full collections
 * (bot/heap-growth.ts, the first thing bot/main.ts loads, so every way of starting the bot has
 * it), unless node's command line sets its own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { HEAP_GROWING_PERCENT, heapGrowthFlag } from '../../bot/heap-growth';

describe('heap growth cap of the bot process', () => {
  it('is set when the command line does not set one', () => {
    expect(heapGrowthFlag(['--no-deprecation'])).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  });

  it("leaves an operator's own --heap-growing-percent in charge", () => {
    expect(heapGrowthFlag(['--heap-growing-percent=30'])).toBeUndefined();
    expect(heapGrowthFlag(['--heap_growing_percent=80'])).toBeUndefined();
  });

  it('is in place before bot/main.ts loads anything else', () => {
    const main = fs.readFileSync(path.join(__dirname, '..', '..', 'bot', 'main.ts'), 'utf8');
    const imports = main.split('\n').filter((l) => l.startsWith('import '));
    expect(imports[0]).toBe("import './heap-growth';");
  });
});
