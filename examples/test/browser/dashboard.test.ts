import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseWecomButtonKey } from '@gridflow/adapter-wecom';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_DIST } from '../../src/server/serve-district.js';
import { type DistrictFixture, districtFixture, WECOM_CALLBACK } from '../server/district-fixture.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
/** Screenshots land here, for a reviewer to look at. */
export const OUTPUT = fileURLToPath(new URL('../../test-results/browser/', import.meta.url));

if (!HAS_CHROMIUM) {
  console.warn(
    `[browser tests skipped] no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`,
  );
}

let f: DistrictFixture;
let browser: Browser;

beforeAll(async () => {
  if (!HAS_CHROMIUM) return;
  if (!existsSync(`${DASHBOARD_DIST}/index.html`))
    throw new Error('the dashboard is not built: run pnpm build');
  mkdirSync(OUTPUT, { recursive: true });
  f = await districtFixture({ simulate: { cases: 120, days: 8 } });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await f?.close();
});

async function signIn(memberId: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${f.url}/`);
  await page.waitForURL('**/auth/sign-in');
  await page.click(`[data-member="${memberId}"]`);
  await page.waitForSelector('[data-testid=worklist]');
  return page;
}
const shot = (page: Page, name: string) => page.screenshot({ path: `${OUTPUT}${name}.png`, fullPage: true });

describe.skipIf(!HAS_CHROMIUM)('the dashboard in Chromium', () => {
  it('lets community staff find a dispatched case in the worklist and sign for it, the timeline and light following', async () => {
    const page = await signIn('staff-xingfu-1');
    expect(await page.textContent('[data-testid=who]')).toContain('幸福社区');
    await page.locator('[data-testid=worklist] tbody tr[data-case]').first().waitFor();
    await shot(page, 'worklist-all');
    await page.click('[data-state="dispatched"]');
    await page.waitForURL(/state=dispatched/);
    const row = page.locator(`[data-case="${f.mine.id}"]`);
    await row.waitFor();
    expect(await row.locator('[data-testid=state]').textContent()).toBe('待签收');
    await shot(page, 'worklist-dispatched');
    await row.click();
    await page.waitForSelector('[data-send="signFor"]');
    expect(await page.textContent('[data-testid=case-state]')).toBe('待签收');
    expect(await page.textContent('[data-testid=context]')).toContain('138****5678');
    await page.click('[data-send="signFor"]');
    await expect
      .poll(() => page.textContent('[data-testid=case-state]'), { timeout: 10_000 })
      .toMatch(/^办理中/);
    expect(await page.textContent('[data-testid=timeline]')).toContain('签收');
    const shown = await page.getAttribute('[data-testid=case-header] [data-testid=sla-light]', 'data-light');
    const api = (await (await page.request.get(`${f.url}/api/cases/${f.mine.id}`)).json()) as {
      sla: { light: string };
    };
    expect(shown).toBe(api.sla.light);
    expect(await page.getAttribute('[data-testid=flow-diagram]', 'data-current')).toMatch(/^inProgress/);
    await page.locator('[data-testid=flow-diagram] svg').waitFor();
    await shot(page, 'case');
    await page.goto(`${f.url}/?state=inProgress`);
    await page.locator(`[data-case="${f.mine.id}"] [data-testid=state]`).waitFor();
    expect(await page.textContent(`[data-case="${f.mine.id}"] [data-testid=state]`)).toMatch(/^办理中/);
    await page.context().close();
  });

  it('filters the worklist by category on every page, its total counting that category only', async () => {
    const page = await signIn('dispatcher-1');
    // A case filed while the category is being typed refreshes the list; what is typed must stay.
    await page.fill('[data-filter=category]', 'environment');
    const { engine, district } = f.running.setup;
    const filed = await engine.createCase({
      flow: 'work-order',
      actor: district.person('resident-xingfu-2-1'),
      orgUnit: 'grid-xingfu-2',
      input: { title: '路灯闪烁', category: 'utilities' },
    });
    await page.locator(`[data-case="${filed.id}"]`).waitFor();
    expect(await page.inputValue('[data-filter=category]')).toBe('environment');
    await page.press('[data-filter=category]', 'Enter');
    await page.waitForURL(/category=environment/);
    await page.locator('[data-testid=counts-all-categories]').waitFor();
    const api = (await (await page.request.get(`${f.url}/api/cases?category=environment`)).json()) as {
      items: { id: string; category: string | null }[];
      total: number;
    };
    expect(api.items.length).toBeGreaterThan(0);
    expect(new Set(api.items.map((c) => c.category))).toEqual(new Set(['environment']));
    const all = (await (await page.request.get(`${f.url}/api/cases`)).json()) as { total: number };
    expect(api.total).toBeLessThan(all.total);
    await expect
      .poll(() =>
        page
          .locator('[data-testid=worklist] tbody tr[data-case]')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case'))),
      )
      .toEqual(api.items.map((c) => c.id));
    expect(await page.textContent('[data-testid=worklist-total]')).toBe(
      `共 ${api.total.toLocaleString('zh-CN')} 件`,
    );
    await shot(page, 'worklist-category');
    // The filter as the dashboard keeps it, in the URL: a saved or shared link opens the same list.
    await page.goto(`${f.url}/?category=utilities`);
    await page.locator(`[data-case="${filed.id}"]`).waitFor();
    expect(await page.inputValue('[data-filter=category]')).toBe('utilities');
    await page.context().close();
  });

  it("keeps a resident out of another resident's case, by URL too", async () => {
    const page = await signIn('resident-xingfu-1-2');
    expect(await page.locator(`[data-case="${f.mine.id}"]`).count()).toBe(0);
    await page.goto(`${f.url}/cases/${f.mine.id}`);
    await page.waitForSelector('[data-testid=case-error]');
    expect(await page.textContent('[data-testid=case-error]')).toContain('案件不存在或无权查看');
    expect(await page.locator('[data-testid=case-header]').count()).toBe(0);
    await shot(page, 'resident-refused');
    await page.context().close();
  });

  it('shows the same numbers on the metrics page as engine.metrics', async () => {
    const page = await signIn('dispatcher-1');
    await page.click('a[href="/metrics"]');
    await page.waitForSelector('[data-testid=metrics-table] tbody tr');
    const to = new Date(f.clock.now().getTime() + 1);
    const report = await f.running.setup.engine.metrics({
      orgUnit: 'district',
      from: new Date(to.getTime() - 365 * 86_400_000),
      to,
    });
    expect(report.rows[0]!.received).toBeGreaterThan(50);
    for (const row of report.rows) {
      const cells = page.locator(`[data-testid=metrics-table] tr[data-unit="${row.orgUnit}"]`);
      expect(await cells.locator('[data-col=received]').textContent()).toBe(String(row.received));
      expect(await cells.locator('[data-col=closed]').textContent()).toBe(String(row.closed));
      const rate = row.onTimeRate === null ? '—' : `${(row.onTimeRate * 100).toFixed(1)}%`;
      expect(await cells.locator('[data-col=onTimeRate]').textContent()).toBe(rate);
    }
    expect(await page.textContent('[data-kpi=received]')).toBe(String(report.rows[0]!.received));
    await page.waitForTimeout(500); // the charts' first frame
    await shot(page, 'metrics');
    await page.click('a[href="/ops"]');
    await page.waitForSelector('[data-testid=quarantine]');
    await shot(page, 'operations');
    await page.context().close();
  });

  it('changes the case on screen when a WeCom 签收 button is clicked through the fake WeCom server', async () => {
    const { engine, district } = f.running.setup;
    const dispatcher = district.person('dispatcher-1');
    const created = await engine.createCase({
      flow: 'work-order',
      actor: district.person('resident-xingfu-2-1'),
      orgUnit: 'grid-xingfu-2',
      input: { title: '垃圾清运不及时', category: 'environment' },
    });
    await engine.send({ caseId: created.id, actor: dispatcher, event: { type: 'accept' } });
    await engine.send({
      caseId: created.id,
      actor: dispatcher,
      event: { type: 'dispatch', leadUnit: 'comm-xingfu' },
    });
    await engine.drainOutbox();
    const page = await signIn('staff-xingfu-2');
    await page.goto(`${f.url}/cases/${created.id}`);
    await page.waitForSelector('[data-send="signFor"]');
    expect(await page.textContent('[data-testid=case-state]')).toBe('待签收');
    const keyOf = (d: { content: Record<string, unknown> }) =>
      ((d.content.button_list as { key: string }[] | undefined) ?? [])
        .map((b) => b.key)
        .find(
          (key) =>
            parseWecomButtonKey(key)?.caseId === created.id && parseWecomButtonKey(key)?.event === 'signFor',
        );
    const card = f.fake.delivered('staff-xingfu-2').find((d) => keyOf(d));
    expect(card, 'the dispatch card reached 幸福社区 staff in WeCom').toBeDefined();
    const click = await f.fake.clickButton({
      callbackUrl: `${f.url}/wecom/callback`,
      ...WECOM_CALLBACK,
      fromUser: 'staff-xingfu-2',
      taskId: card!.taskId!,
      eventKey: keyOf(card!)!,
    });
    expect(click.status).toBe(200);
    await expect
      .poll(() => page.textContent('[data-testid=case-state]'), { timeout: 10_000 })
      .toMatch(/^办理中/);
    expect(await page.textContent('[data-testid=timeline]')).toContain('签收');
    await shot(page, 'wecom-click');
    await page.context().close();
  });
});
