import { workOrderInputSchema } from '@gridflow/engine/flows';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HOTLINE_CATEGORIES, hotlineCategoryTable } from './hotline-categories.js';
import { type HotlineMappingContext, mapHotlineOrder } from './hotline-mapping.js';
import { DEFAULT_HOTLINE_PROFILE, hotlineProfile } from './hotline-profile.js';
import { hotlineUnitTable } from './hotline-units.js';
import { SAMPLE_UNIT_CODES, sampleOrderRecord } from './testing/hotline-records.js';

const context: HotlineMappingContext = {
  profile: DEFAULT_HOTLINE_PROFILE,
  categories: hotlineCategoryTable(DEFAULT_HOTLINE_CATEGORIES),
  units: hotlineUnitTable(SAMPLE_UNIT_CODES),
  defaultOrgUnit: 'district',
};

describe('mapHotlineOrder on a good record', () => {
  const result = mapHotlineOrder(sampleOrderRecord(4), context);
  if (!result.ok) throw new Error(JSON.stringify(result.reason));
  const { order } = result;

  it('produces work-order input that the engine flow accepts as it is', () => {
    expect(workOrderInputSchema.parse(order.input)).toEqual(order.input);
    expect(order.input).toMatchObject({
      title: '第4号诉求: 路灯不亮',
      requestType: 'suggestion',
      urgency: 'normal',
      category: '020102',
      channel: 'hotline',
      hotlineNumber: 'GD2026030200004',
      location: { address: '浦东新区东方路100号' },
      photos: ['https://files.example.gov.cn/12345/4/photo.jpg'],
    });
  });

  it('keys the case on the order number and places it in the community named by its code', () => {
    expect(order.idempotencyKey).toBe('hotline:GD2026030200004');
    expect(order.orgUnit).toBe('comm-1');
    expect(order.dispatch).toEqual({ leadUnit: 'dept-city-management', coUnits: ['dept-housing'] });
  });

  it('keeps the caller as a structured value and GCJ-02 coordinates out of the WGS84 location', () => {
    expect(order.caller).toEqual({ name: '王先生', phone: '13800138000', confidential: false });
    expect(order.coordinates).toEqual({ system: 'GCJ-02', lng: 121.5273, lat: 31.2292 });
    expect(order.input.location).not.toHaveProperty('lat');
  });

  it('reads the received time in Beijing time and a date deadline as the end of that day', () => {
    expect(order.receivedAt.toISOString()).toBe('2026-03-02T01:15:04.000Z');
    expect(order.deadline).toEqual({ at: new Date('2026-03-16T15:59:59Z'), precision: 'date' });
  });

  it('keeps the platform words it translated', () => {
    expect(order.platform).toMatchObject({ appealType: '建议', channel: '热线', categoryCode: '020102' });
    expect(order.platform.categoryName).toBe('电梯故障');
  });
});

describe('mapHotlineOrder on other good records', () => {
  const map = (overrides: Record<string, unknown>, ctx = context) => {
    const result = mapHotlineOrder(sampleOrderRecord(1, overrides), ctx);
    if (!result.ok) throw new Error(JSON.stringify(result.reason));
    return result.order;
  };

  it('files the category under its SLA category when the table gives one', () => {
    expect(map({ categoryCode: '030101' }).input.category).toBe('utilities');
    expect(map({ categoryCode: '010105' }).input.category).toBe('010105');
  });

  it('puts WGS84 coordinates into the location and leaves local grid values unchecked for range', () => {
    expect(map({ coordSystem: 'WGS84' }).input.location).toEqual({
      address: '浦东新区东方路100号',
      lat: 31.2292,
      lng: 121.5273,
    });
    expect(map({ coordSystem: 'local', lng: 35_210.5, lat: -2_801.25 }).coordinates?.system).toBe('local');
  });

  it('accepts the shapes platforms send: numbers as text, comma lists, 1/0 flags, nulls for absent', () => {
    const order = map({
      urgeCount: '2',
      coUnitCodes: 'ZJ01,QJ01',
      isConfidential: 1,
      callerName: null,
      lng: '121.5',
      lat: '31.2',
      deadline: '',
    });
    expect(order.platform.urgeCount).toBe(2);
    expect(order.dispatch?.coUnits).toEqual(['dept-housing', 'district']);
    expect(order.caller).toEqual({ name: null, phone: '13800138000', confidential: true });
    expect(order.coordinates).toMatchObject({ lng: 121.5, lat: 31.2 });
    expect(order.deadline).toBeNull();
  });

  it('falls back to the street, then the default unit, and leaves dispatch to the district without a lead unit', () => {
    expect(map({ communityCode: undefined }).orgUnit).toBe('street-east');
    const order = map({ communityCode: undefined, streetCode: undefined, leadUnitCode: undefined });
    expect(order.orgUnit).toBe('district');
    expect(order.dispatch).toBeNull();
  });

  it('reads renamed and nested fields of a district profile', () => {
    const profile = hotlineProfile({ fields: { orderNo: 'gdbh', callerPhone: 'caller.mobile' } });
    const raw = sampleOrderRecord(3, {
      orderNo: undefined,
      gdbh: 'SH-001',
      callerPhone: undefined,
      caller: { mobile: '021-5555 1234' },
    });
    const result = mapHotlineOrder(raw, { ...context, profile });
    expect(result.ok && [result.order.orderNo, result.order.caller.phone]).toEqual([
      'SH-001',
      '021-5555 1234',
    ]);
  });

  it('maps an unknown-unit order once the unit table has the code', () => {
    const raw = sampleOrderRecord(9, { leadUnitCode: 'NEW01' });
    expect(mapHotlineOrder(raw, context)).toMatchObject({
      ok: false,
      reason: { code: 'UNKNOWN_UNIT', field: 'leadUnitCode' },
    });
    const fixed = { ...context, units: context.units.with({ NEW01: 'dept-new' }) };
    expect(mapHotlineOrder(raw, fixed)).toMatchObject({
      ok: true,
      order: { dispatch: { leadUnit: 'dept-new' } },
    });
  });
});

