/**
 * The fields of a `POST requests` form, as sent (strings; an empty value counts as not sent, as the spec says
 * of optional arguments). `attributes` collects `attribute[code]=v` and `attribute[code][]=v` pairs.
 *
 * @example
 * ```ts
 * const form: Open311RequestForm = parseOpen311Form('service_code=001&lat=37.7&long=-122.4');
 * ```
 */
export interface Open311RequestForm {
  /** `api_key`. */
  apiKey?: string;
  /** `jurisdiction_id`. */
  jurisdictionId?: string;
  /** `service_code`. */
  serviceCode?: string;
  /** `lat`. */
  lat?: string;
  /** `long`. */
  long?: string;
  /** `address_string`. */
  addressString?: string;
  /** `address_id`. */
  addressId?: string;
  /** `email`. */
  email?: string;
  /** `device_id`. */
  deviceId?: string;
  /** `account_id`. */
  accountId?: string;
  /** `first_name`. */
  firstName?: string;
  /** `last_name`. */
  lastName?: string;
  /** `phone`. */
  phone?: string;
  /** `description`. */
  description?: string;
  /** `media_url`. */
  mediaUrl?: string;
  /** `attribute[code]` values by code. */
  attributes: Record<string, string[]>;
}

const FIELDS = {
  api_key: 'apiKey',
  jurisdiction_id: 'jurisdictionId',
  service_code: 'serviceCode',
  lat: 'lat',
  long: 'long',
  address_string: 'addressString',
  address_id: 'addressId',
  email: 'email',
  device_id: 'deviceId',
  account_id: 'accountId',
  first_name: 'firstName',
  last_name: 'lastName',
  phone: 'phone',
  description: 'description',
  media_url: 'mediaUrl',
} as const satisfies Record<string, keyof Open311RequestForm>;

const ATTRIBUTE = /^attribute\[([^\][]+)\](\[\])?$/;

/**
 * Parse an `application/x-www-form-urlencoded` body, with the query string as a fallback for any field (some
 * clients send `jurisdiction_id` and `api_key` in the query even on POST). The body wins when both carry a field.
 *
 * @example
 * ```ts
 * const form = parseOpen311Form(await request.text(), new URL(request.url).searchParams);
 * form.attributes; // { WHISPAWN: ['123456'] }
 * ```
 */
export function parseOpen311Form(body: string, query: URLSearchParams | string = ''): Open311RequestForm {
  const form: Open311RequestForm = { attributes: Object.create(null) };
  const sources = [new URLSearchParams(body), new URLSearchParams(query)];
  for (const [index, params] of sources.entries()) {
    for (const [name, raw] of params) {
      const value = raw.trim() === '' ? undefined : raw;
      const field = Object.hasOwn(FIELDS, name) ? FIELDS[name as keyof typeof FIELDS] : undefined;
      if (field) {
        if (value !== undefined && form[field] === undefined) form[field] = value;
        continue;
      }
      const attribute = ATTRIBUTE.exec(name);
      // Attributes come from the body only: a query string could otherwise add answers the resident never gave.
      if (attribute && index === 0 && value !== undefined) {
        const code = attribute[1]!;
        form.attributes[code] = [...(form.attributes[code] ?? []), value];
      }
    }
  }
  return form;
}
