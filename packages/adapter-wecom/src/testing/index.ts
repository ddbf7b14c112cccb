export type { FakeCallbackRequest, FakeCallbackResult, FakeClick } from './fake-wecom-clicks.js';
export {
  type FakeFailure,
  type FakeWecomServer,
  type FakeWecomServerOptions,
  fakeWecomServer,
} from './fake-wecom-server.js';
export type { FakeCardUpdate, FakeDelivery, FakeRobotMessage } from './fake-wecom-state.js';
