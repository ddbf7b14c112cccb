import { describe, expect, it } from 'vitest';
import { parseOpen311Form } from './open311-form.js';
import { SPEC_POST_BODY } from './open311-spec-examples.test-util.js';
import type { Open311Service, Open311ServiceDefinition } from './open311-types.js';
import { type Open311Catalog, validateOpen311Request } from './open311-validate.js';

const service = (code: string): Open311Service => ({
  code,
  name: code,
  description: '',
  metadata: false,
  type: 'realtime',
  keywords: [],
  group: 'street',
});
const definition: Open311ServiceDefinition = {
  serviceCode: '002',
  attributes: [
    {
      code: 'SIDE',
      variable: true,
      datatype: 'singlevaluelist',
      required: true,
      datatypeDescription: null,
      order: 1,
      description: 'side',
      values: [
        { key: 'N', name: 'north' },
        { key: 'S', name: 'south' },
      ],
    },
    {
      code: 'TAGS',
      variable: true,
      datatype: 'multivaluelist',
      required: false,
      datatypeDescription: null,
      order: 2,
      description: 'tags',
      values: [
        { key: 'a', name: 'A' },
        { key: 'b', name: 'B' },
      ],
    },
    {
      code: 'SEEN',
      variable: true,
      datatype: 'datetime',
      required: false,
      datatypeDescription: null,
      order: 3,
      description: 'seen at',
    },
    {
      code: 'NOTE',
      variable: false,
      datatype: 'text',
      required: true,
      datatypeDescription: null,
      order: 4,
      description: 'information only',
    },
  ],
};
const catalog: Open311Catalog = {
  services: [service('001'), service('002')],
  definitions: [definition],
  jurisdictions: ['city.gov'],
};

const validate = (body: string, query = '', cat = catalog) =>
  validateOpen311Request(parseOpen311Form(body, query), cat);
const failureOf = (body: string, query = '', cat = catalog) => {
  const result = validate(body, query, cat);
  return result.ok ? null : result.failure;
};

describe('parseOpen311Form', () => {
  it('reads the specification example POST body, attributes included', () => {
    expect(parseOpen311Form(SPEC_POST_BODY)).toEqual({
      apiKey: 'xyz',
      jurisdictionId: 'city.gov',
      serviceCode: '001',
      lat: '37.76524078',
      long: '-122.4212043',
      addressString: '1234 5th street',
      email: 'smit333@sfgov.edu',
      deviceId: 'tt222111',
      accountId: '123456',
      firstName: 'john',
      lastName: 'smith',
      phone: '111111111',
      description: 'A large sinkhole is destroying the street',
      mediaUrl: 'http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg',
      attributes: { WHISPAWN: ['123456'], WHISDORN: ['COISL001'] },
    });
  });

  it('collects repeated multivaluelist values and reads encoded brackets', () => {
    const form = parseOpen311Form('attribute%5BTAGS%5D%5B%5D=a&attribute[TAGS][]=b&attribute[SIDE]=N');
    expect({ ...form.attributes }).toEqual({ TAGS: ['a', 'b'], SIDE: ['N'] });
  });

  it('takes jurisdiction_id and api_key from the query string when the body lacks them, the body winning', () => {
    const form = parseOpen311Form(
      'service_code=001&api_key=body-key',
      'jurisdiction_id=city.gov&api_key=query-key&attribute[X]=1',
    );
    expect([form.jurisdictionId, form.apiKey, form.attributes.X]).toEqual([
      'city.gov',
      'body-key',
      undefined,
    ]);
  });

  it('treats an empty parameter as one not sent', () => {
    expect(parseOpen311Form('description=&email=%20').description).toBeUndefined();
  });
});

