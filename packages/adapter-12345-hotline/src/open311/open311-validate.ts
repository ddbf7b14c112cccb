import type { Open311RequestForm } from './open311-form.js';
import type {
  Open311Attribute,
  Open311Error,
  Open311Service,
  Open311ServiceDefinition,
} from './open311-types.js';

/**
 * A refused Open311 call: the HTTP status the spec gives it (400 bad input, 403 bad `api_key`, 404 unknown
 * resource) and the error list to send.
 *
 * @example
 * ```ts
 * const failure: Open311Failure = { status: 404, errors: [{ code: 404, description: 'service_code 999 not found' }] };
 * ```
 */
export interface Open311Failure {
  /** HTTP status to answer with. */
  status: 400 | 403 | 404;
  /** What is wrong. */
  errors: Open311Error[];
}

/**
 * What a district serves: its services, their definitions, and the jurisdictions it answers for (when it serves
 * several, `jurisdiction_id` is required; when one or none, it is optional).
 *
 * @example
 * ```ts
 * const catalog: Open311Catalog = { services, definitions: [definition], jurisdictions: ['pudong.gov.cn'] };
 * ```
 */
export interface Open311Catalog {
  /** The services offered. */
  services: readonly Open311Service[];
  /** Their definitions, for checking attributes. */
  definitions?: readonly Open311ServiceDefinition[];
  /** Jurisdiction ids accepted; any when omitted. */
  jurisdictions?: readonly string[];
}

/**
 * A valid new request. `person` holds the resident's personal data, for the case's structured requester only:
 * nothing in this package writes it to a listing.
 *
 * @example
 * ```ts
 * const result = validateOpen311Request(form, catalog);
 * if (result.ok) console.log(result.request.serviceCode, result.request.location);
 * ```
 */
export interface Open311NewRequest {
  /** The client's `api_key`, or null. */
  apiKey: string | null;
  /** `jurisdiction_id`, or null. */
  jurisdictionId: string | null;
  /** The service requested. */
  serviceCode: string;
  /** Where, or null. */
  location: { lat: number; long: number } | null;
  /** Where, in words, or null. */
  addressString: string | null;
  /** Address id, or null. */
  addressId: string | null;
  /** The description, or null. */
  description: string | null;
  /** A photo's URL, or null. */
  mediaUrl: string | null;
  /** One value per code; a list for `multivaluelist` attributes. */
  attributes: Record<string, string | string[]>;
  /** Who asked: name, email, phone, device and account, each null when not given. */
  person: {
    firstName: string | null;
    lastName: string | null;
    email: string | null;
    phone: string | null;
    deviceId: string | null;
    accountId: string | null;
  };
}

const error = (code: 400 | 403 | 404, description: string): Open311Failure => ({
  status: code,
  errors: [{ code, description }],
});

/**
 * Check `jurisdiction_id` against the catalog: 400 when several are served and none was given, 404 for one not
 * served; `null` when it is fine.
 *
 * @example
 * ```ts
 * const failure = checkJurisdiction(url.searchParams.get('jurisdiction_id') ?? undefined, catalog);
 * ```
 */
export function checkJurisdiction(
  jurisdictionId: string | undefined,
  catalog: Open311Catalog,
): Open311Failure | null {
  const served = catalog.jurisdictions ?? [];
  if (jurisdictionId === undefined) {
    return served.length > 1 ? error(400, 'jurisdiction_id was not provided') : null;
  }
  return served.length === 0 || served.includes(jurisdictionId)
    ? null
    : error(404, `jurisdiction_id ${jurisdictionId} not found`);
}

/**
 * Validate a `POST requests` form as the spec does: 404 for an unknown service or jurisdiction; 400, listing every
 * problem at once, for a missing `service_code` or location, a half coordinate pair, coordinates out of range, a
 * description over 4,000 characters, a media URL that is not http(s), and attributes the service definition
 * requires or does not offer.
 *
 * @example
 * ```ts
 * const result = validateOpen311Request(parseOpen311Form(body, query), catalog);
 * if (!result.ok) return open311Response(result.failure.status, format, serializeErrors(result.failure.errors, format));
 * ```
 */
