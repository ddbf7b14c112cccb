import { type Actor, callerSchema, type Engine, isGridflowError } from '@gridflow/engine';
import { workOrderInputSchema } from '@gridflow/engine/flows';
import { readLimitedBody } from '../web-body.js';
import type { Open311ServiceBinding } from './open311-cases.js';
import { parseOpen311Form } from './open311-form.js';
import { type Open311Catalog, type Open311Failure, validateOpen311Request } from './open311-validate.js';

/** A form is a few KB; 64 KB leaves room for a 4,000-character description in any encoding. */
const BODY_LIMIT = 64 * 1024;
const TITLE_DESCRIPTION_CHARS = 40;

const refuse = (status: 400 | 403 | 404, description: string): { ok: false; failure: Open311Failure } => ({
  ok: false,
  failure: { status, errors: [{ code: status, description }] },
});

/**
 * `POST requests`: read and check the form, resolve `api_key` to an actor (403 without one), build the work
 * order (the service's category and request type, the location, the photo, the caller) and create it.
 */
export async function fileOpen311Request(
  request: Request,
  url: URL,
  catalog: Open311Catalog,
  context: {
    engine: Pick<Engine, 'createCase'>;
    services: readonly Open311ServiceBinding[];
    flow: string;
    channel: string;
    orgUnit: string;
    actorOf: (apiKey: string | undefined) => Promise<Actor | null>;
  },
): Promise<{ ok: true; caseId: string } | { ok: false; failure: Open311Failure }> {
  const body = await readLimitedBody(request, BODY_LIMIT);
  if (body === null) return refuse(400, `the request body is over ${BODY_LIMIT} bytes`);
  const form = parseOpen311Form(new TextDecoder().decode(body), url.searchParams);
  const actor = await context.actorOf(form.apiKey);
  if (!actor) return refuse(403, "Invalid api_key received -- can't proceed with create_request.");
  const checked = validateOpen311Request(form, catalog);
  if (!checked.ok) return checked;
  const filed = checked.request;
  const service = context.services.find((s) => s.code === filed.serviceCode)!;

  const name = [filed.person.firstName, filed.person.lastName].filter(Boolean).join(' ');
  const caller = callerSchema.safeParse({
    ...(name ? { name } : {}),
    ...(filed.person.phone ? { phone: filed.person.phone } : {}),
  });
  if (!caller.success) {
    const field = caller.error.issues[0]?.path[0] === 'phone' ? 'phone' : 'first_name/last_name';
    return refuse(400, `${field} ${caller.error.issues[0]?.message ?? 'is not valid'}`);
  }
  const description = filed.description?.trim() || undefined;
  const title = description
    ? `${service.name}: ${[...description].slice(0, TITLE_DESCRIPTION_CHARS).join('')}`
    : service.name;
  const location = {
    ...(filed.addressString ? { address: [...filed.addressString].slice(0, 200).join('') } : {}),
    ...(filed.location ? { lat: filed.location.lat, lng: filed.location.long } : {}),
  };
  const input = workOrderInputSchema.safeParse({
    title: [...title].slice(0, 200).join(''),
    ...(description ? { description } : {}),
    requestType: service.requestType ?? 'help',
    category: service.category ?? service.code,
    channel: context.channel,
    ...(Object.keys(location).length > 0 ? { location } : {}),
    ...(filed.mediaUrl ? { photos: [filed.mediaUrl] } : {}),
    ...(name || filed.person.phone ? { caller: caller.data } : {}),
  });
  if (!input.success) {
    const issue = input.error.issues[0]!;
    return refuse(400, `${FORM_FIELD[String(issue.path[0])] ?? issue.path.join('.')} ${issue.message}`);
  }
  try {
    const created = await context.engine.createCase({
      flow: context.flow,
      actor,
      orgUnit: context.orgUnit,
      input: input.data,
    });
    return { ok: true, caseId: created.id };
  } catch (error) {
    if (isGridflowError(error, 'VALIDATION_FAILED')) return refuse(400, error.message);
    if (isGridflowError(error, 'FORBIDDEN')) return refuse(403, 'this api_key may not file requests here');
    throw error;
  }
}

/** A work-order input field → the form field it came from, for error descriptions. */
const FORM_FIELD: Record<string, string> = {
  title: 'description',
  description: 'description',
  location: 'address_string',
  photos: 'media_url',
  caller: 'phone',
};
