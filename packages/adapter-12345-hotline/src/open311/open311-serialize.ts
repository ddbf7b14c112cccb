import type {
  Open311CreatedRequest,
  Open311Error,
  Open311Request,
  Open311RequestUpdate,
  Open311Service,
  Open311ServiceDefinition,
  Open311Token,
} from './open311-types.js';
import { type SparkValue, sparkToXml, xmlDocument } from './xml-writer.js';

/**
 * A response format, chosen by the resource's extension (`requests.xml`, `requests.json`).
 *
 * @example
 * ```ts
 * const format: Open311Format = 'xml';
 * ```
 */
export type Open311Format = 'json' | 'xml';

/**
 * How times and extensions are written: `utcOffsetMinutes` is the offset every time carries (default +480,
 * Beijing); `extensions` adds `extended_attributes` to requests.
 *
 * @example
 * ```ts
 * const options: Open311WriteOptions = { utcOffsetMinutes: 480, extensions: true };
 * ```
 */
export interface Open311WriteOptions {
  /** Offset of the times written, in minutes; default +480 (China time). */
  utcOffsetMinutes?: number;
  /** Add `extended_attributes` to requests. */
  extensions?: boolean;
}

const ITEM_NAMES: Readonly<Record<string, string>> = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  values: 'value',
  errors: 'error',
  service_request_updates: 'request_update',
  photos: 'photo',
};

function render(format: Open311Format, root: string, value: SparkValue): string {
  return format === 'json' ? JSON.stringify(value) : xmlDocument(sparkToXml(root, value, ITEM_NAMES));
}

/**
 * An ISO 8601 time with an explicit offset, as GeoReport v2 requires (`2010-04-14T06:37:38-08:00`).
 *
 * @example
 * ```ts
 * formatOpen311Time(new Date('2026-03-02T01:15:00Z')); // '2026-03-02T09:15:00+08:00'
 * ```
 */
export function formatOpen311Time(date: Date, utcOffsetMinutes = 480): string {
  const local = new Date(date.getTime() + utcOffsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = utcOffsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(utcOffsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * GET services: `<services><service>…` in XML, an array in JSON.
 *
 * @example
 * ```ts
 * const body = serializeServices([service], 'xml');
 * ```
 */
export function serializeServices(services: readonly Open311Service[], format: Open311Format): string {
  return render(
    format,
    'services',
    services.map((s) => ({
      service_code: s.code,
      service_name: s.name,
      description: s.description,
      metadata: s.metadata,
      type: s.type,
      keywords: s.keywords.join(', '),
      group: s.group,
    })),
  );
}

/**
 * GET services/{code}: `<service_definition>` with its `<attributes><attribute>…`.
 *
 * @example
 * ```ts
 * const body = serializeServiceDefinition({ serviceCode: 'DMV66', attributes }, 'json');
 * ```
 */
export function serializeServiceDefinition(
  definition: Open311ServiceDefinition,
  format: Open311Format,
): string {
  return render(format, 'service_definition', {
    service_code: definition.serviceCode,
    attributes: definition.attributes.map((a) => ({
      variable: a.variable,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: a.datatypeDescription,
      order: a.order,
      description: a.description,
      values: a.values?.map((v) => ({ key: v.key, name: v.name })),
    })),
  });
}

/**
 * POST requests: `<service_requests><request>` with the new id (or token), the notice and the account id.
 *
 * @example
 * ```ts
 * const body = serializeCreatedRequests([{ id: '293944', serviceNotice: null, accountId: null }], 'xml');
 * ```
 */
export function serializeCreatedRequests(
  created: readonly Open311CreatedRequest[],
  format: Open311Format,
): string {
  return render(
    format,
    'service_requests',
    created.map((c) => ({
      ...('id' in c ? { service_request_id: c.id } : { token: c.token }),
      service_notice: c.serviceNotice ?? null,
      account_id: c.accountId ?? null,
    })),
  );
}

/**
 * GET tokens/{token}: `<service_requests><request>` with the request id and the token.
 *
 * @example
 * ```ts
 * const body = serializeTokens([{ token: '12345', id: '638344' }], 'xml');
 * ```
 */
export function serializeTokens(tokens: readonly Open311Token[], format: Open311Format): string {
  return render(
    format,
    'service_requests',
    tokens.map((t) => ({ service_request_id: t.id, token: t.token })),
  );
}

/**
 * GET requests and GET requests/{id}: the public fields only, in the spec's order; `extended_attributes`
 * (detailed status, channel, photos) when `options.extensions` is on.
 *
 * @example
 * ```ts
 * const body = serializeRequests(requests, 'xml', { extensions: true });
 * ```
 */
export function serializeRequests(
  requests: readonly Open311Request[],
  format: Open311Format,
  options: Open311WriteOptions = {},
): string {
  const time = (date: Date | null | undefined) =>
    date ? formatOpen311Time(date, options.utcOffsetMinutes) : null;
  return render(
    format,
    'service_requests',
    requests.map((r) => ({
      service_request_id: r.id,
      status: r.status,
      status_notes: r.statusNotes ?? null,
      service_name: r.serviceName,
      service_code: r.serviceCode,
      description: r.description ?? null,
      agency_responsible: r.agencyResponsible ?? null,
      service_notice: r.serviceNotice ?? null,
      requested_datetime: time(r.requestedAt),
      updated_datetime: time(r.updatedAt),
      expected_datetime: time(r.expectedAt),
      address: r.address ?? null,
      address_id: r.addressId ?? null,
      zipcode: r.zipcode ?? null,
      lat: r.lat ?? null,
      long: r.long ?? null,
      media_url: r.mediaUrl ?? null,
      extended_attributes: options.extensions
        ? {
            detailed_status: r.extended?.detailedStatus ?? null,
            channel: r.extended?.channel ?? null,
            photos: r.extended?.photos ?? [],
          }
        : undefined,
    })),
  );
}

/**
 * An error list: `<errors><error><code/><description/>…` in XML, an array in JSON.
 *
 * @example
 * ```ts
 * const body = serializeErrors([{ code: 403, description: 'Invalid api_key' }], 'xml');
 * ```
 */
export function serializeErrors(errors: readonly Open311Error[], format: Open311Format): string {
  return render(
    format,
    'errors',
    errors.map((e) => ({ code: e.code, description: e.description })),
  );
}

/**
 * FixMyStreet's `servicerequestupdates`: `<service_request_updates><request_update>…`.
 *
 * @example
 * ```ts
 * const body = serializeRequestUpdates(updates, 'xml');
 * ```
 */
export function serializeRequestUpdates(
  updates: readonly Open311RequestUpdate[],
  format: Open311Format,
  options: Open311WriteOptions = {},
): string {
  return render(
    format,
    'service_request_updates',
    updates.map((u) => ({
      update_id: u.id,
      service_request_id: u.requestId,
      status: u.status,
      updated_datetime: formatOpen311Time(u.updatedAt, options.utcOffsetMinutes),
      description: u.description,
      media_url: u.mediaUrl ?? '',
      external_status_code: u.externalStatusCode ?? undefined,
    })),
  );
}

/**
 * A web `Response` with the format's content type (`text/xml; charset=utf-8` or
 * `application/json; charset=utf-8`, as the spec asks).
 *
 * @example
 * ```ts
 * return open311Response(400, 'xml', serializeErrors(errors, 'xml'));
 * ```
 */
export function open311Response(status: number, format: Open311Format, body: string): Response {
  const type = format === 'xml' ? 'text/xml; charset=utf-8' : 'application/json; charset=utf-8';
  return new Response(body, { status, headers: { 'content-type': type } });
}
