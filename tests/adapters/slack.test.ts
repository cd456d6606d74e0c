/**
 * The adapter contract through Slack: the real server, Slack's Web API on loopback.
 *
 * @example
 *   node --no-deprecation node_modules/jest/bin/jest.js tests/adapters/slack
 */
import { adapterContract } from './contract';
import { startSlackDriver } from './drivers/slack';

adapterContract('slack', startSlackDriver, { resends: true, refuses: true });
