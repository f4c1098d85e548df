// The Scorecards page on the demo: each owner's card for the latest period, the trend table, the interval switch.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { csmReport } from '../../src/services/scorecards/scorecards.ts';
import { todayUtc } from '../../src/services/revenue.ts';
import { newPage, screenshot, signIn, startDashboard, type Dashboard } from '../helpers/browser.ts';

describe('team scorecards in the dashboard', () => {
  let dashboard: Dashboard;
  let page: Page;
  before(async () => {
    dashboard = await startDashboard({ accounts: 20, usage: false });
    page = await newPage(dashboard);
    await signIn(page, dashboard);
  });
  after(() => dashboard.close());

  it('shows one card per owner of the latest quarter and the trend, as the API computes them', async () => {
    const report = await csmReport(dashboard.ctx, { interval: 'quarter', asOf: todayUtc() });
    const latest = report.rows.at(-1)?.period;
    const owners = report.rows.filter((r) => r.period === latest).map((r) => r.owner);
    assert.ok(owners.length > 0, 'the demo has owners with revenue');
    await page.getByRole('link', { name: 'Scorecards' }).click();
    await page.locator('.scorecard').first().waitFor();
    assert.equal(await page.locator('.scorecard').count(), owners.length);
    assert.equal(await page.locator('table tbody tr').count(), report.rows.length);
    await screenshot(page, '60-scorecards');
    await page.getByRole('button', { name: 'Month' }).click();
    await page.waitForFunction(`document.querySelector('table tbody tr td')?.textContent?.length === 7`);
  });
});
