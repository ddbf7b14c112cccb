import type { Actor, Intake, IntakeMapping } from '@gridflow/engine';
import { z } from 'zod';
import { mapHotlineAction } from './hotline-actions.js';
import {
  DEFAULT_HOTLINE_CATEGORIES,
  type HotlineCategoryTable,
  hotlineCategoryTable,
} from './hotline-categories.js';
import { mapHotlineOrder } from './hotline-mapping.js';
import { parseOptions } from './hotline-options.js';
import { workOrderInputOf } from './hotline-order-input.js';
import { DEFAULT_HOTLINE_PROFILE, type HotlineProfile } from './hotline-profile.js';
import { quarantineReasonOf } from './hotline-quarantine.js';
import { isRecord, readField } from './hotline-record-fields.js';
import type { HotlineUnitTable } from './hotline-units.js';

/**
 * Options of {@link hotlineIntake}.
 *
 * @example
 * ```ts
 * const options: HotlineIntakeOptions = { units, actor: hotlineSeat, defaultOrgUnit: 'district' };
 * ```
 */
export interface HotlineIntakeOptions {
  /** Default: the default profile. */
  profile?: HotlineProfile;
  /** Platform unit codes to directory units. */
  units: HotlineUnitTable;
  /** Default: the starter table `DEFAULT_HOTLINE_CATEGORIES`. */
  categories?: HotlineCategoryTable;
  /**
   * The hotline's seat in the district (the command centre's 12345 account): it creates the cases and sends
   * the platform's actions, so it needs `dispatcher` (and `supervisor`, for 督办) at the district.
   */
  actor: Actor;
  /** Where an order naming no street or community belongs (usually the district). */
  defaultOrgUnit: string;
  /** The orders' intake source; actions use `<source>-actions`. Default `hotline`. */
  source?: string;
  /** Default `work-order`. */
  flow?: string;
}

/**
 * The engine intakes of one 12345 platform: orders become `work-order` cases (`hotline-<orderNo>`), platform
 * actions (催办, 督办, 撤单, 延期审批, 退单审核, 回访) become events on them. Register `intakes` with the engine.
 * The tables can be swapped while the engine runs: after fixing the unit table, retrying the quarantine turns
 * the orders that waited for it into cases.
 *
 * @example
 * ```ts
 * const hotline = hotlineIntake({ units, actor: hotlineSeat, defaultOrgUnit: 'district' });
 * const engine = createEngine({ storage, flows, directory, intakes: hotline.intakes });
 * hotline.useUnits(units.with({ '310112002': 'street-west' }));
 * await retryHotlineQuarantine(engine, { source: hotline.source });
 * ```
 */
export interface HotlineIntake {
  /** Source of orders (`hotline`); its cases carry `input.origin.platform` = this name. */
  readonly source: string;
  /** Source of platform actions (`hotline-actions`). */
  readonly actionSource: string;
  /** The platform profile records are read with. */
  readonly profile: HotlineProfile;
  /** The two intakes to register on the engine: orders and platform actions. */
  readonly intakes: readonly [Intake, Intake];
  /** The case id of an order: `<source>-<orderNo>`. */
  caseIdOf(orderNo: string): string;
  /** The unit table in use. */
  units(): HotlineUnitTable;
  /** Use another unit table from now on (quarantined orders retry against it). */
  useUnits(units: HotlineUnitTable): void;
  /** Use another category table from now on. */
  useCategories(categories: HotlineCategoryTable): void;
}

