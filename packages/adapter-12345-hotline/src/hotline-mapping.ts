import type { WorkOrderInput } from '@gridflow/engine/flows';
import type { HotlineCategoryTable } from './hotline-categories.js';
import { type HotlineOrderRecord, orderRecordSchema } from './hotline-order-record.js';
import type { HotlineProfile } from './hotline-profile.js';
import {
  type HotlineMappingReason,
  isRecord,
  reasonFromIssue,
  renameFields,
} from './hotline-record-fields.js';
import type { HotlineDeadline } from './hotline-time.js';
import type { HotlineUnitTable } from './hotline-units.js';

/**
 * What the mapping looks orders up in. `defaultOrgUnit` is where an order naming no street or community belongs
 * (usually the district).
 *
 * @example
 * ```ts
 * const context: HotlineMappingContext = { profile: DEFAULT_HOTLINE_PROFILE, units, defaultOrgUnit: 'district',
 *   categories: hotlineCategoryTable(DEFAULT_HOTLINE_CATEGORIES) };
 * ```
 */
export interface HotlineMappingContext {
  profile: HotlineProfile;
  categories: HotlineCategoryTable;
  units: HotlineUnitTable;
  defaultOrgUnit: string;
}

/**
 * The caller (来电人) as a structured value, for the engine to mask and hide: `confidential` (是否保密) orders
 * hide the caller from handling units.
 *
 * @example
 * ```ts
 * const caller: HotlineCaller = { name: '王先生', phone: '13800138000', confidential: true };
 * ```
 */
export interface HotlineCaller {
  name: string | null;
  phone: string | null;
  confidential: boolean;
}

/**
 * Coordinates with the system they are in. Only WGS84 values go into the work order's `location` (which has no
 * system); GCJ-02, BD-09 and local grid values stay here, never silently mixed with WGS84.
 *
 * @example
 * ```ts
 * const where: HotlineCoordinates = { system: 'GCJ-02', lng: 121.4737, lat: 31.2304 };
 * ```
 */
export interface HotlineCoordinates {
  system: 'GCJ-02' | 'WGS84' | 'BD-09' | 'local';
  lng: number;
  lat: number;
}

/**
 * A platform order, normalized: everything `createCase` of the built-in `work-order` flow needs, plus the
 * caller, the dispatch the platform asked for, and the platform's own facts.
 *
 * @example
 * ```ts
 * const result = mapHotlineOrder(body, context);
 * if (result.ok) await engine.createCase({ flow: 'work-order', actor, orgUnit: result.order.orgUnit,
 *   input: result.order.input, idempotencyKey: result.order.idempotencyKey });
 * ```
 */
export interface HotlineOrder {
  orderNo: string;
  /** `hotline:<orderNo>`: one case per order, however often it is pushed. */
  idempotencyKey: string;
  /** The case's org unit: the community's unit, else the street's, else the default. */
  orgUnit: string;
  /** Fits `workOrderInputSchema` of `@gridflow/engine/flows`. */
  input: WorkOrderInput;
  caller: HotlineCaller;
  /** 主办 and 协办 as directory units; `null` when the platform left dispatch to the district. */
  dispatch: { leadUnit: string; coUnits: string[] } | null;
  receivedAt: Date;
  deadline: HotlineDeadline | null;
  coordinates: HotlineCoordinates | null;
  platform: {
    appealType: string;
    channel: string | null;
    urgency: string | null;
    categoryCode: string;
    categoryName: string;
    streetCode: string | null;
    communityCode: string | null;
    leadUnitCode: string | null;
    coUnitCodes: string[];
    attachments: string[];
    urgeCount: number;
    superviseCount: number;
  };
}

/**
 * The mapping's answer: an order, or the reason the record goes to quarantine.
 *
 * @example
 * ```ts
 * const result: HotlineMappingResult = mapHotlineOrder(body, context);
 * if (!result.ok) console.warn(result.reason.code, result.reason.field);
 * ```
 */
export type HotlineMappingResult =
  | { ok: true; order: HotlineOrder }
  | { ok: false; reason: HotlineMappingReason };

const IMAGE = /\.(jpe?g|png|gif|webp|bmp|heic)$/i;

/**
 * Map a raw platform record to an order, purely. Never throws: anything wrong (a missing field, a wrong type, a
 * malformed date, an unknown unit code or category) comes back as a reason naming the platform's field, in the
 * profile's field order.
 *
 * @example
 * ```ts
 * const result = mapHotlineOrder(JSON.parse(body), { profile, categories, units, defaultOrgUnit: 'district' });
 * ```
 */
export function mapHotlineOrder(raw: unknown, context: HotlineMappingContext): HotlineMappingResult {
  try {
    return mapRecord(raw, context);
  } catch (error) {
    // Only a broken context (say a table whose lookup throws) gets here; the record still must not be lost.
    return refuse('BAD_VALUE', '$', null, `the record could not be mapped: ${String(error)}`);
  }
}

