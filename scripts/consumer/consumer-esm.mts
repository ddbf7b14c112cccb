// An ESM app: every entry, typed events, a test engine, a conformance suite import (ESM only).
import { hotlineProfile } from '@gridflow/adapter-12345-hotline';
import { fakeHotlinePlatform } from '@gridflow/adapter-12345-hotline/testing';
import { pgliteStorage } from '@gridflow/adapter-postgres';
import { wecomClient } from '@gridflow/adapter-wecom';
import { fakeWecomServer } from '@gridflow/adapter-wecom/testing';
import { type CaseView, createEngine, memoryDirectory, memoryStorage } from '@gridflow/engine';
import type { describeStorageConformance } from '@gridflow/engine/conformance';
import { workOrderFlowV3 } from '@gridflow/engine/flows';
import { createTestEngine } from '@gridflow/engine/testing';

const engine = createEngine({
  storage: memoryStorage(),
  flows: [workOrderFlowV3],
  directory: memoryDirectory({ units: [] }),
});
engine.events.on('case.created', ({ case: created }: { case: CaseView }) => console.log(created.state));
const t = createTestEngine({ flows: [workOrderFlowV3] });
export const used = [
  t.clock.now(),
  pgliteStorage,
  wecomClient,
  fakeWecomServer,
  hotlineProfile,
  fakeHotlinePlatform,
];
export type Suite = typeof describeStorageConformance;
