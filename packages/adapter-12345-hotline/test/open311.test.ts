// Must show: every GeoReport v2 endpoint in JSON and XML, tested from the spec's own examples; a request filed over
// Open311 shows up in the engine and its status change shows up in servicerequestupdates; no personal data in
// GET requests.
import { type Engine, memoryStorage } from '@gridflow/engine';
import type { WorkOrderContext } from '@gridflow/engine/flows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Open311ServiceBinding } from '../src/open311/open311-cases.js';
import { open311Handler } from '../src/open311/open311-handler.js';
import {
  canonicalXml,
  SPEC_CREATED_XML,
  SPEC_DEFINITION_XML,
  SPEC_ERRORS_XML,
  SPEC_POST_BODY,
  SPEC_REQUESTS_XML,
  SPEC_SERVICES_XML,
  SPEC_TOKEN_XML,
} from '../src/open311/open311-spec-examples.test-util.js';
import { actors, districtEngine, sampleIntake } from './fixtures/district.js';
import { type Served, serve } from './fixtures/serve.js';

const BASE = '/open311/v2';
const cans: Open311ServiceBinding = {
  code: '001',
  name: 'Cans left out 24x7',
  description:
    'Garbage or recycling cans that have been left out for more than 24 hours after collection. Violators will be cited.',
  type: 'realtime',
  keywords: ['lorem', 'ipsum', 'dolor'],
  group: 'sanitation',
  category: 'environment',
  attributes: [
    {
      code: 'WHISPAWN',
      variable: true,
      datatype: 'string',
      required: false,
      datatypeDescription: null,
      order: 1,
      description: 'Cans count',
    },
    {
      code: 'WHISDORN',
      variable: true,
      datatype: 'string',
      required: false,
      datatypeDescription: null,
      order: 2,
      description: 'Bin id',
    },
  ],
};
const dmv: Open311ServiceBinding = {
  code: 'DMV66',
  name: 'Abandoned vehicle',
  description: 'A vehicle left on the street',
  type: 'realtime',
  keywords: [],
  group: 'street',
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
/** The spec's example body, with a phone a Chinese district can keep (the spec's 111111111 is no phone here). */
const POST_BODY = SPEC_POST_BODY.replace('phone=111111111', 'phone=13912345678');

let engine: Engine;
let served: Served;
beforeAll(async () => {
  engine = districtEngine({ storage: memoryStorage(), intake: sampleIntake() });
  const handler = open311Handler({
    engine,
    services: [cans, dmv],
    apiKeys: { xyz: { id: 'open311-app', roles: ['dispatcher'], orgUnit: 'district' } },
    orgUnit: 'district',
    basePath: BASE,
    jurisdictions: ['city.gov'],
    serviceNotice: 'The City will inspect within 24 hours',
  });
  served = await serve(handler, BASE);
});
afterAll(async () => {
  await served.close();
  await engine.stop();
});

async function call(path: string, init: RequestInit = {}) {
  const response = await fetch(`${served.url}/${path}`, init);
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}
const post = (path: string, body: string) =>
  call(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
/** The element names of an XML document, in order: the shape a client's parser walks. */
const shape = (xml: string) => [...canonicalXml(xml).matchAll(/<([a-z_]+)>/g)].map((m) => m[1]).join(' ');
const firstElement = (xml: string, name: string) =>
  new RegExp(`<${name}>[\\s\\S]*?</${name}>`).exec(canonicalXml(xml))![0];

let filedId = '';

describe('Open311 GeoReport v2 over the engine', () => {
  it('GET services in XML and JSON, as the spec example lists a service', async () => {
    const xml = await call('services.xml');
    expect([xml.status, xml.type]).toEqual([200, 'text/xml; charset=utf-8']);
    expect(firstElement(xml.text, 'service')).toBe(firstElement(SPEC_SERVICES_XML, 'service'));
    const json = await call('services.json');
    expect(json.type).toBe('application/json; charset=utf-8');
    expect(JSON.parse(json.text)[0]).toEqual({
      service_code: '001',
      service_name: 'Cans left out 24x7',
      description: cans.description,
      metadata: true,
      type: 'realtime',
      keywords: 'lorem, ipsum, dolor',
      group: 'sanitation',
    });
  });

  it('GET services/{code} in XML and JSON, as the spec example defines DMV66; 404 for an unknown code', async () => {
    expect(canonicalXml((await call('services/DMV66.xml')).text)).toBe(canonicalXml(SPEC_DEFINITION_XML));
    const json = JSON.parse((await call('services/DMV66.json')).text);
    expect(json.attributes[0].values).toEqual([
      { key: '123', name: 'Ford' },
      { key: '124', name: 'Chrysler' },
    ]);
    const missing = await call('services/999.json');
    expect([missing.status, JSON.parse(missing.text)]).toEqual([
      404,
      [{ code: 404, description: 'service_code 999 not found' }],
    ]);
  });

  it('POST requests: 403 as the spec example for a bad api_key, 400 for the spec phone, then files the example', async () => {
    const denied = await post('requests.xml', POST_BODY.replace('api_key=xyz', 'api_key=nope'));
    expect(denied.status).toBe(403);
    expect(canonicalXml(denied.text)).toBe(canonicalXml(SPEC_ERRORS_XML));
    const badPhone = await post('requests.json', SPEC_POST_BODY);
    expect(badPhone.status).toBe(400);
    expect(JSON.parse(badPhone.text)[0].description).toMatch(/^phone /);
    const noService = await post('requests.json', POST_BODY.replace('service_code=001', 'service_code=404'));
    expect(noService.status).toBe(404);

    const created = await post('requests.xml', POST_BODY);
    expect(created.status).toBe(200);
    expect(shape(created.text)).toBe(shape(SPEC_CREATED_XML));
    filedId = /<service_request_id>([^<]+)</.exec(created.text)![1]!;
    const again = await post('requests.json', POST_BODY);
    expect(JSON.parse(again.text)[0]).toMatchObject({
      service_notice: 'The City will inspect within 24 hours',
    });

    // It is a work order in the engine, with the caller kept on the case (for the command centre only).
    const view = await engine.getCase(filedId);
    const context = view.context as unknown as WorkOrderContext;
    expect(view).toMatchObject({ flowId: 'work-order', state: 'submitted', orgUnit: 'district' });
    expect(context.request).toMatchObject({
      category: 'environment',
      channel: 'open311',
      description: 'A large sinkhole is destroying the street',
      location: { address: '1234 5th street', lat: 37.76524078, lng: -122.4212043 },
      photos: ['http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg'],
      caller: { name: 'john smith', phone: '13912345678', confidential: false },
    });
  });

  it('GET requests and requests/{id} in XML and JSON, in the spec example shape, without personal data', async () => {
    const list = await call('requests.xml?jurisdiction_id=city.gov');
    expect(list.status).toBe(200);
    expect(shape(firstElement(list.text, 'request'))).toBe(shape(firstElement(SPEC_REQUESTS_XML, 'request')));
    const one = await call(`requests/${filedId}.json?extensions=true`);
    expect(JSON.parse(one.text)).toEqual([
      expect.objectContaining({
        service_request_id: filedId,
        status: 'open',
        service_code: '001',
        service_name: 'Cans left out 24x7',
        address: '1234 5th street',
        lat: 37.76524078,
        long: -122.4212043,
        media_url: 'http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg',
        extended_attributes: { detailed_status: 'open', channel: 'open311', photos: expect.any(Array) },
      }),
    ]);
    for (const text of [
      list.text,
      one.text,
      (await call('requests.json')).text,
      (await call(`requests/${filedId}.xml`)).text,
    ]) {
      for (const personal of [
        'john',
        'smith',
        '13912345678',
        '1391234',
        '5678',
        'smit333',
        'sfgov',
        'tt222111',
      ]) {
        expect(text).not.toContain(personal);
      }
    }
    const filtered = await call('requests.json?service_code=DMV66&status=open');
    expect(JSON.parse(filtered.text)).toEqual([]);
    const byId = await call(`requests.json?service_request_id=${filedId},nope`);
    expect(JSON.parse(byId.text).map((r: { service_request_id: string }) => r.service_request_id)).toEqual([
      filedId,
    ]);
    expect((await call('requests.json?start_date=yesterday')).status).toBe(400);
    expect((await call('requests/nope.xml')).status).toBe(404);
    expect((await call('requests.json?jurisdiction_id=other.gov')).status).toBe(404);
  });

  it('GET tokens/{id} in XML and JSON, as the spec example', async () => {
    const xml = await call(`tokens/${filedId}.xml`);
    expect(shape(xml.text)).toBe(shape(SPEC_TOKEN_XML));
    expect(JSON.parse((await call(`tokens/${filedId}.json`)).text)).toEqual([
      { service_request_id: filedId, token: filedId },
    ]);
    expect((await call('tokens/unknown.json')).status).toBe(404);
  });

  it('lists the filed request’s status changes in servicerequestupdates, in XML and JSON', async () => {
    const start = new Date(Date.now() - 60_000).toISOString();
    const send = (actor: (typeof actors)[keyof typeof actors], event: Record<string, unknown>) =>
      engine.send({ caseId: filedId, actor, event: event as { type: string } });
    await send(actors.dispatcher, { type: 'accept' });
    await send(actors.dispatcher, { type: 'dispatch', leadUnit: 'dept-city-management' });
    await send(actors.city, { type: 'signFor' });
    await send(actors.city, {
      type: 'reply',
      result: '已清运',
      solved: true,
      publicReply: '垃圾桶已清运, 联系人 13800138000',
    });
    await send(actors.dispatcher, { type: 'verify', passed: true });
    await send(actors.dispatcher, { type: 'close', reason: 'resolved' });
    const window = `start_date=${start}&end_date=${new Date(Date.now() + 60_000).toISOString()}`;

    const json = JSON.parse((await call(`servicerequestupdates.json?${window}`)).text) as Record<
      string,
      string
    >[];
    const mine = json.filter((u) => u.service_request_id === filedId);
    expect(mine.map((u) => [u.status, u.external_status_code])).toEqual([
      ['investigating', 'pendingDispatch'],
      ['action_scheduled', 'dispatched'],
      ['in_progress', 'inProgress.working'],
      ['fixed', 'followingUp'],
      ['fixed', 'closed'],
    ]);
    expect(mine[2]!.description).toBe('承办单位已签收, 正在办理');
    const xml = await call(`servicerequestupdates.xml?${window}`);
    expect(xml.status).toBe(200);
    expect(shape(firstElement(xml.text, 'request_update'))).toBe(
      'request_update update_id service_request_id status updated_datetime description media_url external_status_code',
    );
    // The closed request lists as closed; the reply's text reaches the public masked.
    const closed = JSON.parse((await call(`requests/${filedId}.json`)).text)[0];
    expect(closed).toMatchObject({ status: 'closed', agency_responsible: '城管局' });
    expect(closed.status_notes).toBe('垃圾桶已清运, 联系人 138****8000');
    expect((await call('servicerequestupdates.json?start_date=bad')).status).toBe(400);
  });

  it('answers 404 for an unknown resource and 405 for a method a resource does not take', async () => {
    const unknown = await call('nothing-here.json');
    expect(unknown.status).toBe(404);
    expect(canonicalXml(unknown.text)).toMatch(/^<\?xml[^>]*\?><errors><error><code>404<\/code>/);
    const wrong = await call('services.json', { method: 'POST', body: 'x=1' });
    expect([wrong.status, JSON.parse(wrong.text)[0].code]).toEqual([405, 405]);
  });
});
