/**
 * The adapter contract through Teams: the real server with an app id (tokens from a local
 * OpenID server), the Bot Connector on loopback.
 *
 * @example
 *   node --no-deprecation node_modules/jest/bin/jest.js tests/adapters/teams
 */
import { adapterContract } from './contract';
import { startTeamsDriver } from './drivers/teams';

adapterContract('teams', startTeamsDriver, { resends: true, refuses: true });
