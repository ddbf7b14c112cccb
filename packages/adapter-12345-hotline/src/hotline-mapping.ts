import type { WorkOrderInput } from '@gridflow/engine/flows';
import type { HotlineCategoryTable } from './hotline-categories.js';
import type { HotlineCoordinates, HotlineMappingResult, HotlineOrder } from './hotline-order.js';
import { type HotlineOrderRecord, orderRecordSchema } from './hotline-order-record.js';
import type { HotlineProfile } from './hotline-profile.js';
import {
  type HotlineMappingReason,
  isRecord,
  reasonFromIssue,
  renameFields,
} from './hotline-record-fields.js';
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
  /** The platform profile. */
  profile: HotlineProfile;
  /** Platform category codes to categories. */
  categories: HotlineCategoryTable;
  /** Platform unit codes to directory units. */
  units: HotlineUnitTable;
  /** The unit an order belongs to when its codes name none. */
  defaultOrgUnit: string;
}

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
