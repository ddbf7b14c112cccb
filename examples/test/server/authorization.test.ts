import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DistrictFixture, districtFixture } from './district-fixture.js';
import { signInDemo, type TestClient, testClient } from './http-client.js';

/**
 * Every role, from inside and from outside the unit of the case `mine` (a resident's work order in 幸福社区's
 * first grid, dispatched to 幸福社区). Expectations are written out by hand from the flow's rules.
 */
const PEOPLE = {
  'resident-xingfu-1-1': 'resident who asked',
  'resident-xingfu-1-2': 'resident next door',
  'resident-anju-1-1': 'resident elsewhere',
  'gridworker-xingfu-1-1': 'grid worker inside',
  'gridworker-anju-1-1': 'grid worker outside',
  'staff-xingfu-1': 'community staff inside (lead unit)',
  'staff-anju-1': 'community staff outside',
  'staff-donghu-1': 'street staff inside',
  'staff-xishan-1': 'street staff outside',
  'handler-housing-1': 'department handler not involved',
  'partyorg-xingfu-1': 'party organisation inside',
  'party-anju-1': 'party member outside',
  'volunteer-xingfu-1': 'volunteer inside',
  'dispatcher-1': 'command centre dispatcher',
  'supervisor-1': 'command centre supervisor',
} as const;
type Person = keyof typeof PEOPLE;
const EVERYONE = Object.keys(PEOPLE) as Person[];

const READERS: Person[] = [
  'resident-xingfu-1-1',
  'gridworker-xingfu-1-1',
  'staff-xingfu-1',
  'staff-donghu-1',
  'dispatcher-1',
  'supervisor-1',
];
/** Who reads `theirs`, a resident's work order in 安居社区 not yet accepted. */
const THEIRS_READERS: Person[] = [
  'resident-anju-1-1',
  'gridworker-anju-1-1',
  'staff-anju-1',
  'staff-xishan-1',
  'dispatcher-1',
  'supervisor-1',
];
const SIGNERS: Person[] = ['staff-xingfu-1'];
const METRICS_OF_COMMUNITY: Person[] = [
  'staff-xingfu-1',
  'staff-donghu-1',
  'partyorg-xingfu-1',
  'volunteer-xingfu-1',
  'dispatcher-1',
  'supervisor-1',
];
const GRID_LIST: Person[] = [
  'resident-xingfu-1-1',
  'resident-xingfu-1-2',
  'resident-anju-1-1',
  'gridworker-xingfu-1-1',
  'staff-xingfu-1',
  'staff-donghu-1',
  'partyorg-xingfu-1',
  'volunteer-xingfu-1',
  'dispatcher-1',
  'supervisor-1',
];
const COMMAND_CENTRE: Person[] = ['dispatcher-1', 'supervisor-1'];
const CREATORS_AT_COMMUNITY: Person[] = [
  'resident-xingfu-1-1',
  'resident-xingfu-1-2',
  'staff-xingfu-1',
  'staff-donghu-1',
  'dispatcher-1',
];
const RESIDENTS: Person[] = ['resident-xingfu-1-1', 'resident-xingfu-1-2', 'resident-anju-1-1'];

let f: DistrictFixture;
const clients = new Map<Person, TestClient>();
beforeAll(async () => {
  f = await districtFixture();
  for (const person of EVERYONE) clients.set(person, await signInDemo(f.url, person));
});
afterAll(() => f?.close());

async function expectAnswer(
  response: Response,
  allowed: boolean,
  refusal: { status: 403 | 404; code: string },
) {
  const body = (await response.json()) as { error?: { code: string; message: string } };
  if (allowed) {
    expect(response.status, body.error?.message).toBeLessThan(300);
  } else {
    expect(response.status).toBe(refusal.status);
    expect(body.error?.code).toBe(refusal.code);
  }
}
const notFound = { status: 404, code: 'CASE_NOT_FOUND' } as const;
const forbidden = { status: 403, code: 'FORBIDDEN' } as const;

