/**
 * Compiles the bot to JavaScript in dist/ (tsc with tsconfig.build.json: one file per source
 * file, source maps, no bundling, so stack traces and heap snapshots name our own files) and
 * copies the files the code reads at run time (the sample configuration). Plain JavaScript, so
 * it runs with nothing but Node and the installed TypeScript.
 *
 * @example
 *   npm run build            # then: node dist/bot/main.js
 *   node scripts/build.js --if-stale   # builds only when a source is newer than the last build
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const STAMP = path.join(DIST, '.build-stamp');
const SOURCES = ['bot', 'adapters', 'cards', 'storage'];
const INPUTS = ['package.json', 'tsconfig.json', 'tsconfig.build.json'];
/** Every file that is not TypeScript under the sources: what the code opens at run time (the
 * sample configuration, the first-names list, ...), copied beside the compiled code. */
function assets(dir = '') {
  const out = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...assets(rel));
    else if (!entry.name.endsWith('.ts')) out.push(rel);
  }
  return out;
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** True when dist/ is missing or older than any source, asset or build setting. */
function isStale() {
  if (!fs.existsSync(STAMP)) return true;
  const built = fs.statSync(STAMP).mtimeMs;
  const newest = Math.max(
    ...SOURCES.map((d) => newestMtime(path.join(ROOT, d))),
    ...INPUTS.map((f) => fs.statSync(path.join(ROOT, f)).mtimeMs),
  );
  return newest > built;
}

const LOCK = path.join(ROOT, '.build-lock');

/**
 * One build at a time on this checkout (two `npm start`s, or a test and `npm run build`, must not
 * write dist/ together, nor one start the bot from files the other is half-way through writing).
 * A lock left by a build that died is taken over after two minutes.
 */
function withBuildLock(fn) {
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      try {
        if (Date.now() - fs.statSync(LOCK).mtimeMs > 120_000) fs.rmSync(LOCK, { recursive: true, force: true });
      } catch {
        // gone meanwhile: try again
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Builds when dist/ is stale, under the lock (another process may just have built it). */
function buildIfStale() {
  return withBuildLock(() => {
    if (!isStale()) return false;
    process.stderr.write('Building the bot (dist/ is missing or older than the sources)...\n');
    compile();
    return true;
  });
}

/** Runs tsc and copies the assets, under the build lock. */
function build() {
  withBuildLock(compile);
}

/** Runs tsc and copies the assets; exits the process with tsc's status if it fails. */
function compile() {
  const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit', cwd: ROOT });
  if (result.status !== 0) {
    process.stderr.write('The build failed (see the TypeScript errors above).\n');
    process.exit(result.status ?? 1);
  }
  for (const asset of SOURCES.flatMap((d) => assets(d))) {
    fs.mkdirSync(path.dirname(path.join(DIST, asset)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, asset), path.join(DIST, asset));
  }
  fs.writeFileSync(STAMP, new Date().toISOString() + '\n');
}

module.exports = { build, buildIfStale, isStale, DIST };

if (require.main === module) {
  if (process.argv.includes('--if-stale')) buildIfStale();
  else build();
}