describe('validateOpen311Request', () => {
  it('accepts the specification example and keeps the person apart from the request', () => {
    const result = validate(SPEC_POST_BODY);
    expect(result).toMatchObject({
      ok: true,
      request: {
        serviceCode: '001',
        location: { lat: 37.76524078, long: -122.4212043 },
        attributes: { WHISPAWN: '123456', WHISDORN: 'COISL001' },
        person: {
          firstName: 'john',
          lastName: 'smith',
          email: 'smit333@sfgov.edu',
          phone: '111111111',
          deviceId: 'tt222111',
          accountId: '123456',
        },
      },
    });
  });

  it.each([
    ['service_code=999&address_string=x', 404, 'service_code 999 not found'],
    [
      'service_code=001&address_string=x&jurisdiction_id=other.gov',
      404,
      'jurisdiction_id other.gov not found',
    ],
    ['address_string=x', 400, 'service_code was not provided'],
    ['service_code=001', 400, 'a location was not provided: lat and long, address_string or address_id'],
    ['service_code=001&lat=37.7', 400, 'long was not provided: lat and long go together'],
    ['service_code=001&lat=97.7&long=1', 400, 'lat 97.7 is not a WGS84 latitude'],
    ['service_code=001&lat=north&long=1', 400, 'lat north is not a WGS84 latitude'],
    [
      `service_code=001&address_id=7&description=${'x'.repeat(4001)}`,
      400,
      'description must be at most 4000 characters',
    ],
    [
      'service_code=001&address_id=7&media_url=javascript:alert(1)',
      400,
      'media_url must be an http or https URL',
    ],
    ['service_code=001&address_id=7&email=nobody', 400, 'email is not an email address'],
    ['service_code=002&address_id=7', 400, 'attribute[SIDE] is required'],
    ['service_code=002&address_id=7&attribute[SIDE]=W', 400, 'attribute[SIDE] W is not one of N, S'],
    [
      'service_code=002&address_id=7&attribute[SIDE]=N&attribute[SIDE]=S',
      400,
      'attribute[SIDE] takes one value',
    ],
    [
      'service_code=002&address_id=7&attribute[SIDE]=N&attribute[TAGS][]=a&attribute[TAGS][]=z',
      400,
      'attribute[TAGS] z is not one of a, b',
    ],
    [
      'service_code=002&address_id=7&attribute[SIDE]=N&attribute[SEEN]=yesterday',
      400,
      'attribute[SEEN] must be an ISO 8601 date-time with an offset',
    ],
  ])('refuses %s with %i: %s', (body, status, description) => {
    expect(failureOf(body)).toEqual({ status, errors: [{ code: status, description }] });
  });

  it('lists every problem of a bad request at once', () => {
    const failure = failureOf('service_code=002&lat=1&media_url=ftp://x');
    expect(failure?.status).toBe(400);
    expect(failure?.errors.map((e) => e.description)).toEqual([
      'long was not provided: lat and long go together',
      'media_url must be an http or https URL',
      'attribute[SIDE] is required',
    ]);
  });

  it('counts description length in characters, not UTF-16 units', () => {
    expect(
      validate(`service_code=001&address_id=7&description=${encodeURIComponent('𠮷'.repeat(4000))}`).ok,
    ).toBe(true);
  });

  it('needs jurisdiction_id only when the endpoint serves several', () => {
    expect(validate('service_code=001&address_id=7').ok).toBe(true);
    const several = { ...catalog, jurisdictions: ['a.gov', 'b.gov'] };
    expect(failureOf('service_code=001&address_id=7', '', several)).toEqual({
      status: 400,
      errors: [{ code: 400, description: 'jurisdiction_id was not provided' }],
    });
    expect(validate('service_code=001&address_id=7', 'jurisdiction_id=b.gov', several).ok).toBe(true);
  });

  it('keeps a multivaluelist as a list and attributes it does not define as sent', () => {
    const result = validate(
      'service_code=002&address_id=7&attribute[SIDE]=S&attribute[TAGS][]=b&attribute[fixmystreet_id]=1001',
    );
    expect(result.ok && { ...result.request.attributes }).toEqual({
      SIDE: 'S',
      TAGS: ['b'],
      fixmystreet_id: '1001',
    });
  });
});
