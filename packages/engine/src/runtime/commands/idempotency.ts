import { createHash } from 'node:crypto';
import { GridflowError } from '../../errors.js';
import type { IdempotencyRecord } from '../../storage/storage.js';

/** A hash of what a request asks for, so a key reused for a different request is caught. */
export function fingerprint(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

/** Throw `IDEMPOTENCY_KEY_REUSED` when a stored key belongs to a different request. */
export function assertSameRequest(record: IdempotencyRecord, expected: string): void {
  if (record.fingerprint !== expected) {
    throw new GridflowError(
      'IDEMPOTENCY_KEY_REUSED',
      `idempotency key ${record.key} was used for a different request`,
      {
        details: { field: 'idempotencyKey', key: record.key },
      },
    );
  }
}