export function validateOpen311Request(
  form: Open311RequestForm,
  catalog: Open311Catalog,
): { ok: true; request: Open311NewRequest } | { ok: false; failure: Open311Failure } {
  const jurisdiction = checkJurisdiction(form.jurisdictionId, catalog);
  if (jurisdiction) return { ok: false, failure: jurisdiction };
  if (form.serviceCode === undefined)
    return { ok: false, failure: error(400, 'service_code was not provided') };
  if (!catalog.services.some((service) => service.code === form.serviceCode)) {
    return { ok: false, failure: error(404, `service_code ${form.serviceCode} not found`) };
  }
  const problems: string[] = [];
  const location = locationOf(form, problems);
  if ([...(form.description ?? '')].length > 4000)
    problems.push('description must be at most 4000 characters');
  if (form.mediaUrl !== undefined && !isHttpUrl(form.mediaUrl))
    problems.push('media_url must be an http or https URL');
  if (form.email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(form.email))
    problems.push('email is not an email address');
  const definition = catalog.definitions?.find((d) => d.serviceCode === form.serviceCode);
  const attributes = attributesOf(form.attributes, definition?.attributes ?? [], problems);
  if (problems.length > 0) {
    return {
      ok: false,
      failure: { status: 400, errors: problems.map((description) => ({ code: 400, description })) },
    };
  }
  const or = (value: string | undefined) => value ?? null;
  return {
    ok: true,
    request: {
      apiKey: or(form.apiKey),
      jurisdictionId: or(form.jurisdictionId),
      serviceCode: form.serviceCode,
      location,
      addressString: or(form.addressString),
      addressId: or(form.addressId),
      description: or(form.description),
      mediaUrl: or(form.mediaUrl),
      attributes,
      person: {
        firstName: or(form.firstName),
        lastName: or(form.lastName),
        email: or(form.email),
        phone: or(form.phone),
        deviceId: or(form.deviceId),
        accountId: or(form.accountId),
      },
    },
  };
}

function locationOf(form: Open311RequestForm, problems: string[]): { lat: number; long: number } | null {
  if (form.lat === undefined && form.long === undefined) {
    if (form.addressString === undefined && form.addressId === undefined) {
      problems.push('a location was not provided: lat and long, address_string or address_id');
    }
    return null;
  }
  if (form.lat === undefined || form.long === undefined) {
    problems.push(`${form.lat === undefined ? 'lat' : 'long'} was not provided: lat and long go together`);
    return null;
  }
  const lat = Number(form.lat);
  const long = Number(form.long);
  if (!Number.isFinite(lat) || Math.abs(lat) > 90) problems.push(`lat ${form.lat} is not a WGS84 latitude`);
  if (!Number.isFinite(long) || Math.abs(long) > 180)
    problems.push(`long ${form.long} is not a WGS84 longitude`);
  return { lat, long };
}

function attributesOf(
  given: Record<string, string[]>,
  defined: readonly Open311Attribute[],
  problems: string[],
) {
  const result: Record<string, string | string[]> = Object.create(null);
  for (const [code, values] of Object.entries(given))
    result[code] = values.length === 1 ? values[0]! : values;
  for (const attribute of defined) {
    const values = given[attribute.code] ?? [];
    const name = `attribute[${attribute.code}]`;
    if (values.length === 0) {
      if (attribute.required && attribute.variable) problems.push(`${name} is required`);
      continue;
    }
    if (attribute.datatype === 'multivaluelist') result[attribute.code] = values;
    else if (values.length > 1) problems.push(`${name} takes one value`);
    const keys = attribute.values?.map((value) => value.key);
    for (const value of values) {
      if (
        keys &&
        (attribute.datatype === 'singlevaluelist' || attribute.datatype === 'multivaluelist') &&
        !keys.includes(value)
      ) {
        problems.push(`${name} ${value} is not one of ${keys.join(', ')}`);
      }
      if (attribute.datatype === 'number' && !Number.isFinite(Number(value)))
        problems.push(`${name} must be a number`);
      if (attribute.datatype === 'datetime' && !isW3cDateTime(value))
        problems.push(`${name} must be an ISO 8601 date-time with an offset`);
    }
  }
  return result;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * True for a W3C date-time with a time zone (`2010-01-01T00:00:00Z`, `…+08:00`), the form the spec requires.
 *
 * @example
 * ```ts
 * isW3cDateTime('2010-05-24T00:00:00Z'); // true
 * isW3cDateTime('2010-05-24 00:00:00'); // false
 * ```
 */
export function isW3cDateTime(text: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) &&
    !Number.isNaN(Date.parse(text))
  );
}
