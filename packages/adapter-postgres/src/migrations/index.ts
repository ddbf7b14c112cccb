import { tablesMigration } from './0001-tables.js';
import { commitFunctionMigration } from './0002-commit-function.js';
import { commitBatchMigration } from './0003-commit-batch.js';
import { handlingUnitIndexMigration } from './0004-handling-unit-index.js';
import { setBasedBatchMigration } from './0005-set-based-batch.js';
import { leanCommitMigration } from './0006-lean-commit.js';
import { pointsLedgerMigration } from './0007-points-ledger.js';
import { orderedOutboxMigration } from './0008-ordered-outbox.js';
import { intakeMigration } from './0009-intake.js';
import { caseFactsMigration } from './0010-case-facts.js';
import { tallyIndexMigration } from './0011-tally-index.js';
import { overdueFactsIndexMigration } from './0012-overdue-facts-index.js';
import { categoryIndexMigration } from './0013-category-index.js';
import type { Migration } from './migration.js';

/**
 * Every migration the package ships, in version order. The runner applies, in this order, each version a
 * schema has not recorded, so the list may have a gap that a later release fills.
 *
 * @example
 * ```ts
 * const latest = MIGRATIONS.at(-1)!.version;
 * ```
 */
export const MIGRATIONS: readonly Migration[] = [
  tablesMigration,
  commitFunctionMigration,
  commitBatchMigration,
  handlingUnitIndexMigration,
  setBasedBatchMigration,
  leanCommitMigration,
  pointsLedgerMigration,
  orderedOutboxMigration,
  intakeMigration,
  caseFactsMigration,
  tallyIndexMigration,
  overdueFactsIndexMigration,
  categoryIndexMigration,
];

export type { Migration };