const optionsSchema = z.object({
  profile: z.custom<HotlineProfile>((v) => isRecord(v) && isRecord(v.fields), 'must be a hotlineProfile()'),
  units: z.custom<HotlineUnitTable>((v) => typeof (v as HotlineUnitTable)?.lookup === 'function', {
    message: 'must be a hotlineUnitTable()',
  }),
  categories: z.custom<HotlineCategoryTable>((v) => typeof (v as HotlineCategoryTable)?.get === 'function', {
    message: 'must be a hotlineCategoryTable()',
  }),
  actor: z.custom<Actor>(
    (v) =>
      isRecord(v) &&
      typeof v.id === 'string' &&
      v.id !== '' &&
      Array.isArray(v.roles) &&
      v.roles.length > 0 &&
      typeof v.orgUnit === 'string' &&
      v.orgUnit !== '',
    'must be an actor { id, roles, orgUnit } with at least one role',
  ),
  defaultOrgUnit: z.string().min(1, 'must not be empty'),
  source: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,55}$/, 'must be letters, digits, ".", "_" or "-"'),
  flow: z.string().min(1),
});

/**
 * Build the intakes of one platform. Throws `VALIDATION_FAILED` naming a bad option (`hotlineIntake.actor.roles`).
 * A record that cannot be mapped is refused with `VALIDATION_FAILED`, its `field` the platform's field name and
 * its message starting with the hotline reason (`UNKNOWN_UNIT: leadUnitCode X9 is not in the unit table`); read
 * it back with {@link hotlineQuarantineReason}.
 *
 * @example
 * ```ts
 * const hotline = hotlineIntake({ profile, units: hotlineUnitTable(codes), actor: hotlineSeat, defaultOrgUnit: 'district' });
 * ```
 */
export function hotlineIntake(options: HotlineIntakeOptions): HotlineIntake {
  const parsed = parseOptions(
    optionsSchema,
    {
      ...options,
      profile: options.profile ?? DEFAULT_HOTLINE_PROFILE,
      categories: options.categories ?? hotlineCategoryTable(DEFAULT_HOTLINE_CATEGORIES),
      source: options.source ?? 'hotline',
      flow: options.flow ?? 'work-order',
    },
    'hotlineIntake',
  );
  const { profile, actor, defaultOrgUnit, source, flow } = parsed;
  let units = parsed.units;
  let categories = parsed.categories;
  const caseIdOf = (orderNo: string) => `${source}-${orderNo}`;
  const idOf = (raw: unknown, path: string) => {
    const value = isRecord(raw) ? readField(raw, path) : undefined;
    const id = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
    return typeof id === 'string' && /^[0-9A-Za-z_.\-/]{1,64}$/.test(id.trim()) ? id.trim() : null;
  };

  const orders: Intake = {
    source,
    map(raw): IntakeMapping {
      const externalId = idOf(raw, profile.fields.orderNo);
      const mapped = mapHotlineOrder(raw, { profile, categories, units, defaultOrgUnit });
      if (!mapped.ok) return { ok: false, externalId, reason: quarantineReasonOf(mapped.reason) };
      const { order } = mapped;
      const input = workOrderInputOf(order, profile, source);
      if (!input.ok) return { ok: false, externalId, reason: quarantineReasonOf(input.reason) };
      const request = {
        flow,
        actor,
        orgUnit: order.orgUnit,
        caseId: caseIdOf(order.orderNo),
        input: input.input,
      };
      return { ok: true, externalId: order.orderNo, command: { kind: 'create', request } };
    },
  };

  const actions: Intake = {
    source: `${source}-actions`,
    map(raw): IntakeMapping {
      const externalId = idOf(raw, profile.actionFields.actionId);
      const mapped = mapHotlineAction(raw, profile);
      if (!mapped.ok) return { ok: false, externalId, reason: quarantineReasonOf(mapped.reason) };
      const { action } = mapped;
      const request = { caseId: caseIdOf(action.orderNo), actor, event: action.event };
      return { ok: true, externalId: action.actionId, command: { kind: 'send', request } };
    },
  };

  return {
    source,
    actionSource: actions.source,
    profile,
    intakes: [orders, actions],
    caseIdOf,
    units: () => units,
    useUnits(next) {
      units = parseOptions(optionsSchema.shape.units, next, 'units');
    },
    useCategories(next) {
      categories = parseOptions(optionsSchema.shape.categories, next, 'categories');
    },
  };
}
