/**
 * Connector clients are made once per serviceUrl and reused by turns and proactive sends, with
 * botbuilder's real authentication underneath (Emulator mode: no credentials).
 */
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { ClaimsIdentity } from 'botframework-connector';
import { ReusedConnectors } from '../../adapters/teams/reused-connectors';

const anonymous = () => new ClaimsIdentity([], 'anonymous');

test('the same serviceUrl gets the same connector client; another serviceUrl gets its own', async () => {
  const auth = new ReusedConnectors(new ConfigurationBotFrameworkAuthentication({}));
  const a = await auth.createConnectorFactory(anonymous()).create('https://smba.example/uk/');
  const again = await auth.createConnectorFactory(anonymous()).create('https://smba.example/uk/');
  const other = await auth.createConnectorFactory(anonymous()).create('https://smba.example/emea/');
  expect(again).toBe(a);
  expect(other).not.toBe(a);
  expect((other as unknown as { baseUri?: string }).baseUri).toContain('emea');
});

test('clients are made afresh once they are older than the reuse time', async () => {
  const auth = new ReusedConnectors(new ConfigurationBotFrameworkAuthentication({}), 50);
  const first = await auth.createConnectorFactory(anonymous()).create('https://smba.example/uk/');
  await new Promise((r) => setTimeout(r, 80));
  expect(await auth.createConnectorFactory(anonymous()).create('https://smba.example/uk/')).not.toBe(first);
});

test('one user-token client per bot, reused across turns', async () => {
  const auth = new ReusedConnectors(new ConfigurationBotFrameworkAuthentication({}));
  expect(await auth.createUserTokenClient(anonymous())).toBe(await auth.createUserTokenClient(anonymous()));
});
