import type { Actor, CaseView, Engine } from '@gridflow/engine';
import { z } from 'zod';
import { parseOptions } from '../hotline-options.js';
import { isRecord } from '../hotline-record-fields.js';
import {
  type Open311ServiceBinding,
  open311RequestOf,
  open311UpdatesOf,
  unitNames,
} from './open311-cases.js';
import { fileOpen311Request } from './open311-file.js';
import { parseOpen311Query } from './open311-query.js';
import { parseOpen311Route } from './open311-route.js';
import {
  type Open311Format,
  open311Response,
  serializeCreatedRequests,
  serializeErrors,
  serializeRequests,
  serializeRequestUpdates,
  serializeServiceDefinition,
  serializeServices,
  serializeTokens,
} from './open311-serialize.js';
import type { Open311Error } from './open311-types.js';
import { checkJurisdiction, type Open311Catalog } from './open311-validate.js';

/**
 * Options of {@link open311Handler}.
 *
 * @example
 * ```ts
 * const options: Open311HandlerOptions = { engine, services, orgUnit: 'district', basePath: '/open311/v2',
 *   apiKeys: { 'fms-key-1': { id: 'open311-fixmystreet', roles: ['dispatcher'], orgUnit: 'district' } } };
 * ```
 */
export interface Open311HandlerOptions {
  /** The engine requests are filed into and read from. */
  engine: Pick<Engine, 'createCase' | 'getCase' | 'query' | 'history' | 'clock' | 'directory'>;
  /** The services offered, each bound to a work-order category. */
  services: readonly Open311ServiceBinding[];
  /** `api_key` → the actor that files the request (an app's seat in the district); unknown keys get 403. */
  apiKeys: Readonly<Record<string, Actor>> | ((apiKey: string) => Actor | null | Promise<Actor | null>);
  /** The unit new requests belong to (the district, usually): the command centre dispatches from there. */
  orgUnit: string;
  /** The path the endpoints hang under (`/open311/v2`). Default: the root. */
  basePath?: string;
  /** The `jurisdiction_id`s served; with several, clients must name one. */
  jurisdictions?: readonly string[];
  /** Default `work-order`. */
  flow?: string;
  /** The channel filed cases carry, and (by default) the cases `GET requests` lists. Default `open311`. */
  channel?: string;
  /** Which cases are public (listed and followed). Default: those filed through this endpoint's channel. */
  publish?: (view: CaseView) => boolean;
  /** The `service_notice` answered on filing. */
  serviceNotice?: string;
  /** Offset of the times written. Default +480 (Beijing). */
  utcOffsetMinutes?: number;
}

const optionsSchema = z.object({
  engine: z.custom<Open311HandlerOptions['engine']>(
    (v) => typeof (v as Engine)?.createCase === 'function' && typeof (v as Engine)?.query === 'function',
    'must be an engine',
  ),
  services: z
    .array(
      z.object({ code: z.string().min(1), name: z.string().min(1) }).loose(),
      'must be a list of services',
    )
    .min(1),
  apiKeys: z.union([
    z.record(z.string(), z.custom<Actor>(isRecord)),
    z.custom<(key: string) => Actor>((v) => typeof v === 'function'),
  ]),
  orgUnit: z.string().min(1),
  basePath: z.string().default(''),
  jurisdictions: z.array(z.string().min(1)).optional(),
  flow: z.string().min(1).default('work-order'),
  channel: z.string().min(1).default('open311'),
  publish: z.custom<(view: CaseView) => boolean>((v) => typeof v === 'function').optional(),
  serviceNotice: z.string().optional(),
  utcOffsetMinutes: z.number().int().min(-720).max(840).default(480),
});

/**
 * An Open311 GeoReport v2 endpoint over the engine, as a web-standard handler (adapt it to Node with
 * `toNodeHandler`): `GET services`, `GET services/{code}`, `POST requests` (form-encoded; `api_key` → an
 * actor; the request becomes a `work-order`), `GET requests` (filters `service_request_id`, `service_code`,
 * `start_date`, `end_date`, `status`; 90 days and 1,000 requests at most), `GET requests/{id}`,
 * `GET tokens/{id}` and FixMyStreet's `GET servicerequestupdates`, each in `.json` or `.xml` (the default).
 * Errors are the spec's list with 400, 403 or 404 (405 for a method a resource does not take). Listings carry
 * no personal data: the caller filed with a request is kept on the case, masked by the engine.
 *
 * @example
 * ```ts
 * const open311 = open311Handler({ engine, services, apiKeys, orgUnit: 'district', basePath: '/open311/v2' });
 * createServer(toNodeHandler(open311)).listen(8311);
 * ```
 */
