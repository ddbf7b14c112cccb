import { describe, expect, it } from 'vitest';
import {
  formatOpen311Time,
  open311Response,
  serializeCreatedRequests,
  serializeErrors,
  serializeRequests,
  serializeRequestUpdates,
  serializeServiceDefinition,
  serializeServices,
  serializeTokens,
} from './open311-serialize.js';
import {
  canonicalXml,
  SPEC_CREATED_XML,
  SPEC_DEFINITION_XML,
  SPEC_ERRORS_XML,
  SPEC_REQUESTS_XML,
  SPEC_SERVICES_XML,
  SPEC_TOKEN_XML,
} from './open311-spec-examples.test-util.js';
import type { Open311Request, Open311Service, Open311ServiceDefinition } from './open311-types.js';

const cans: Open311Service = {
  code: '001',
  name: 'Cans left out 24x7',
  description:
    'Garbage or recycling cans that have been left out for more than 24 hours after collection. Violators will be cited.',
  metadata: true,
  type: 'realtime',
  keywords: ['lorem', 'ipsum', 'dolor'],
  group: 'sanitation',
};

const dmv: Open311ServiceDefinition = {
  serviceCode: 'DMV66',
  attributes: [
    {
      variable: true,
      code: 'WHISHETN',
      datatype: 'singlevaluelist',
      required: true,
      datatypeDescription: null,
      order: 1,
      description: 'What is the ticket/tag/DL number?',
      values: [
        { key: '123', name: 'Ford' },
        { key: '124', name: 'Chrysler' },
      ],
    },
  ],
};

const pst = -480;
const sidewalk = (
  id: string,
  day: string,
  expectedDay: string,
  status: 'open' | 'closed',
  notes: string | null,
): Open311Request => ({
  id,
  status,
  statusNotes: notes,
  serviceName: 'Sidewalk and Curb Issues',
  serviceCode: '006',
  requestedAt: new Date(`2010-04-${day}T06:37:38-08:00`),
  updatedAt: new Date(`2010-04-${day}T06:37:38-08:00`),
  expectedAt: new Date(`2010-04-${expectedDay}T06:37:38-08:00`),
  address: '8TH AVE and JUDAH ST',
  addressId: '545483',
  zipcode: '94122',
  lat: 37.762221815,
  long: -122.4651145,
  mediaUrl: `http://city.gov.s3.amazonaws.com/requests/media/${id}.jpg`,
});
const requests = [
  sidewalk('638344', '14', '15', 'closed', 'Duplicate request.'),
  sidewalk('638349', '19', '19', 'open', null),
];

describe('Open311 serialization, against the specification examples', () => {
  it('writes GET services as the spec example in XML and JSON', () => {
    expect(canonicalXml(serializeServices([cans], 'xml'))).toBe(canonicalXml(SPEC_SERVICES_XML));
    expect(JSON.parse(serializeServices([cans], 'json'))).toEqual([
      {
        service_code: '001',
        service_name: 'Cans left out 24x7',
        description: cans.description,
        metadata: true,
        type: 'realtime',
        keywords: 'lorem, ipsum, dolor',
        group: 'sanitation',
      },
    ]);
  });

  it('writes GET services/{code} as the spec example in XML and JSON', () => {
    expect(canonicalXml(serializeServiceDefinition(dmv, 'xml'))).toBe(canonicalXml(SPEC_DEFINITION_XML));
    expect(JSON.parse(serializeServiceDefinition(dmv, 'json'))).toEqual({
      service_code: 'DMV66',
      attributes: [
        {
          variable: true,
          code: 'WHISHETN',
          datatype: 'singlevaluelist',
          required: true,
          datatype_description: null,
          order: 1,
          description: 'What is the ticket/tag/DL number?',
          values: [
            { key: '123', name: 'Ford' },
            { key: '124', name: 'Chrysler' },
          ],
        },
      ],
    });
  });

  it('writes the POST requests answer as the spec example', () => {
    const notice =
      'The City will inspect and require the responsible party to correct within 24 hours and/or issue a Correction Notice or Notice of Violation of the Public Works Code';
    const created = [{ id: '293944', serviceNotice: notice, accountId: null }];
    expect(canonicalXml(serializeCreatedRequests(created, 'xml'))).toBe(canonicalXml(SPEC_CREATED_XML));
    expect(JSON.parse(serializeCreatedRequests(created, 'json'))).toEqual([
      { service_request_id: '293944', service_notice: notice, account_id: null },
    ]);
    expect(JSON.parse(serializeCreatedRequests([{ token: 't-9' }], 'json'))).toEqual([
      { token: 't-9', service_notice: null, account_id: null },
    ]);
  });

  it('writes GET tokens/{token} as the spec example', () => {
    expect(canonicalXml(serializeTokens([{ token: '12345', id: '638344' }], 'xml'))).toBe(
      canonicalXml(SPEC_TOKEN_XML),
    );
    expect(JSON.parse(serializeTokens([{ token: '12345', id: '638344' }], 'json'))).toEqual([
      { service_request_id: '638344', token: '12345' },
    ]);
  });

  it('writes GET requests as the spec example, times with the offset asked for', () => {
    expect(canonicalXml(serializeRequests(requests, 'xml', { utcOffsetMinutes: pst }))).toBe(
      canonicalXml(SPEC_REQUESTS_XML),
    );
    const json = JSON.parse(serializeRequests(requests, 'json', { utcOffsetMinutes: pst }));
    expect(json[0]).toEqual({
      service_request_id: '638344',
      status: 'closed',
      status_notes: 'Duplicate request.',
      service_name: 'Sidewalk and Curb Issues',
      service_code: '006',
      description: null,
      agency_responsible: null,
      service_notice: null,
      requested_datetime: '2010-04-14T06:37:38-08:00',
      updated_datetime: '2010-04-14T06:37:38-08:00',
      expected_datetime: '2010-04-15T06:37:38-08:00',
      address: '8TH AVE and JUDAH ST',
      address_id: '545483',
      zipcode: '94122',
      lat: 37.762221815,
      long: -122.4651145,
      media_url: 'http://city.gov.s3.amazonaws.com/requests/media/638344.jpg',
    });
  });

  it('writes errors as the spec example, apostrophe and all', () => {
    const errors = [
      { code: 403, description: "Invalid api_key received -- can't proceed with create_request." },
    ];
    expect(canonicalXml(serializeErrors(errors, 'xml'))).toBe(canonicalXml(SPEC_ERRORS_XML));
    expect(JSON.parse(serializeErrors(errors, 'json'))).toEqual(errors);
  });
});