/** [case, overrides of sample record 1, expected code, expected field] */
const MALFORMED: [string, Record<string, unknown>, string, string][] = [
  ['no order number', { orderNo: undefined }, 'MISSING_FIELD', 'orderNo'],
  ['an empty order number', { orderNo: '' }, 'MISSING_FIELD', 'orderNo'],
  ['an order number with spaces', { orderNo: 'GD 1' }, 'BAD_VALUE', 'orderNo'],
  ['an order number that is an object', { orderNo: { id: 1 } }, 'BAD_TYPE', 'orderNo'],
  ['an order number of 65 characters', { orderNo: 'G'.repeat(65) }, 'BAD_VALUE', 'orderNo'],
  ['an unknown channel', { channel: '传真' }, 'BAD_VALUE', 'channel'],
  ['a channel that is a number', { channel: 3 }, 'BAD_TYPE', 'channel'],
  ['no appeal type', { appealType: undefined }, 'MISSING_FIELD', 'appealType'],
  ['an unknown appeal type', { appealType: '表扬' }, 'BAD_VALUE', 'appealType'],
  ['an appeal type inherited from Object', { appealType: 'constructor' }, 'BAD_VALUE', 'appealType'],
  ['no category', { categoryCode: undefined }, 'MISSING_FIELD', 'categoryCode'],
  ['a five-digit category', { categoryCode: '01020' }, 'BAD_VALUE', 'categoryCode'],
  ['a category that lost its leading zero', { categoryCode: 10201 }, 'BAD_VALUE', 'categoryCode'],
  ['a category with letters', { categoryCode: '01A201' }, 'BAD_VALUE', 'categoryCode'],
  ['a category that is a list', { categoryCode: ['010201'] }, 'BAD_TYPE', 'categoryCode'],
  ['a category not in the table', { categoryCode: '999999' }, 'UNKNOWN_CATEGORY', 'categoryCode'],
  ['an unknown urgency', { urgency: '火急' }, 'BAD_VALUE', 'urgency'],
  ['no title', { title: undefined }, 'MISSING_FIELD', 'title'],
  ['a blank title', { title: '   ' }, 'MISSING_FIELD', 'title'],
  ['a title that is a number', { title: 42 }, 'BAD_TYPE', 'title'],
  ['a title of 201 characters', { title: '长'.repeat(201) }, 'BAD_VALUE', 'title'],
  ['no content', { content: null }, 'MISSING_FIELD', 'content'],
  ['content that is an array', { content: ['a'] }, 'BAD_TYPE', 'content'],
  ['a caller name that is an object', { callerName: { first: '王' } }, 'BAD_TYPE', 'callerName'],
  ['a phone with letters', { callerPhone: '138-abc' }, 'BAD_VALUE', 'callerPhone'],
  ['a phone that is true', { callerPhone: true }, 'BAD_TYPE', 'callerPhone'],
  ['a confidentiality of 也许', { isConfidential: '也许' }, 'BAD_VALUE', 'isConfidential'],
  ['a confidentiality of 2', { isConfidential: 2 }, 'BAD_VALUE', 'isConfidential'],
  ['an address that is a number', { address: 100 }, 'BAD_TYPE', 'address'],
  ['a street code that is a float', { streetCode: 3.5 }, 'BAD_TYPE', 'streetCode'],
  ['an unknown street code', { streetCode: '310112999' }, 'UNKNOWN_UNIT', 'streetCode'],
  ['an unknown community code', { communityCode: '310112001999' }, 'UNKNOWN_UNIT', 'communityCode'],
  ['a longitude that is text', { lng: 'east' }, 'BAD_TYPE', 'lng'],
  ['a latitude without a longitude', { lng: undefined }, 'MISSING_FIELD', 'lng'],
  ['a longitude without a latitude', { lat: '' }, 'MISSING_FIELD', 'lat'],
  ['a longitude beyond 180°', { lng: 221.5 }, 'BAD_VALUE', 'lng'],
  ['a latitude beyond 90°', { lat: -91 }, 'BAD_VALUE', 'lat'],
  ['an unknown coordinate system', { coordSystem: 'EPSG:4490' }, 'BAD_VALUE', 'coordSystem'],
  ['no received time', { receivedTime: undefined }, 'MISSING_FIELD', 'receivedTime'],
  ['a received time with slashes', { receivedTime: '2026/03/02 09:15:00' }, 'BAD_DATE', 'receivedTime'],
  ['a received time on 30 February', { receivedTime: '2026-02-30 09:15:00' }, 'BAD_DATE', 'receivedTime'],
  ['a received time in epoch milliseconds', { receivedTime: 1772414100000 }, 'BAD_TYPE', 'receivedTime'],
  [
    'a received time with an offset',
    { receivedTime: '2026-03-02T09:15:00+08:00' },
    'BAD_DATE',
    'receivedTime',
  ],
  ['a deadline in words', { deadline: '十五个工作日' }, 'BAD_DATE', 'deadline'],
  [
    'an attachment over ftp',
    { attachments: ['ftp://files.example.gov.cn/a.jpg'] },
    'BAD_URL',
    'attachments[0]',
  ],
  [
    'a javascript attachment second',
    { attachments: ['https://a.cn/1.jpg', 'javascript:alert(1)'] },
    'BAD_URL',
    'attachments[1]',
  ],
  ['an attachment that is not a URL', { attachments: 'photo.jpg' }, 'BAD_URL', 'attachments[0]'],
  ['an unknown lead unit', { leadUnitCode: 'XX01' }, 'UNKNOWN_UNIT', 'leadUnitCode'],
  ['an unknown second co-handling unit', { coUnitCodes: ['ZJ01', 'XX02'] }, 'UNKNOWN_UNIT', 'coUnitCodes[1]'],
  ['a negative urge count', { urgeCount: -1 }, 'BAD_VALUE', 'urgeCount'],
  ['a supervise count of 1.5', { superviseCount: 1.5 }, 'BAD_VALUE', 'superviseCount'],
];

