export {
  type FakeHotlinePlatform,
  type FakeHotlinePlatformOptions,
  type FakePushResult,
  fakeHotlinePlatform,
} from './fake-hotline-platform.js';
export { DEFAULT_RANDOM_FAILURES, type FakeFailure } from './fake-platform-failures.js';
export { FAKE_CODES, type FakeWriteBack } from './fake-platform-state.js';
export { SAMPLE_UNIT_CODES, sampleActionRecord, sampleOrderRecord } from './hotline-records.js';
