import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createEngine } from '@gridflow/engine';
import { makeCaseRecord, makeCreateCommit, makeTimerRecord } from '@gridflow/engine/testing';
import { describe, expect, inject, it } from 'vitest';
import { pgliteStorage, postgresStorage } from '../src/index.js';
import { ticketDirectory, ticketFlow, worker } from './fixtures/ticket-flow.js';

// Embedded PGlite only: runs whether or not DATABASE_URL points the other tests at a server.
describe('PGlite in a data directory', () => {
  it('keeps committed cases and timers across a close and reopen', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gridflow-pglite-'));
    try {
      // Start the directory from the run's initialised dump instead of paying for initdb again.
      const seeded = new PGlite({
        dataDir: dir,
        loadDataDir: new Blob([await readFile(inject('pgliteDump'))]),
      });
      const first = postgresStorage({ client: seeded, closeClient: true });
      expect(first.capabilities).toMatchObject({ durable: true, multiProcess: false, wakeups: true });
      const record = makeCaseRecord();
      const timer = makeTimerRecord(record.id);
      expect(await first.commit(makeCreateCommit(record, { scheduleTimers: [timer] }))).toEqual({
        status: 'committed',
      });
      await first.dispose?.();

      const second = await pgliteStorage({ dataDir: dir });
      expect(await second.loadCase(record.id)).toEqual(record);
      expect(await second.listTimers(record.id)).toEqual([timer]);
      await second.dispose?.();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('lives only in memory without a data directory', async () => {
    const storage = postgresStorage({
      client: new PGlite({ loadDataDir: new Blob([await readFile(inject('pgliteDump'))]) }),
      closeClient: true,
    });
    expect(storage.capabilities.durable).toBe(false);
    await storage.dispose?.();
  });

  it('is closed once by the engine that owns it, on stop, and a second dispose changes nothing', async () => {
    const client = new PGlite({ loadDataDir: new Blob([await readFile(inject('pgliteDump'))]) });
    const storage = postgresStorage({ client, closeClient: true });
    const engine = createEngine({
      storage,
      flows: [ticketFlow],
      directory: ticketDirectory,
      effects: { notify: () => {} },
    });
    await engine.start();
    await engine.createCase({ flow: 'ticket', actor: worker, orgUnit: 'comm-1' });
    expect(client.closed).toBe(false);
    await engine.stop();
    expect(client.closed).toBe(true);
    await expect(storage.dispose?.()).resolves.toBeUndefined();
  });
});
