/**
 * The adapter contract through the terminal: the real server's console hub on loopback, one
 * terminal per person over the line protocol. A terminal has no resend and its socket cannot
 * refuse a reply, so those two journeys are listed as skipped here.
 *
 * @example
 *   node --no-deprecation node_modules/jest/bin/jest.js tests/adapters/terminal
 */
import { adapterContract } from './contract';
import { startTerminalDriver } from './drivers/terminal';

adapterContract('terminal', startTerminalDriver, { resends: false, refuses: false });
