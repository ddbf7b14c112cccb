import { describe, expect, it } from 'vitest';
import { parseOpen311Query } from './open311-query.js';
import { parseOpen311Route } from './open311-route.js';
import { open311StatusOf } from './open311-status.js';

const now = new Date('2026-03-10T00:00:00Z');
const parse = (query: string) => parseOpen311Query(new URLSearchParams(query), now);

describe('parseOpen311Query', () => {
  it('reads the specification sample query', () => {
    expect(
      parse(
        'start_date=2010-05-24T00:00:00Z&end_date=2010-06-24T00:00:00Z&status=open&jurisdiction_id=city.gov',
      ),
    ).toEqual({
      ok: true,
      filter: {
        ids: null,
        serviceCodes: null,
        statuses: ['open'],
        start: new Date('2010-05-24T00:00:00Z'),
        end: new Date('2010-06-24T00:00:00Z'),
        limit: 1000,
      },
    });
  });

  it('defaults to the most recent 90 days and 1,000 requests', () => {
    const result = parse('');
    expect(
      result.ok && [result.filter.start.toISOString(), result.filter.end.toISOString(), result.filter.limit],
    ).toEqual(['2025-12-10T00:00:00.000Z', '2026-03-10T00:00:00.000Z', 1000]);
  });

  it('reads comma lists and repeated parameters, and lets service_request_id override the rest', () => {
    const result = parse('service_code=001,002&service_code=003&status=open,closed');
    expect(result.ok && [result.filter.serviceCodes, result.filter.statuses]).toEqual([
      ['001', '002', '003'],
      ['open', 'closed'],
    ]);
    const byId = parse('service_request_id=638344,638349&service_code=001&status=bogus&start_date=junk');
    expect(byId.ok && [byId.filter.ids, byId.filter.serviceCodes, byId.filter.statuses]).toEqual([
      ['638344', '638349'],
      null,
      null,
    ]);
  });

  it.each([
    [
      'start_date=2010-05-24',
      'start_date must be a W3C date-time with a time zone, like 2010-01-01T00:00:00Z',
    ],
    [
      'end_date=2010-05-24T00:00:00',
      'end_date must be a W3C date-time with a time zone, like 2010-01-01T00:00:00Z',
    ],
    [
      'start_date=2010-01-01T00:00:00Z&end_date=2010-06-01T00:00:00Z',
      'start_date to end_date spans more than 90 days',
    ],
    ['start_date=2010-06-01T00:00:00Z&end_date=2010-01-01T00:00:00Z', 'start_date is after end_date'],
    ['status=pending', 'status pending is not open or closed'],
  ])('refuses %s with a 400: %s', (query, description) => {
    expect(parse(query)).toEqual({
      ok: false,
      failure: { status: 400, errors: [{ code: 400, description }] },
    });
  });
});

describe('parseOpen311Route', () => {
  it.each([
    ['/open311/v2/services.xml', { resource: 'services', format: 'xml' }],
    ['/open311/v2/services/033.json', { resource: 'service', id: '033', format: 'json' }],
    ['/open311/v2/requests.json', { resource: 'requests', format: 'json' }],
    ['/open311/v2/requests/123456.xml', { resource: 'request', id: '123456', format: 'xml' }],
    ['/open311/v2/tokens/123456.xml', { resource: 'token', id: '123456', format: 'xml' }],
    ['/open311/v2/servicerequestupdates.xml', { resource: 'updates', format: 'xml' }],
    ['/open311/v2/requests', { resource: 'requests', format: 'xml' }],
    ['/open311/v2/requests/%E8%B7%AF%E7%81%AF.JSON', { resource: 'request', id: '路灯', format: 'json' }],
  ])('reads %s', (path, route) => {
    expect(parseOpen311Route(path, '/open311/v2/')).toEqual(route);
  });

  it.each([
    '/open311/v2/requests.csv',
    '/open311/v2/unknown.xml',
    '/other/services.xml',
    '/open311/v2/requests/%E0%A4%A.xml',
    '/open311/v2/requests/1/2.xml',
  ])('answers null for %s', (path) => {
    expect(parseOpen311Route(path, '/open311/v2')).toBeNull();
  });
});

describe('open311StatusOf', () => {
  it.each([
    ['submitted', null, 'open', 'open'],
    ['pendingDispatch', null, 'open', 'investigating'],
    ['dispatched', null, 'open', 'action_scheduled'],
    ['returnReview', null, 'open', 'internal_referral'],
    ['inProgress.working', null, 'open', 'in_progress'],
    ['inProgress.suspended', null, 'open', 'in_progress'],
    ['replied', null, 'open', 'in_progress'],
    ['followingUp', null, 'open', 'fixed'],
    ['closed', 'resolved', 'closed', 'fixed'],
    ['closed', 'explained', 'closed', 'no_further_action'],
    ['closed', 'notResponsible', 'closed', 'not_councils_responsibility'],
    ['closed', 'referred', 'closed', 'internal_referral'],
    ['closed', 'withdrawn', 'closed', 'closed'],
    ['merged', 'duplicate', 'closed', 'duplicate'],
    ['notAccepted', null, 'closed', 'no_further_action'],
  ])('maps %s (%s) to %s / %s', (state, closeReason, status, detail) => {
    expect(open311StatusOf({ state, closeReason })).toEqual({ status, detail });
  });

  it('says reopen for a case reopened after follow-up', () => {
    expect(open311StatusOf({ state: 'inProgress.working', closeReason: null, reopened: true }).detail).toBe(
      'reopen',
    );
  });
});
