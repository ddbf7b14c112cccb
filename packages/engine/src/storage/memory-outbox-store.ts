import {
  claimOutbox,
  discardOutbox,
  enqueueOutbox,
  listOutbox,
  retryOutbox,
  settleOutbox,
} from './memory-outbox.js';
import { countHeldBack } from './memory-ordered-outbox.js';
import type { MemoryState } from './memory-state.js';
import type { OutboxStore } from './storage.js';

/**
 * The {@link OutboxStore} part of {@link memoryStorage}.
 *
 * @example
 * ```ts
 * const outbox = memoryOutboxStore(createMemoryState());
 * ```
 */
export function memoryOutboxStore(state: MemoryState): OutboxStore {
  return {
    async claimOutbox(request) {
      return claimOutbox(state, request);
    },

    async settleOutbox(id, leaseToken, settlement) {
      return settleOutbox(state, id, leaseToken, settlement);
    },

    async listOutbox(query) {
      return listOutbox(state, query);
    },

    async retryOutbox(id, now) {
      return retryOutbox(state, id, now);
    },

    async discardOutbox(id) {
      return discardOutbox(state, id);
    },

    async enqueueOutbox(record) {
      return enqueueOutbox(state, record);
    },

    async countHeldBack(ids) {
      return countHeldBack(state, ids);
    },
  };
}
