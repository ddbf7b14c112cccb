#!/usr/bin/env node
import { parseArgs } from 'node:util';
import type { PgClientLike } from './client/pg-client-like.js';
import { importOptionalPeer } from './client/optional-peer.js';
import { migrate } from './migrate.js';

const USAGE = `Usage: gridflow-postgres migrate [--url postgres://…] [--pglite <dir>] [--schema gridflow]

  --url      Postgres connection string (default: $DATABASE_URL)
  --pglite   migrate an embedded PGlite database in this directory instead
  --schema   schema holding gridflow's tables (default: gridflow)`;

/**
 * The `gridflow-postgres` command: `migrate` brings a database's gridflow schema up to date. Safe to run from
 * several deploy jobs at once.
 *
 * @example
 * ```sh
 * npx gridflow-postgres migrate --url "$DATABASE_URL" --schema gridflow
 * ```
 */
export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      pglite: { type: 'string' },
      schema: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals[0] !== 'migrate') {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const { client, close } = await openClient(values.url ?? process.env.DATABASE_URL, values.pglite);
  try {
    const result = await migrate({ client, schema: values.schema });
    const applied = result.applied.length > 0 ? `applied ${result.applied.join(', ')}` : 'already current';
    console.log(`gridflow schema "${values.schema ?? 'gridflow'}" at version ${result.version} (${applied})`);
    return 0;
  } finally {
    await close();
  }
}

async function openClient(
  url: string | undefined,
  pgliteDir: string | undefined,
): Promise<{ client: PgClientLike; close: () => Promise<void> }> {
  if (pgliteDir !== undefined) {
    const { PGlite } = await importOptionalPeer(
      '@electric-sql/pglite',
      'gridflow --pglite',
      () => import('@electric-sql/pglite'),
    );
    const db = new PGlite(pgliteDir);
    return { client: db, close: () => db.close() };
  }
  if (!url) throw new Error('give --url, --pglite, or set DATABASE_URL');
  const { default: pg } = await importOptionalPeer('pg', 'gridflow --url', () => import('pg'));
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  return { client: pool, close: () => pool.end() };
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