function mapRecord(raw: unknown, { profile, categories, units, defaultOrgUnit }: HotlineMappingContext) {
  if (!isRecord(raw)) return refuse('BAD_TYPE', '$', null, 'the record must be a JSON object');
  const renamed = renameFields(raw, profile.fields);
  const parsed = orderRecordSchema(profile).safeParse(renamed);
  if (!parsed.success)
    return { ok: false as const, reason: reasonFromIssue(parsed.error.issues[0]!, renamed, profile.fields) };
  const record = parsed.data;
  const name = (property: keyof typeof profile.fields) => profile.fields[property];

  const coordinates = coordinatesOf(record, profile);
  if (coordinates && 'code' in coordinates) return { ok: false as const, reason: coordinates };
  const category = categories.get(record.category);
  if (!category) {
    return refuse(
      'UNKNOWN_CATEGORY',
      name('category'),
      'category',
      `${name('category')} ${record.category} is not in the category table`,
    );
  }
  const unit = (
    property: 'streetCode' | 'communityCode' | 'leadUnit',
    code: string | undefined,
    index = '',
  ) => {
    if (code === undefined) return { ok: true as const, unitId: undefined };
    const hit = units.lookup(code);
    if (hit.ok) return hit;
    return refuse(
      'UNKNOWN_UNIT',
      name(property) + index,
      property,
      `${name(property)}${index} ${code} is not in the unit table`,
    );
  };
  const street = unit('streetCode', record.streetCode);
  if (!street.ok) return street;
  const community = unit('communityCode', record.communityCode);
  if (!community.ok) return community;
  const lead = unit('leadUnit', record.leadUnit);
  if (!lead.ok) return lead;
  const coUnits: string[] = [];
  for (const [index, code] of (record.coUnits ?? []).entries()) {
    const hit = units.lookup(code);
    if (!hit.ok) {
      const field = `${name('coUnits')}[${index}]`;
      return refuse('UNKNOWN_UNIT', field, 'coUnits', `${field} ${code} is not in the unit table`);
    }
    coUnits.push(hit.unitId);
  }

  const attachments = record.attachments ?? [];
  const photos = attachments.filter((url) => IMAGE.test(new URL(url).pathname));
  const location = {
    ...(record.address ? { address: record.address } : {}),
    ...(coordinates?.system === 'WGS84' ? { lat: coordinates.lat, lng: coordinates.lng } : {}),
  };
  const input: WorkOrderInput = {
    title: record.title,
    description: record.content,
    requestType: profile.appealTypes[record.appealType]!,
    urgency: record.urgency ? profile.urgencies[record.urgency]! : 'normal',
    category: category.slaCategory ?? category.code,
    channel: record.channel ? profile.channels[record.channel]! : 'hotline',
    hotlineNumber: record.orderNo,
    ...(Object.keys(location).length > 0 ? { location } : {}),
    ...(photos.length > 0 ? { photos } : {}),
  };
  const order: HotlineOrder = {
    orderNo: record.orderNo,
    idempotencyKey: hotlineOrderKey(record.orderNo),
    orgUnit: community.unitId ?? street.unitId ?? defaultOrgUnit,
    input,
    caller: {
      name: record.callerName ?? null,
      phone: record.callerPhone ?? null,
      confidential: record.confidential,
    },
    dispatch: lead.unitId ? { leadUnit: lead.unitId, coUnits } : null,
    receivedAt: record.receivedAt,
    deadline: record.deadline ?? null,
    coordinates: coordinates ?? null,
    platform: {
      appealType: record.appealType,
      channel: record.channel ?? null,
      urgency: record.urgency ?? null,
      categoryCode: category.code,
      categoryName: category.name,
      streetCode: record.streetCode ?? null,
      communityCode: record.communityCode ?? null,
      leadUnitCode: record.leadUnit ?? null,
      coUnitCodes: record.coUnits ?? [],
      attachments,
      urgeCount: record.urgeCount ?? 0,
      superviseCount: record.superviseCount ?? 0,
    },
  };
  return { ok: true as const, order };
}

function coordinatesOf(
  record: HotlineOrderRecord,
  profile: HotlineProfile,
): HotlineCoordinates | HotlineMappingReason | undefined {
  const { longitude: lng, latitude: lat } = record;
  if (lng === undefined && lat === undefined) return undefined;
  if (lng === undefined || lat === undefined) {
    const property = lng === undefined ? 'longitude' : 'latitude';
    const field = profile.fields[property];
    return {
      code: 'MISSING_FIELD',
      field,
      property,
      message: `${field} is required when the other coordinate is given`,
    };
  }
  const system = record.coordinateSystem
    ? profile.coordinateSystems[record.coordinateSystem]!
    : profile.defaultCoordinateSystem;
  // Local grid systems are in metres on a city's own origin; only geographic systems have degree ranges.
  if (system !== 'local') {
    for (const [property, value, limit] of [
      ['longitude', lng, 180],
      ['latitude', lat, 90],
    ] as const) {
      if (Math.abs(value) > limit) {
        const field = profile.fields[property];
        return { code: 'BAD_VALUE', field, property, message: `${field} ${value} is outside ±${limit}°` };
      }
    }
  }
  return { system, lng, lat };
}

function refuse(code: HotlineMappingReason['code'], field: string, property: string | null, message: string) {
  return { ok: false as const, reason: { code, field, property, message } };
}

/**
 * The idempotency key of an order's case: `hotline:<orderNo>`.
 *
 * @example
 * ```ts
 * hotlineOrderKey('GD202603020001'); // 'hotline:GD202603020001'
 * ```
 */
export function hotlineOrderKey(orderNo: string): string {
  return `hotline:${orderNo}`;
}
