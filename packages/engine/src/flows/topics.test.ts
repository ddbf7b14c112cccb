import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Notice } from '../effects/notice.js';
import { gridReportEvents } from './grid-report/grid-report-events.js';
import { gridReportPermissions } from './grid-report/grid-report-flow.js';
import { microWishEvents } from './micro-wish/micro-wish-events.js';
import { microWishPermissions } from './micro-wish/micro-wish-flow.js';
import { threeOrdersEvents } from './three-orders/three-orders-events.js';
import { threeOrdersPermissions } from './three-orders/three-orders-flow.js';
import { BUILT_IN_TOPICS, type BuiltInFlowId, type BuiltInTopicName } from './topics.js';
import { communityTour, workOrderTour } from './topics-tour.test-util.js';
import { workOrderEvents } from './work-order/work-order-events.js';
import { workOrderPermissions } from './work-order/work-order-permissions.js';

const flows: Record<
  BuiltInFlowId,
  { events: Record<string, z.ZodType>; permissions: { events: Record<string, readonly string[]> } }
> = {
  'work-order': { events: workOrderEvents, permissions: workOrderPermissions },
  'grid-report': { events: gridReportEvents, permissions: gridReportPermissions },
  'three-orders': { events: threeOrdersEvents, permissions: threeOrdersPermissions },
  'micro-wish': { events: microWishEvents, permissions: microWishPermissions },
};
const table = BUILT_IN_TOPICS as Record<string, (typeof BUILT_IN_TOPICS)[BuiltInTopicName]>;
const rolesOf = (to: Notice['to']) => ('role' in to ? [to.role] : 'anyRole' in to ? to.anyRole : []);

describe('BUILT_IN_TOPICS', () => {
  let notices: Notice[] = [];
  beforeAll(async () => {
    notices = [...(await workOrderTour()), ...(await communityTour())];
  });

  it('lists every topic the built-in flows send, and nothing they never send', () => {
    const sent = [...new Set(notices.map((n) => n.topic))].sort();
    expect(sent).toEqual(Object.keys(BUILT_IN_TOPICS).sort());
  });

  it('names the flow that sends each topic, by the topic prefix and by the notices', () => {
    for (const [topic, entry] of Object.entries(table)) {
      const prefix = entry.flow.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
      expect(topic.startsWith(`${prefix}.`), topic).toBe(true);
    }
    for (const n of notices) expect(n.flowId, n.topic).toBe(table[n.topic]?.flow);
  });

  it('offers only events a button can send: in the table, payload optional, allowed to the recipient', () => {
    for (const n of notices) {
      const entry = table[n.topic]!;
      expect(n.actions ?? [], n.topic).toEqual(n.actions ? entry.actions : []);
      const flow = flows[entry.flow];
      for (const { event } of n.actions ?? []) {
        for (const role of rolesOf(n.to)) {
          expect(flow.permissions.events[event], `${n.topic}: ${role} may ${event}`).toContain(role);
        }
      }
    }
    for (const [topic, entry] of Object.entries(table)) {
      for (const { event, label } of entry.actions) {
        expect(flows[entry.flow].events[event]?.safeParse({}).success, `${topic} offers ${event}`).toBe(true);
        expect(label.trim(), topic).not.toBe('');
      }
    }
  });

  it('offers every action the table lists on some notice, in English and Chinese words', () => {
    for (const [topic, entry] of Object.entries(table)) {
      if (entry.actions.length > 0) {
        expect(
          notices.some((n) => n.topic === topic && n.actions),
          topic,
        ).toBe(true);
      }
      expect(entry.meaning, topic).toMatch(/^[A-Z]/);
      expect(entry.label, topic).toMatch(/\p{Script=Han}/u);
      expect(entry.recipients, topic).not.toBe('');
    }
  });

  it('answers the three-orders issue with 接单, a dispatch with 签收 for the lead only, a wish with 领办', () => {
    const first = (topic: string) => notices.filter((n) => n.topic === topic);
    expect(first('threeOrders.issued')[0]).toMatchObject({
      to: { member: 'm-li' },
      actions: [{ event: 'takeOrder', label: '接单' }],
    });
    const [lead, co] = first('workOrder.dispatched');
    expect(lead).toMatchObject({
      to: { unit: 'dept-housing' },
      data: { handling: 'lead' },
      actions: [{ event: 'signFor', label: '签收' }],
    });
    expect(co).toMatchObject({ to: { unit: 'dept-city' }, data: { handling: 'co' } });
    expect(co).not.toHaveProperty('actions');
    expect(first('microWish.published').map((n) => [n.to, n.actions])).toEqual([
      [{ unit: 'comm-1', role: 'partyMember' }, [{ event: 'claim', label: '领办' }]],
      [{ unit: 'comm-1', role: 'volunteer' }, [{ event: 'claim', label: '领办' }]],
    ]);
  });

  it('is the table docs/en/guide/notifications.md shows, row by row', () => {
    const doc = readFileSync(new URL('../../../../docs/en/guide/notifications.md', import.meta.url), 'utf8');
    for (const [topic, t] of Object.entries(table)) {
      const actions = t.actions.map((a) => `\`${a.event}\` ${a.label}`).join(', ') || '—';
      expect(doc, topic).toContain(
        `| \`${topic}\` | ${t.label} | ${t.meaning} | ${t.recipients} | ${actions} |`,
      );
    }
  });
});
