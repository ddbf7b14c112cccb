export type {
  PgClientLike,
  PGliteLike,
  PGliteTransactionLike,
  PgPoolClientLike,
  PgPoolLike,
  PgQueryConfigLike,
  PgResultLike,
} from './client/pg-client-like.js';
export { type MigrateOptions, type MigrateResult, migrate } from './migrate.js';
export type { Migration } from './migrations/index.js';
export { MIGRATIONS } from './migrations/index.js';
export { type PgliteStorageOptions, pgliteStorage } from './pglite-storage.js';
export { type PostgresStorage, type PostgresStorageOptions, postgresStorage } from './postgres-storage.js';
export { type PostgresPointsLedgerOptions, postgresPointsLedger } from './points-ledger.js';