describe.each(EVERYONE)('%s', (person) => {
  const client = () => clients.get(person)!;

  it(`reads the case, its timeline and its events only as the engine lets (${PEOPLE[person]})`, async () => {
    const reads = READERS.includes(person);
    for (const path of ['', '/timeline', '/events']) {
      await expectAnswer(await client().get(`/api/cases/${f.mine.id}${path}`), reads, notFound);
    }
    const engineSays = await f.running.setup.engine
      .getCase(f.mine.id, f.running.setup.district.person(person))
      .then(
        () => true,
        () => false,
      );
    expect(engineSays).toBe(reads);
  });

  it('sends an event only as the lead handling unit; readers get 403, others 404', async () => {
    const response = await client().post(`/api/cases/${f.mine.id}/events`, {
      type: 'return',
      reason: '不属于本单位',
    });
    if (SIGNERS.includes(person)) expect(response.status).toBeLessThan(500);
    else await expectAnswer(response, false, READERS.includes(person) ? forbidden : notFound);
  });

  it('lists only cases it may read', async () => {
    const page = (await (await client().get('/api/cases?limit=200')).json()) as { items: { id: string }[] };
    const ids = page.items.map((c) => c.id);
    expect(ids.includes(f.mine.id)).toBe(READERS.includes(person));
    expect(ids.includes(f.theirs.id)).toBe(THEIRS_READERS.includes(person));
    await expectAnswer(
      await client().get('/api/cases?orgUnit=grid-xingfu-1'),
      GRID_LIST.includes(person),
      forbidden,
    );
    const counts = await client().get('/api/cases/counts?orgUnit=grid-xingfu-1');
    await expectAnswer(counts.clone(), GRID_LIST.includes(person), forbidden);
    if (counts.ok) {
      const { total } = (await counts.json()) as { total: number };
      const actor = f.running.setup.district.person(person);
      const readable = await f.running.setup.engine.query({ orgUnit: 'grid-xingfu-1', actor, limit: 500 });
      expect(total).toBe(readable.items.length);
    }
  });

  it('gets metrics and the org tree only within its subtree', async () => {
    await expectAnswer(
      await client().get('/api/metrics?orgUnit=comm-xingfu'),
      METRICS_OF_COMMUNITY.includes(person),
      forbidden,
    );
    await expectAnswer(
      await client().get('/api/metrics/weekly?orgUnit=comm-xingfu&weeks=1'),
      METRICS_OF_COMMUNITY.includes(person),
      forbidden,
    );
    await expectAnswer(await client().get('/api/org'), !RESIDENTS.includes(person), forbidden);
  });

  it('reaches operations only from the command centre', async () => {
    const cc = COMMAND_CENTRE.includes(person);
    for (const path of ['/api/ops/dead-letters', '/api/ops/quarantine', '/api/ops/summary']) {
      await expectAnswer(await client().get(path), cc, forbidden);
    }
    if (!cc) {
      await expectAnswer(await client().post('/api/ops/dead-letters/nothing/retry'), false, forbidden);
      await expectAnswer(await client().post('/api/ops/quarantine/nothing/retry'), false, forbidden);
    }
  });

  it('creates a case only where the flow lets its role', async () => {
    const response = await client().post('/api/cases', {
      flow: 'work-order',
      orgUnit: 'comm-xingfu',
      input: { title: '测试' },
    });
    await expectAnswer(response, CREATORS_AT_COMMUNITY.includes(person), forbidden);
  });
});

describe('without a session', () => {
  it('answers 401 UNAUTHENTICATED on every API route', async () => {
    const anonymous = testClient(f.url);
    const routes: [string, string][] = [
      ['GET', '/api/session'],
      ['GET', '/api/cases'],
      ['GET', '/api/cases/counts'],
      ['GET', `/api/cases/${f.mine.id}`],
      ['GET', `/api/cases/${f.mine.id}/timeline`],
      ['GET', `/api/cases/${f.mine.id}/events`],
      ['POST', `/api/cases/${f.mine.id}/events`],
      ['POST', '/api/cases'],
      ['GET', '/api/metrics'],
      ['GET', '/api/metrics/weekly'],
      ['GET', '/api/org'],
      ['GET', '/api/live'],
      ['GET', '/api/ops/dead-letters'],
      ['POST', '/api/ops/dead-letters/x/retry'],
      ['GET', '/api/ops/quarantine'],
      ['POST', '/api/ops/quarantine/x/retry'],
      ['GET', '/api/ops/summary'],
    ];
    for (const [method, path] of routes) {
      const response = await anonymous.request(path, { method, ...(method === 'POST' ? { json: {} } : {}) });
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    }
  });
});
