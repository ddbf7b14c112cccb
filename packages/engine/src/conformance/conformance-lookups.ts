import { expect, it } from 'vitest';
import { describeGroup, type StorageConformanceOptions } from './conformance-harness.js';
import { commitOk } from './conformance-helpers.js';
import {
  makeCaseRecord,
  makeCreateCommit,
  makeIdempotencyRecord,
  minutesAfterEpoch,
} from '../testing/storage-fixtures.js';

/**
 * The `lookups` group: idempotency-key lookup, batch case loads (when offered) and flow-version registration
 * (first writer wins).
 *
 * @example
 * ```ts
 * describeLookupConformance({ name: 'memory', setup });
 * ```
 */
export function describeLookupConformance(options: StorageConformanceOptions): void {
  describeGroup(options, 'lookups', (t) => {
    it('finds a committed idempotency key, and null for an unknown one', async () => {
      const record = makeCaseRecord();
      const idempotency = makeIdempotencyRecord(record, {
        key: 'hotline:GD2026-0042',
        fingerprint: 'sha256:abc',
      });
      await commitOk(t.storage, makeCreateCommit(record, { idempotency }));
      expect(await t.storage.findIdempotencyKey('hotline:GD2026-0042')).toEqual(idempotency);
      expect(await t.storage.findIdempotencyKey('hotline:GD2026-0043')).toBeNull();
    });

    it('reads the key and the quarantine row of an outside record at once when it offers findIntakeState', async (ctx) => {
      const find = t.storage.findIntakeState?.bind(t.storage);
      if (!find) return ctx.skip();
      const record = makeCaseRecord();
      const idempotency = makeIdempotencyRecord(record, {
        key: 'intake:hotline:GD-7',
        fingerprint: 'sha256:7',
      });
      await commitOk(t.storage, makeCreateCommit(record, { idempotency }));
      const at = minutesAfterEpoch(3);
      const reason = { code: 'VALIDATION_FAILED' as const, field: 'unit', message: 'unknown unit code 9' };
      const raw = { no: 'GD-8', note: '路灯 "东门"', n: [1.5, null] };
      const row = await t.storage.recordQuarantine({
        id: 'q-8',
        source: 'hotline',
        externalId: 'GD-8',
        raw,
        reason,
        at,
      });

      expect(await find({ key: 'intake:hotline:GD-7', source: 'hotline', externalId: 'GD-7' })).toEqual({
        idempotency,
        quarantine: null,
      });
      expect(await find({ key: 'intake:hotline:GD-8', source: 'hotline', externalId: 'GD-8' })).toEqual({
        idempotency: null,
        quarantine: row,
      });
      expect(await find({ key: 'intake:hotline:GD-8', source: 'open311', externalId: 'GD-8' })).toEqual({
        idempotency: null,
        quarantine: null,
      });
      expect(row).toEqual(await t.storage.findQuarantine('hotline', 'GD-8'));
    });

    it('loads several cases at once when it offers loadCases, skipping unknown ids', async (ctx) => {
      if (!t.storage.loadCases) return ctx.skip();
      const [a, b] = [makeCaseRecord(), makeCaseRecord()];
      await commitOk(t.storage, makeCreateCommit(a!));
      await commitOk(t.storage, makeCreateCommit(b!));
      const found = await t.storage.loadCases([b!.id, 'nope', a!.id, b!.id]);
      const byId = (x: { id: string }, y: { id: string }) => (x.id < y.id ? -1 : 1);
      expect([...found].sort(byId)).toEqual([a, b].sort(byId));
      expect(await t.storage.loadCases([])).toEqual([]);
    });

    it('records a new flow version and returns it', async () => {
      const record = { flowId: 'work-order', version: 1, hash: 'sha256:one' };
      expect(await t.storage.ensureFlowVersion(record)).toEqual(record);
      expect(await t.inspect.flowVersion('work-order', 1)).toEqual(record);
    });

    it('returns the stored flow version when the same (id, version) comes with another hash', async () => {
      const first = { flowId: 'work-order', version: 1, hash: 'sha256:one' };
      await t.storage.ensureFlowVersion(first);
      expect(await t.storage.ensureFlowVersion({ ...first, hash: 'sha256:two' })).toEqual(first);
      expect(await t.storage.ensureFlowVersion(first)).toEqual(first);
      expect(await t.inspect.flowVersion('work-order', 1)).toEqual(first);
    });

    it('keeps versions and flows apart', async () => {
      await t.storage.ensureFlowVersion({ flowId: 'work-order', version: 1, hash: 'sha256:one' });
      const second = { flowId: 'work-order', version: 2, hash: 'sha256:two' };
      const other = { flowId: 'micro-wish', version: 1, hash: 'sha256:wish' };
      expect(await t.storage.ensureFlowVersion(second)).toEqual(second);
      expect(await t.storage.ensureFlowVersion(other)).toEqual(other);
      expect(await t.inspect.flowVersion('micro-wish', 2)).toBeNull();
    });

    it('lets racing registrations of one flow version agree on a single record', async () => {
      const hashes = ['sha256:a', 'sha256:b', 'sha256:c', 'sha256:d'];
      const results = await Promise.all(
        hashes.map((hash) => t.storage.ensureFlowVersion({ flowId: 'race', version: 1, hash })),
      );
      const stored = await t.inspect.flowVersion('race', 1);
      expect(hashes).toContain(stored?.hash);
      for (const result of results) expect(result).toEqual(stored);
    });
  });
}
