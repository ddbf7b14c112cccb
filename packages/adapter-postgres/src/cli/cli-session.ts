import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createEngine, type Directory, type Engine, type FlowDefinition } from '@gridflow/engine';
import type { PgClientLike } from '../client/pg-client-like.js';
import { importOptionalPeer } from '../client/optional-peer.js';
import { postgresStorage } from '../postgres-storage.js';

/** Where the database is and what to read it with, from the command line. */
export interface SessionOptions {
  url?: string;
  pglite?: string;
  schema?: string;
  tenant?: string;
  /** A module exporting `flows` (or a default array): needed for labelled timelines. */
  flows?: string;
  /** A module exporting `directory` (or a default): names of members and units in timelines. */
  directory?: string;
}

/** A database connection and an engine on it that never starts its loops: reads, retries, nothing delivered. */
export interface Session {
  client: PgClientLike;
  engine: Engine;
  close(): Promise<void>;
}

/** Opens `--pglite <dir>`, else `--url`, else `$DATABASE_URL`. */
export async function openClient(
  options: SessionOptions,
): Promise<{ client: PgClientLike; close: () => Promise<void> }> {
  if (options.pglite !== undefined) {
    const { PGlite } = await importOptionalPeer(
      '@electric-sql/pglite',
      'gridflow --pglite',
      () => import('@electric-sql/pglite'),
    );
    const db = new PGlite(options.pglite);
    return { client: db, close: () => db.close() };
  }
  const url = options.url ?? process.env.DATABASE_URL;
  if (!url) throw new Error('give --url, --pglite <dir>, or set DATABASE_URL');
  const { default: pg } = await importOptionalPeer('pg', 'gridflow --url', () => import('pg'));
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  return { client: pool, close: () => pool.end() };
}

/** Opens the database and an engine over it with the given flows and directory (none by default). */
export async function openSession(options: SessionOptions): Promise<Session> {
  const { client, close } = await openClient(options);
  try {
    const flows = options.flows ? await loadFlows(options.flows) : [];
    const directory = options.directory ? await loadDirectory(options.directory) : UNKNOWN_DIRECTORY;
    const storage = postgresStorage({ client, schema: options.schema, tenantId: options.tenant });
    const engine = createEngine({ storage, flows, directory });
    return {
      client,
      engine,
      close: async () => {
        await engine.stop();
        await close();
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Without `--directory`: nobody is known, so timelines show ids instead of names. */
const UNKNOWN_DIRECTORY: Directory = {
  getUnit: () => undefined,
  isWithin: (unitId, ancestorId) => unitId === ancestorId,
  subtree: (unitId) => [unitId],
  ancestors: () => [],
  getMember: () => undefined,
  members: () => [],
  findMemberByExternalId: () => undefined,
};

async function loadModule(path: string): Promise<Record<string, unknown>> {
  return (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
}

async function loadFlows(path: string): Promise<FlowDefinition[]> {
  const module = await loadModule(path);
  const flows = module.flows ?? module.default;
  if (!Array.isArray(flows)) throw new Error(`${path} exports no \`flows\` array`);
  return flows as FlowDefinition[];
}

async function loadDirectory(path: string): Promise<Directory> {
  const module = await loadModule(path);
  const directory = (module.directory ?? module.default) as Directory | undefined;
  if (typeof directory?.getUnit !== 'function') throw new Error(`${path} exports no \`directory\``);
  return directory;
}