describe('mapHotlineOrder on malformed records', () => {
  it('covers at least fifty ways a record can be wrong', () => {
    expect(MALFORMED.length).toBeGreaterThanOrEqual(50);
  });

  it.each(MALFORMED)('refuses %s with %s on %s', (_case, overrides, code, field) => {
    const result = mapHotlineOrder(sampleOrderRecord(1, overrides), context);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect({ code: result.reason.code, field: result.reason.field }).toEqual({ code, field });
    expect(result.reason.message).toContain(field);
  });

  it.each([null, 'GD1', 42, [sampleOrderRecord(1)], undefined])('refuses %j as a whole record', (raw) => {
    expect(mapHotlineOrder(raw, context)).toEqual({
      ok: false,
      reason: { code: 'BAD_TYPE', field: '$', property: null, message: 'the record must be a JSON object' },
    });
  });

  it('never throws on arbitrary JSON, and never accepts a record without its required fields', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (raw) => {
        const result = mapHotlineOrder(raw, context);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws when any one field of a good record is replaced by arbitrary JSON', () => {
    const keys = Object.keys(sampleOrderRecord(1));
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.jsonValue(), (key, value) => {
        const result = mapHotlineOrder(sampleOrderRecord(1, { [key]: value }), context);
        if (!result.ok) expect(result.reason.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});
