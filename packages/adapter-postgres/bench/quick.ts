import pg from 'pg';
import { migrate } from '../src/index.js';
import { benchTimers } from './bench-timers.js';
const url = process.env.DATABASE_URL!;
const schema = 'gf_bench_quick';
const pool = new pg.Pool({ connectionString: url });
await pool.query(`drop schema if exists ${schema} cascade`);
await migrate({ client: pool, schema });
console.log(
  await benchTimers(url, schema, {
    timers: Number(process.env.N ?? 20000),
    spreadMs: 0,
    tenantId: 'backlog',
  }),
);
await pool.query(`drop schema if exists ${schema} cascade`);
await pool.end();
