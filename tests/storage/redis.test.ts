import { RedisStore } from '../../storage/redis/redis-store';
import { deletePrefix, testRedisUrl, uniquePrefix } from '../helpers/app';
import { storeContract } from './contract';

storeContract('redis', async () => {
  const url = testRedisUrl();
  const prefix = uniquePrefix();
  // Two clients on one prefix: what two bot processes sharing one Redis look like.
  const store = new RedisStore({ url, prefix });
  const other = new RedisStore({ url, prefix });
  return {
    store,
    other,
    cleanup: async () => {
      await store.close();
      await other.close();
      await deletePrefix(url, prefix);
    },
  };
});

describe('redis store when Redis goes away', () => {
  it('fails the call and the readiness ping instead of hanging', async () => {
    const store = new RedisStore({ url: 'redis://127.0.0.1:1', prefix: uniquePrefix() });
    await expect(store.ping()).rejects.toThrow();
    await expect(store.get('x', 'y')).rejects.toThrow();
    await store.close();
  });
});
