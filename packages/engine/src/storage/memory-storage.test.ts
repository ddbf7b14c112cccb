import { describeStorageConformance } from '../testing/index.js';
import { inspectMemoryStorage } from './memory-inspector.js';
import { memoryStorage } from './memory-storage.js';

describeStorageConformance({
  name: 'memory',
  setup: () => {
    const storage = memoryStorage();
    return { storage, inspect: inspectMemoryStorage(storage) };
  },
});
