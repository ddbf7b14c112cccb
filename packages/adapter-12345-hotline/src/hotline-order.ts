import type { WorkOrderInput } from '@gridflow/engine/flows';
import type { HotlineMappingReason } from './hotline-record-fields.js';
import type { HotlineDeadline } from './hotline-time.js';

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
  /** The caller's name, or null. */
  name: string | null;
  /** The caller's phone, or null. */
  phone: string | null;
  /** True when the caller asked for confidentiality (保密). */
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
  /** Coordinate system: GCJ-02 (most Chinese maps), WGS84 (GPS), BD-09 (Baidu) or local. */
  system: 'GCJ-02' | 'WGS84' | 'BD-09' | 'local';
  /** Longitude. */
  lng: number;
  /** Latitude. */
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
  /** The platform's order number (工单编号). */
  orderNo: string;
  /** `hotline:<orderNo>`: one case per order, however often it is pushed. */
  idempotencyKey: string;
  /** The case's org unit: the community's unit, else the street's, else the default. */
  orgUnit: string;
  /** Fits `workOrderInputSchema` of `@gridflow/engine/flows`. */
  input: WorkOrderInput;
  /** Who called. */
  caller: HotlineCaller;
  /** 主办 and 协办 as directory units; `null` when the platform left dispatch to the district. */
  dispatch: { leadUnit: string; coUnits: string[] } | null;
  /** When the platform received the order. */
  receivedAt: Date;
  /** The platform's deadline for the order, or null. */
  deadline: HotlineDeadline | null;
  /** Where the problem is, or null. */
  coordinates: HotlineCoordinates | null;
  /** Platform facts kept with the case (appeal type, channel ...). */
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
