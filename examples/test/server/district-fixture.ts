import { randomBytes } from 'node:crypto';
import { pgliteStorage, postgresStorage } from '@gridflow/adapter-postgres';
import { type FakeWecomServer, fakeWecomServer } from '@gridflow/adapter-wecom/testing';
import { type CaseView, type Storage, type VirtualClock, virtualClock } from '@gridflow/engine';
import pg from 'pg';
import { demoEngine } from '../../src/demo-engine.js';
import { runSimulation } from '../../src/simulation.js';
import { type RunningDistrict, serveDistrict } from '../../src/server/serve-district.js';
import { type ServerConfig, serverConfigFromEnv } from '../../src/server/server-config.js';

/** WeCom callback settings of the test app. */
export const WECOM_CALLBACK = { token: 'gridflowtest', encodingAESKey: 'a'.repeat(42) + 'Q' } as const;

/**
 * A district server on a loopback port over real storage (PGlite, or Postgres at DATABASE_URL in a schema of its
 * own), its WeCom app pointed at the fake WeCom server, with two work orders seeded:
 * `mine` (a resident of 幸福社区 asked, dispatched to 幸福社区) and `theirs` (a resident of 安居社区 asked, not yet accepted).
 */
export interface DistrictFixture {
  url: string;
  running: RunningDistrict;
  fake: FakeWecomServer;
  clock: VirtualClock;
  config: ServerConfig;
  mine: CaseView;
  theirs: CaseView;
  close(): Promise<void>;
}

export async function districtFixture(
  options: { dashboardDir?: string; simulate?: { cases: number; days: number } } = {},
): Promise<DistrictFixture> {
  const { storage, dispose } = await testStorage();
  const clock = virtualClock(
    options.simulate ? await simulate(storage, options.simulate) : new Date('2026-09-14T09:00:00+08:00'),
  );
  const fake = await fakeWecomServer({ clock });
  const config = serverConfigFromEnv(
    {
      PORT: '0',
      SESSION_SECRET: randomBytes(32).toString('hex'),
      WECOM_CORP_ID: fake.corpId,
      WECOM_SECRET: fake.corpSecret,
      WECOM_AGENT_ID: String(fake.agentId),
      WECOM_TOKEN: WECOM_CALLBACK.token,
      WECOM_AES_KEY: WECOM_CALLBACK.encodingAESKey,
      WECOM_API_BASE: fake.baseUrl,
    },
    { demo: true },
  );
  const running = await serveDistrict({
    storage,
    clock,
    config,
    ...(options.dashboardDir ? { dashboardDir: options.dashboardDir } : {}),
  });
  const { engine, district } = running.setup;
  const dispatcher = district.person('dispatcher-1');
  const mine = await engine.createCase({
    flow: 'work-order',
    actor: district.person('resident-xingfu-1-1'),
    orgUnit: 'grid-xingfu-1',
    input: { title: '楼道灯不亮', category: 'utilities', caller: { name: '王芳', phone: '13812345678' } },
  });
  await engine.send({ caseId: mine.id, actor: dispatcher, event: { type: 'accept' } });
  await engine.send({
    caseId: mine.id,
    actor: dispatcher,
    event: { type: 'dispatch', leadUnit: 'comm-xingfu' },
  });
  const theirs = await engine.createCase({
    flow: 'work-order',
    actor: district.person('resident-anju-1-1'),
    orgUnit: 'grid-anju-1',
    input: { title: '小区噪音扰民', category: 'environment', caller: { name: '李伟', phone: '13998765432' } },
  });
  return {
    url: running.url,
    running,
    fake,
    clock,
    config,
    mine: await engine.getCase(mine.id),
    theirs,
    async close() {
      await running.close();
      await fake.close();
      await dispose();
    },
  };
}

/** A short history of the simulated district on `storage` (seed 42); returns where its clock stopped. */
async function simulate(storage: Storage, size: { cases: number; days: number }): Promise<Date> {
  const demo = demoEngine({ storage, start: new Date('2026-09-14T08:00:00+08:00'), ownsAdapters: false });
  await runSimulation({ ...demo, seed: 42, days: size.days, casesTarget: size.cases });
  await demo.engine.stop();
  return demo.clock.now();
}

async function testStorage(): Promise<{ storage: Storage; dispose(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const storage = await pgliteStorage({ tenantId: 'binjiang' });
    return { storage, dispose: async () => storage.dispose?.() };
  }
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const schema = `server13_${randomBytes(4).toString('hex')}`;
  const storage = postgresStorage({ client: pool, schema, tenantId: 'binjiang' });
  return {
    storage,
    async dispose() {
      await storage.dispose?.();
      await pool.query(`drop schema if exists ${schema} cascade`);
      await pool.end();
    },
  };
}