describe('Open311 serialization beyond the examples', () => {
  it('never writes personal data into a request listing, whatever the request object carries', () => {
    const leaky = {
      ...requests[1]!,
      firstName: '张',
      lastName: '三',
      phone: '13800138000',
      email: 'z@example.cn',
      person: { phone: '1' },
    };
    for (const format of ['xml', 'json'] as const) {
      const body = serializeRequests([leaky], format, { extensions: true });
      for (const secret of ['张', '三', '13800138000', 'z@example.cn', 'first_name', 'phone', 'email']) {
        expect(body).not.toContain(secret);
      }
    }
  });

  it('adds extended attributes only when asked', () => {
    const rich: Open311Request = {
      ...requests[1]!,
      extended: { detailedStatus: 'in_progress', channel: 'hotline', photos: ['https://a.cn/1.jpg'] },
    };
    expect(serializeRequests([rich], 'xml')).not.toContain('extended_attributes');
    const xml = serializeRequests([rich], 'xml', { extensions: true });
    expect(canonicalXml(xml)).toContain(
      '<extended_attributes><detailed_status>in_progress</detailed_status><channel>hotline</channel><photos><photo>https://a.cn/1.jpg</photo></photos></extended_attributes>',
    );
  });

  it('writes FixMyStreet request updates in XML and JSON', () => {
    const update = {
      id: 'c-1_3',
      requestId: 'c-1',
      status: 'fixed' as const,
      updatedAt: new Date('2026-03-05T02:00:00Z'),
      description: '已修复 & 验收',
      externalStatusCode: 'closed',
    };
    expect(canonicalXml(serializeRequestUpdates([update], 'xml'))).toBe(
      canonicalXml(`<?xml version="1.0" encoding="utf-8"?><service_request_updates><request_update>
        <update_id>c-1_3</update_id><service_request_id>c-1</service_request_id><status>fixed</status>
        <updated_datetime>2026-03-05T10:00:00+08:00</updated_datetime><description>已修复 &amp; 验收</description>
        <media_url></media_url><external_status_code>closed</external_status_code></request_update></service_request_updates>`),
    );
    expect(JSON.parse(serializeRequestUpdates([update], 'json'))[0]).toMatchObject({
      update_id: 'c-1_3',
      media_url: '',
    });
  });

  it('formats times with any offset, including half hours', () => {
    const at = new Date('2026-03-02T01:15:00Z');
    expect(formatOpen311Time(at)).toBe('2026-03-02T09:15:00+08:00');
    expect(formatOpen311Time(at, 0)).toBe('2026-03-02T01:15:00+00:00');
    expect(formatOpen311Time(at, 330)).toBe('2026-03-02T06:45:00+05:30');
  });

  it('answers with the content types the spec names', async () => {
    expect(open311Response(200, 'xml', '<x/>').headers.get('content-type')).toBe('text/xml; charset=utf-8');
    const json = open311Response(404, 'json', '[]');
    expect([json.status, json.headers.get('content-type')]).toEqual([404, 'application/json; charset=utf-8']);
  });
});
