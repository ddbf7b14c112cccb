import type { SqlDriver } from '../client/sql-driver.js';
import type { SqlNames } from '../sql-names.js';

/**
 * What every storage module needs: the driver, the schema's names, and the tenant all queries are scoped to.
 *
 * @example
 * ```ts
 * const ctx: StoreContext = { driver: toSqlDriver(pool), t: sqlNames('gridflow'), tenantId: 'district-a' };
 * ```
 */
export interface StoreContext {
  driver: SqlDriver;
  t: SqlNames;
  tenantId: string;
}
