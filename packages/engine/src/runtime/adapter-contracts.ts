import type { Calendar } from '../calendar/calendar.js';
import type { Directory } from '../directory/directory.js';
import type { PointsLedger } from '../points/points-ledger.js';
import type { Storage } from '../storage/storage.js';
import type { AdapterContract } from './guard-adapter.js';

/**
 * What the guard checks and wraps on a storage adapter. A member added to a storage part (a new store) is
 * listed here too, or the engine reaches it unguarded.
 */
export const STORAGE_CONTRACT: AdapterContract<Storage> = {
  required: [
    // CaseStore
    'ensureFlowVersion',
    'commit',
    'loadCase',
    'queryCases',
    'readJournal',
    'findIdempotencyKey',
    // TimerStore
    'claimDueTimers',
    'dropTimer',
    'listTimers',
    'listProvisionalTimers',
    'rescheduleTimer',
    'nextTimerDue',
    // OutboxStore
    'claimOutbox',
    'settleOutbox',
    'listOutbox',
    'retryOutbox',
    'discardOutbox',
    'countHeldBack',
    'enqueueOutbox',
    // IntakeStore
    'recordQuarantine',
    'getQuarantine',
    'findQuarantine',
    'listQuarantine',
    'settleQuarantine',
    'getCursor',
    'setCursor',
  ],
  optional: [
    'loadCases',
    'countCases',
    'findIntakeState',
    'onWake',
    'init',
    'dispose',
    // CaseFactsStore (with `capabilities.caseFacts`)
    'saveCaseFacts',
    'staleCaseFacts',
    'tallyCaseFacts',
    'readCaseFacts',
    'readJournals',
    'countOpenCases',
  ],
};

/** What the guard checks and wraps on a directory. */
export const DIRECTORY_CONTRACT: AdapterContract<Directory> = {
  required: ['getUnit', 'isWithin', 'subtree', 'ancestors', 'getMember', 'members', 'findMemberByExternalId'],
  optional: ['init', 'dispose'],
};

/** What the guard checks and wraps on a calendar. */
export const CALENDAR_CONTRACT: AdapterContract<Calendar> = {
  required: ['isWorkingDay', 'addWorkingDays', 'addWorkingHours', 'workingDaysBetween', 'covers'],
  optional: ['onDataAdded', 'init', 'dispose'],
};

/** What the guard checks and wraps on a points ledger (by `pointsEffects`, which is what calls it). */
export const POINTS_LEDGER_CONTRACT: AdapterContract<PointsLedger> = {
  required: ['award', 'redeem', 'balance', 'history'],
};
