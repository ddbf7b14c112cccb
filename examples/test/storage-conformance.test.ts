// The storage-adapters guide's example, run as written: the conformance suite on one storage, checked through an
// inspector that reads the stored data without going through the adapter.
import { memoryStorage } from '@gridflow/engine';
import { describeStorageConformance } from '@gridflow/engine/conformance';
import { inspectMemoryStorage } from '@gridflow/engine/testing';

describeStorageConformance({
  name: 'memory, as in the storage-adapters guide',
  // Runs before every test; returns an empty store, ready to use: the suite never calls init or dispose.
  setup: async () => {
    const storage = memoryStorage(); // yours: myStorage({ url: process.env.DATABASE_URL })
    await storage.init?.();
    return {
      storage,
      inspect: inspectMemoryStorage(storage), // yours: raw SQL on the same database
      teardown: async () => {
        await storage.dispose?.();
      },
    };
  },
});
