import { validateFlowInput } from '@gridflow/engine';
import { type WorkOrderInput, workOrderInputSchema } from '@gridflow/engine/flows';
import type { HotlineOrder } from './hotline-order.js';
import type { HotlineProfile } from './hotline-profile.js';
import type { HotlineMappingReason } from './hotline-record-fields.js';

/** A work order keeps at most nine photos (as WeChat and most 12345 apps allow per report). */
const MAX_PHOTOS = 9;

/**
 * The `createCase` input of an order: the mapped request plus the caller (masked and hidden by the engine) and
 * the origin (so the case writes its steps back), checked against the work order's own schema. A value the
 * engine would refuse (a description over 4,000 characters, a phone that is neither a mobile nor a landline with
 * area code) comes back as a reason naming the platform's field, so it is quarantined like any bad record. The
 * input is frozen (see `validateFlowInput`), so `createCase` does not validate it a second time.
 */
export function workOrderInputOf(
  order: HotlineOrder,
  profile: HotlineProfile,
  platform: string,
): { ok: true; input: WorkOrderInput } | { ok: false; reason: HotlineMappingReason } {
  const { name, phone, confidential } = order.caller;
  const caller =
    name !== null || phone !== null || confidential
      ? {
          ...(name !== null ? { name } : {}),
          ...(phone !== null ? { phone } : {}),
          confidential,
        }
      : undefined;
  const candidate = {
    ...order.input,
    ...(order.input.photos ? { photos: order.input.photos.slice(0, MAX_PHOTOS) } : {}),
    ...(caller ? { caller } : {}),
    origin: { platform, orderNo: order.orderNo },
  };
  // Parsed here, once: the engine knows this frozen result and does not parse it again in createCase.
  const parsed = validateFlowInput(workOrderInputSchema, candidate);
  if (parsed.success) return { ok: true, input: parsed.data };
  const issue = parsed.error.issues[0]!;
  const path = issue.path.map(String);
  const property = PROPERTY_OF[path.slice(0, 2).join('.')] ?? PROPERTY_OF[path[0] ?? ''] ?? null;
  const field = property ? profile.fields[property] : `input.${path.join('.')}`;
  return {
    ok: false,
    reason: {
      code: 'BAD_VALUE',
      field,
      property,
      message: `${field} ${issue.message} (the work order's ${path.join('.')})`,
    },
  };
}

/** A work-order input path → the order field it came from. */
const PROPERTY_OF: Record<string, keyof HotlineProfile['fields']> = {
  title: 'title',
  description: 'content',
  category: 'category',
  channel: 'channel',
  hotlineNumber: 'orderNo',
  'origin.orderNo': 'orderNo',
  'caller.name': 'callerName',
  'caller.phone': 'callerPhone',
  'location.address': 'address',
  'location.lat': 'latitude',
  'location.lng': 'longitude',
  photos: 'attachments',
};
