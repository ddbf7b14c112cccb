// Names the guides' code samples may use without building them first, as a page's prose has already shown
// how. Everything else a sample uses it must import, so a renamed or removed export fails the check.
import type { Actor, Directory, Engine, FlowDefinition, Storage } from '@gridflow/engine';
import type pg from 'pg';

declare global {
  /** An engine made with `createEngine` as in Getting started. */
  const engine: Engine;
  /** Any storage: `memoryStorage()`, `postgresStorage(...)` or `await pgliteStorage(...)`. */
  const storage: Storage;
  /** The district's org tree, e.g. `memoryDirectory(config)`. */
  const directory: Directory;
  /** The flows the engine runs, e.g. `[workOrderFlowV2]`. */
  const flows: FlowDefinition[];
  /** Whoever acts: `{ id, roles, orgUnit }`. */
  const actor: Actor;
  /** A `pg` pool on the district's database. */
  const pool: pg.Pool;
}
