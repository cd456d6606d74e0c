/**
 * `npm start`: builds dist/ first when it is missing or older than the sources (a fresh clone),
 * then runs the compiled bot in THIS process. No child process, so the signal npm forwards
 * (SIGTERM from a container stop, Ctrl-C) reaches the bot itself and it stops gracefully.
 * Production runs `node dist/bot/main.js` directly.
 *
 * @example
 *   npm start
 *   PORT=4000 node scripts/start.js
 */
'use strict';
// The same as `node --no-deprecation`: a dependency's deprecation notice is not the operator's business.
process.noDeprecation = true;
const path = require('node:path');
const { buildIfStale, DIST } = require('./build');

buildIfStale();
require(path.join(DIST, 'bot', 'main.js'));
