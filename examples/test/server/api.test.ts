import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DistrictFixture, districtFixture } from './district-fixture.js';
import { signInDemo, testClient } from './http-client.js';

let f: DistrictFixture;
beforeAll(async () => {
  f = await districtFixture();
});
afterAll(() => f?.close());

describe('the district API', () => {
  it('pages the worklist with a cursor, each row with its SLA light', async () => {
    const dispatcher = await signInDemo(f.url, 'dispatcher-1');
    const first = (await (await dispatcher.get('/api/cases?limit=1')).json()) as {
      items: { id: string; sla: { light: string } }[];
      nextCursor: string;
      total: number;
    };
    expect(first.items).toHaveLength(1);
    expect(first.total).toBe(2);
    expect(first.nextCursor).toBeTruthy();
    const second = (await (
      await dispatcher.get(`/api/cases?limit=1&cursor=${encodeURIComponent(first.nextCursor)}`)
    ).json()) as typeof first;
    expect(second.items).toHaveLength(1);
    const ids = [first.items[0]!.id, second.items[0]!.id].sort();
    expect(ids).toEqual([f.mine.id, f.theirs.id].sort());
    const dispatched = [...first.items, ...second.items].find((c) => c.id === f.mine.id)!;
    expect(['green', 'yellow']).toContain(dispatched.sla.light);
  });

  it('filters by state and unit and counts cases per state', async () => {
    const dispatcher = await signInDemo(f.url, 'dispatcher-1');
    const page = (await (await dispatcher.get('/api/cases?orgUnit=street-xishan')).json()) as {
      items: { id: string }[];
    };
    expect(page.items.map((c) => c.id)).toEqual([f.theirs.id]);
    const counts = (await (await dispatcher.get('/api/cases/counts')).json()) as {
      states: { state: string; label: string; count: number }[];
      total: number;
      lights: { overdue: number; pastReminder: number; inTime: number };
    };
    const direct = await f.running.setup.engine.counts({ orgUnit: 'district' });
    expect(counts.total).toBe(direct.open);
    expect(counts.lights).toEqual(direct.lights);
    expect(counts.states.find((s) => s.state === 'submitted')).toMatchObject({ count: 1, label: '待受理' });
    expect(counts.states.find((s) => s.state === 'dispatched')).toMatchObject({ count: 1, label: '待签收' });
    const overdue = (await (await dispatcher.get('/api/cases/counts?overdue=true')).json()) as typeof counts;
    expect(overdue.total).toBe(direct.lights.overdue);
  });

  it('filters the worklist by category over every page, with a total of that category only', async () => {
    const dispatcher = await signInDemo(f.url, 'dispatcher-1');
    type Page = {
      items: { id: string; category: string | null }[];
      nextCursor: string | null;
      total: number;
    };
    const page = (await (await dispatcher.get('/api/cases?category=environment&limit=1')).json()) as Page;
    expect(page.items).toEqual([expect.objectContaining({ id: f.theirs.id, category: 'environment' })]);
    expect(page.total).toBe(1);
    expect(page.nextCursor).toBeNull();
    const none = (await (await dispatcher.get('/api/cases?category=no-such-category')).json()) as Page;
    expect(none).toMatchObject({ items: [], total: 0, nextCursor: null });
    const tooLong = await dispatcher.get(`/api/cases?category=${'x'.repeat(101)}`);
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(await tooLong.json())).toContain('category');
  });

  it('shows a case with whole phone numbers to the command centre and masked ones to the community', async () => {
    const dispatcher = await signInDemo(f.url, 'dispatcher-1');
    const staff = await signInDemo(f.url, 'staff-xingfu-1');
    const whole = (await (await dispatcher.get(`/api/cases/${f.mine.id}`)).json()) as {
      context: { request: { caller: { phone: string } } };
    };
    const masked = (await (await staff.get(`/api/cases/${f.mine.id}`)).json()) as {
      context: { request: { caller: { phone: string } } };
      diagram: { current: string[]; arrows: unknown[] };
    };
    expect(whole.context.request.caller.phone).toBe('13812345678');
    expect(masked.context.request.caller.phone).toBe('138****5678');
    expect(masked.diagram.current).toEqual(['dispatched']);
    expect(masked.diagram.arrows.length).toBeGreaterThan(10);
  });

  it('reads a case whose id holds a slash (a linked case) when the id is encoded in the path', async () => {
    const { engine, district } = f.running.setup;
    const linked = await engine.createCase({
      flow: 'work-order',
      caseId: 'GR-1/work-order',
      actor: district.person('dispatcher-1'),
      orgUnit: 'grid-xingfu-1',
      input: { title: '随手拍转工单' },
    });
    const dispatcher = await signInDemo(f.url, 'dispatcher-1');
    for (const path of ['', '/timeline', '/events']) {
      const response = await dispatcher.get(`/api/cases/${encodeURIComponent(linked.id)}${path}`);
      expect(response.status, path).toBe(200);
    }
    const body = (await (await dispatcher.get(`/api/cases/${encodeURIComponent(linked.id)}`)).json()) as {
      id: string;
    };
    expect(body.id).toBe('GR-1/work-order');
    await engine.send({
      caseId: linked.id,
      actor: district.person('dispatcher-1'),
      event: { type: 'notAccepted', reason: '测试' },
    });
  });

  it('labels the timeline in Chinese with who acted', async () => {
    const staff = await signInDemo(f.url, 'staff-xingfu-1');
    const { items } = (await (await staff.get(`/api/cases/${f.mine.id}/timeline`)).json()) as {
      items: { label: string; toStateLabel: string; actor: { roles: string[]; roleLabel: string } }[];
    };
    expect(items.map((e) => e.label)).toEqual(['登记', '受理', '派单']);
    expect(items[2]!.toStateLabel).toBe('待签收');
    expect(items[1]!.actor.roles).toContain('dispatcher');
    expect(items[1]!.actor.roleLabel).toBe('指挥中心调度员');
  });

  it('lists the events the member may send now with their JSON schemas', async () => {
    const staff = await signInDemo(f.url, 'staff-xingfu-1');
    const resident = await signInDemo(f.url, 'resident-xingfu-1-1');
    const staffEvents = (await (await staff.get(`/api/cases/${f.mine.id}/events`)).json()) as {
      items: { type: string; schema: { type?: string } }[];
    };
    const types = staffEvents.items.map((e) => e.type);
    expect(types).toContain('signFor');
    expect(types).toContain('return');
    expect(types).not.toContain('dispatch');
    expect(staffEvents.items.find((e) => e.type === 'signFor')!.schema.type).toBe('object');
    const residentEvents = (await (await resident.get(`/api/cases/${f.mine.id}/events`)).json()) as {
      items: { type: string }[];
    };
    expect(residentEvents.items.map((e) => e.type)).not.toContain('signFor');
  });

  it('sends an event once per Idempotency-Key and answers the same case again', async () => {
    const f2 = await districtFixture();
    try {
      const staff = await signInDemo(f2.url, 'staff-xingfu-1');
      const first = await staff.post(
        `/api/cases/${f2.mine.id}/events`,
        { type: 'signFor' },
        { 'idempotency-key': 'sign-1' },
      );
      expect(first.status).toBe(200);
      expect(((await first.json()) as { state: string }).state).toMatch(/^inProgress/);
      const again = await staff.post(
        `/api/cases/${f2.mine.id}/events`,
        { type: 'signFor' },
        { 'idempotency-key': 'sign-1' },
      );
      expect(again.status).toBe(200);
      const history = await f2.running.setup.engine.history(f2.mine.id);
      expect(history.filter((e) => e.type === 'signFor')).toHaveLength(1);
      const twice = await staff.post(`/api/cases/${f2.mine.id}/events`, { type: 'signFor' });
      expect(twice.status).toBe(409);
      expect(((await twice.json()) as { error: { code: string } }).error.code).toBe('EVENT_NOT_ACCEPTED');
    } finally {
      await f2.close();
    }
  });

  it('creates a case and refuses a bad body with a typed 400 naming the field', async () => {
    const resident = await signInDemo(f.url, 'resident-xingfu-1-2');
    const created = await resident.post('/api/cases', {
      flow: 'work-order',
      orgUnit: 'grid-xingfu-1',
      input: { title: '井盖松动' },
    });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: string; stateLabel: string };
    expect(body.stateLabel).toBe('待受理');
    const bad = await resident.post('/api/cases', { flow: 'work-order', orgUnit: 42 });
    expect(bad.status).toBe(400);
    const error = ((await bad.json()) as { error: { code: string; details: { field: string } } }).error;
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'body.orgUnit' } });
    await f.running.setup.engine.send({
      caseId: body.id,
      actor: f.running.setup.district.person('resident-xingfu-1-2'),
      event: { type: 'withdraw' },
    });
  });

  it('serves engine.metrics and a weekly trend for the member unit', async () => {
    const staff = await signInDemo(f.url, 'staff-donghu-1');
    const report = (await (await staff.get('/api/metrics')).json()) as {
      orgUnit: string;
      rows: { orgUnit: string; received: number }[];
    };
    const direct = await f.running.setup.engine.metrics({
      orgUnit: 'street-donghu',
      from: new Date(f.clock.now().getTime() - 365 * 86_400_000),
      to: new Date(f.clock.now().getTime() + 1),
    });
    expect(report.orgUnit).toBe('street-donghu');
    expect(report.rows.map((r) => [r.orgUnit, r.received])).toEqual(
      direct.rows.map((r) => [r.orgUnit, r.received]),
    );
    const weekly = (await (await staff.get('/api/metrics/weekly?weeks=4')).json()) as { weeks: unknown[] };
    expect(weekly.weeks).toHaveLength(4);
  });

  it('lists dead letters and quarantine to the command centre and retries a quarantined record', async () => {
    const dispatcher = await signInDemo(f.url, 'dispatcher-1');
    const { engine } = f.running.setup;
    const result = await engine.ingest('hotline', { orderNo: 'GD-BAD-1' });
    expect(result.status).toBe('quarantined');
    const list = (await (await dispatcher.get('/api/ops/quarantine')).json()) as { items: { id: string }[] };
    expect(list.items).toHaveLength(1);
    const retried = await dispatcher.post(`/api/ops/quarantine/${list.items[0]!.id}/retry`);
    expect(retried.status).toBe(200);
    expect(((await retried.json()) as { status: string }).status).toBe('quarantined');
    const dead = await dispatcher.get('/api/ops/dead-letters');
    expect(dead.status).toBe(200);
    const summary = (await (await dispatcher.get('/api/ops/summary')).json()) as {
      timers: { nextDueAt: string | null };
    };
    expect(summary.timers.nextDueAt).not.toBeNull();
  });

  it('streams changed cases the member may read over Server-Sent Events', async () => {
    const staff = await signInDemo(f.url, 'staff-xingfu-1');
    const response = await staff.get('/api/live');
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('event: ready')) text += decoder.decode((await reader.read()).value);
    const { engine, district } = f.running.setup;
    await engine.send({
      caseId: f.mine.id,
      actor: district.person('dispatcher-1'),
      event: { type: 'urge', note: '请尽快签收' },
    });
    await engine.send({
      caseId: f.theirs.id,
      actor: district.person('dispatcher-1'),
      event: { type: 'accept' },
    });
    while (!text.includes('event: case')) text += decoder.decode((await reader.read()).value);
    await reader.cancel();
    expect(text).toContain(f.mine.id);
    expect(text).not.toContain(f.theirs.id);
  });

  it('publishes an OpenAPI document generated from the schemas', async () => {
    const doc = (await (await testClient(f.url).get('/api/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, { get?: { parameters?: { name: string }[] } }>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/cases']!.get!.parameters!.map((p) => p.name)).toContain('cursor');
  });

  it('mounts the hotline webhook, Open311 and the WeCom callback, each refusing unsigned requests', async () => {
    const anonymous = testClient(f.url);
    expect((await anonymous.request('/hotline/webhook', { method: 'POST', body: '{}' })).status).toBe(401);
    const services = await anonymous.get('/open311/v2/services.json');
    expect(services.status).toBe(200);
    expect(JSON.stringify(await services.json())).toContain('路灯报修');
    expect(
      (
        await anonymous.request('/wecom/callback?msg_signature=x&timestamp=1&nonce=n', {
          method: 'POST',
          body: '<xml/>',
        })
      ).status,
    ).toBeGreaterThanOrEqual(400);
  });
});