export function open311Handler(options: Open311HandlerOptions): (request: Request) => Promise<Response> {
  const parsed = parseOptions(optionsSchema, options, 'open311Handler');
  const { engine, basePath, flow, channel, utcOffsetMinutes } = parsed;
  const services = options.services;
  const catalog: Open311Catalog = {
    services: services.map((s) => ({ ...s, metadata: (s.attributes?.length ?? 0) > 0 })),
    definitions: services.map((s) => ({ serviceCode: s.code, attributes: s.attributes ?? [] })),
    ...(parsed.jurisdictions ? { jurisdictions: parsed.jurisdictions } : {}),
  };
  const published =
    parsed.publish ??
    ((view: CaseView) => (view.context as { request?: { channel?: string } }).request?.channel === channel);
  const actorOf = async (apiKey: string | undefined): Promise<Actor | null> => {
    if (!apiKey) return null;
    const keys = options.apiKeys;
    if (typeof keys === 'function') return (await keys(apiKey)) ?? null;
    return Object.hasOwn(keys, apiKey) ? keys[apiKey]! : null;
  };
  const errors = (format: Open311Format, status: number, list: Open311Error[], headers = {}) => {
    const response = open311Response(status, format, serializeErrors(list, format));
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, String(value));
    return response;
  };
  const fail = (format: Open311Format, status: number, description: string, headers = {}) =>
    errors(format, status, [{ code: status, description }], headers);
  const ok = (format: Open311Format, body: string) => open311Response(200, format, body);

  async function publicCase(id: string): Promise<CaseView | null> {
    try {
      const view = await engine.getCase(id);
      return view.flowId === flow && published(view) ? view : null;
    } catch {
      return null; // unknown and unpublished read alike: no existence oracle
    }
  }

  async function listCases(from: Date, to: Date, limit: number): Promise<CaseView[]> {
    const found: CaseView[] = [];
    let cursor: string | null = null;
    do {
      const page = await engine.query({ flow, createdFrom: from, createdTo: to, limit: 1000, cursor });
      for (const view of page.items) if (published(view)) found.push(view);
      cursor = page.nextCursor;
    } while (cursor && found.length < limit);
    return found.slice(0, limit);
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const route = parseOpen311Route(url.pathname, basePath);
    if (!route) return fail('xml', 404, `no GeoReport v2 resource at ${url.pathname}`);
    const { format } = route;
    const wants = route.resource === 'requests' ? ['GET', 'POST'] : ['GET'];
    if (!wants.includes(request.method)) {
      return fail(format, 405, `${request.method} is not supported here`, { allow: wants.join(', ') });
    }
    if (request.method === 'POST') {
      const filed = await fileOpen311Request(request, url, catalog, {
        engine,
        services,
        flow,
        channel,
        orgUnit: parsed.orgUnit,
        actorOf,
      });
      if (!filed.ok) return errors(format, filed.failure.status, filed.failure.errors);
      const created = [{ id: filed.caseId, serviceNotice: parsed.serviceNotice ?? null, accountId: null }];
      return ok(format, serializeCreatedRequests(created, format));
    }
    const jurisdiction = checkJurisdiction(url.searchParams.get('jurisdiction_id') ?? undefined, catalog);
    if (jurisdiction) return errors(format, jurisdiction.status, jurisdiction.errors);
    const write = { utcOffsetMinutes, extensions: url.searchParams.get('extensions') === 'true' };

    switch (route.resource) {
      case 'services':
        return ok(format, serializeServices(catalog.services, format));
      case 'service': {
        const definition = catalog.definitions!.find((d) => d.serviceCode === route.id);
        if (!definition) return fail(format, 404, `service_code ${route.id} not found`);
        return ok(format, serializeServiceDefinition(definition, format));
      }
      case 'request':
      case 'token': {
        const view = await publicCase(route.id!);
        if (!view) return fail(format, 404, `${route.resource} ${route.id} not found`);
        if (route.resource === 'token')
          return ok(format, serializeTokens([{ token: route.id!, id: view.id }], format));
        const names = await unitNames(engine.directory, [view]);
        return ok(format, serializeRequests([open311RequestOf(view, services, names)], format, write));
      }
      case 'requests': {
        const query = parseOpen311Query(url.searchParams, engine.clock.now());
        if (!query.ok) return errors(format, query.failure.status, query.failure.errors);
        const { filter } = query;
        const views = filter.ids
          ? (await Promise.all(filter.ids.slice(0, filter.limit).map(publicCase))).filter((v) => v !== null)
          : await listCases(filter.start, filter.end, Number.POSITIVE_INFINITY);
        const names = await unitNames(engine.directory, views);
        const listed = views
          .map((view) => open311RequestOf(view, services, names))
          .filter((r) => !filter.serviceCodes || filter.serviceCodes.includes(r.serviceCode))
          .filter((r) => !filter.statuses || filter.statuses.includes(r.status))
          .slice(0, filter.limit);
        return ok(format, serializeRequests(listed, format, write));
      }
      case 'updates': {
        const query = parseOpen311Query(url.searchParams, engine.clock.now());
        if (!query.ok) return errors(format, query.failure.status, query.failure.errors);
        const { start, end, limit } = query.filter;
        // Cases updated in the window were created before its end, within the 90 days a listing reaches.
        const views = await listCases(
          new Date(end.getTime() - 90 * 86_400_000),
          end,
          Number.POSITIVE_INFINITY,
        );
        const updates = [];
        for (const view of views) {
          if (view.updatedAt < start) continue;
          updates.push(...open311UpdatesOf(view, await engine.history(view.id), { start, end }));
        }
        updates.sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime());
        return ok(format, serializeRequestUpdates(updates.slice(0, limit), format, write));
      }
    }
  }

  return async (request) => {
    try {
      return await handle(request);
    } catch {
      const format = /\.json$/i.test(new URL(request.url).pathname) ? 'json' : 'xml';
      return fail(format, 500, 'internal error');
    }
  };
}
