import { MemoryStore } from '../../storage/memory/memory-store';
import { storeContract } from './contract';

storeContract('memory', async () => {
  const store = new MemoryStore();
  return { store, other: store, cleanup: () => store.close() };
});
