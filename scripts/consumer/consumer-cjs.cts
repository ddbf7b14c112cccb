// A CommonJS app (`require` under node16): every CJS entry, typed events.
import { hotlineProfile } from '@gridflow/adapter-12345-hotline';
import { pgliteStorage } from '@gridflow/adapter-postgres';
import { wecomClient } from '@gridflow/adapter-wecom';
import { createEngine, memoryDirectory, memoryStorage } from '@gridflow/engine';
import { workOrderFlowV3 } from '@gridflow/engine/flows';
import { createTestEngine } from '@gridflow/engine/testing';

const engine = createEngine({
  storage: memoryStorage(),
  flows: [workOrderFlowV3],
  directory: memoryDirectory({ units: [] }),
});
engine.events.once('effect.deadLettered', ({ effect }) => console.log(effect.type));
export const used = [createTestEngine().clock.now(), pgliteStorage, wecomClient, hotlineProfile];
