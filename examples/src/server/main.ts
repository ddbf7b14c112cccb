import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pgliteStorage, postgresStorage } from '@gridflow/adapter-postgres';
import { systemClock } from '@gridflow/engine';
import pg from 'pg';
import { serveDistrict } from './serve-district.js';
import { serverConfigFromEnv } from './server-config.js';

// `pnpm serve` in examples: the district server on its own, on the system clock. Storage: PGlite in
// GRIDFLOW_DATA_DIR (default examples/.data/server), or Postgres at DATABASE_URL (schema GRIDFLOW_SCHEMA, default gridflow).
async function main(): Promise<void> {
  const config = serverConfigFromEnv(process.env);
  const url = process.env.DATABASE_URL;
  const pool = url ? new pg.Pool({ connectionString: url, max: 8 }) : null;
  const dataDir = resolve(process.env.GRIDFLOW_DATA_DIR ?? '.data/server');
  if (!pool) await mkdir(dataDir, { recursive: true });
  const storage = pool
    ? postgresStorage({
        client: pool,
        schema: process.env.GRIDFLOW_SCHEMA ?? 'gridflow',
        tenantId: 'binjiang',
      })
    : await pgliteStorage({ dataDir, tenantId: 'binjiang' });
  const running = await serveDistrict({ storage, clock: systemClock, config });
  process.stdout.write(`district server at ${running.url} (sign in at ${running.url}/auth/sign-in)\n`);
  for (const variable of config.closed) {
    process.stderr.write(`${variable} is not set: its endpoint refuses every request until it is\n`);
  }
  const stop = async () => {
    await running.close();
    await storage.dispose?.();
    await pool?.end();
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  const usage = error instanceof Error && error.name === 'UsageError';
  const text =
    error instanceof Error ? (usage ? error.message : (error.stack ?? error.message)) : String(error);
  process.stderr.write(`${text}\n`);
  process.exitCode = 1;
});
