/**
 * Qualified, quoted names of gridflow's tables in one schema, plus its NOTIFY channel. Built once per storage
 * so no statement ever splices user input: the schema name is validated before it gets here.
 *
 * @example
 * ```ts
 * const t = sqlNames('gridflow');
 * await db.query(`select count(*) from ${t.cases}`);
 * ```
 *
 * @inline
 */
export interface SqlNames {
  schema: string;
  migrations: string;
  flowVersions: string;
  cases: string;
  journal: string;
  idempotencyKeys: string;
  timers: string;
  outbox: string;
  /** Outside records that could not be applied (migration 9). */
  intakeQuarantine: string;
  /** Pollers' durable cursors (migration 9). */
  intakeCursors: string;
  commitFunction: string;
  commitBatchFunction: string;
  /** The set-based part of a batch commit (migration 5). */
  commitSetFunction: string;
  /** The case-facts projection (migration 10). */
  caseFacts: string;
  /** Upserts projection rows from a jsonb array, never over a newer case version (migration 10). */
  saveFactsFunction: string;
  /** NOTIFY channel of this schema; payloads are `timers:<tenant>` or `outbox:<tenant>`. */
  channel: string;
}

/**
 * Build {@link SqlNames} for a schema.
 *
 * @example
 * ```ts
 * sqlNames('gridflow').cases; // "gridflow"."cases"
 * ```
 */
export function sqlNames(schema: string): SqlNames {
  const s = quoteIdent(schema);
  return {
    schema: s,
    migrations: `${s}."schema_migrations"`,
    flowVersions: `${s}."flow_versions"`,
    cases: `${s}."cases"`,
    journal: `${s}."journal"`,
    idempotencyKeys: `${s}."idempotency_keys"`,
    timers: `${s}."timers"`,
    outbox: `${s}."outbox"`,
    intakeQuarantine: `${s}."intake_quarantine"`,
    intakeCursors: `${s}."intake_cursors"`,
    commitFunction: `${s}."gf_commit"`,
    commitBatchFunction: `${s}."gf_commit_many"`,
    commitSetFunction: `${s}."gf_commit_set"`,
    caseFacts: `${s}."case_facts"`,
    saveFactsFunction: `${s}."gf_save_facts"`,
    channel: `gridflow_${schema}`,
  };
}

/**
 * Quote an SQL identifier.
 *
 * @example
 * ```ts
 * quoteIdent('my schema'); // "my schema"
 * ```
 */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Schema names gridflow accepts: lower-case SQL identifiers short enough to leave room for the channel name.
 *
 * @example
 * ```ts
 * SCHEMA_NAME.test('gridflow_test_1'); // true
 * ```
 */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,39}$/;
