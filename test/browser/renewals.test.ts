// The Renewals page in a real browser on the demo company with a small contracts file imported (renewed and
// churned contracts in the past, renewals due in the coming months): the calendar bubbles, the rates, the forecast
// against what renewed with its accuracy table, the factor table, an owner setting a forecast category, the next
// renewal in the accounts list and the renewal section of an account's page.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { formatDay, parseDay } from '../../src/core/period.ts';
import { takeForecastSnapshots } from '../../src/services/renewals/forecast.ts';
import { importContracts } from '../../src/services/renewals/import-contracts.ts';
import { todayUtc } from '../../src/services/revenue.ts';
import {
  drawnCharts,
  newPage,
  screenshot,
  signIn,
  startDashboard,
  tableRows,
  type Dashboard,
} from '../helpers/browser.ts';

const CHARTS = ['Renewal calendar', 'Renewal rates', 'Renewal forecast'];

/** Twelve demo accounts: a contract ended in the past for each, renewed by most, churned by every fourth. */
function contractsCsv(accounts: readonly string[], today: string): string {
  const day = (offset: number) => formatDay(parseDay(today) + offset);
  const lines = ['contract_id,account_id,start_date,end_date,arr,currency,auto_renew,notice_days,exclusion_reason'];
  accounts.forEach((account, k) => {
    const ended = -300 + 20 * k;
    const arr = 6000 + 1500 * k;
    lines.push(`R${k}-1,${account},${day(ended - 365)},${day(ended)},${arr},USD,${k % 2 === 0},30,`);
    if (k % 4 === 3) lines.push(`R${k}-3,${account},${day(-300)},${day(20 + 10 * k)},${arr},USD,false,30,`);
    else
      lines.push(`R${k}-2,${account},${day(ended)},${day(ended + 365)},${arr + 500 * (k % 3)},USD,${k % 2 === 0},30,`);
  });
  return lines.join('\n') + '\n';
}

describe('renewals page in a browser', () => {
  let dashboard: Dashboard;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    dashboard = await startDashboard({ accounts: 80 });
    const { ctx } = dashboard;
    const rows = await ctx.store.query<{ external_id: string }>(
      `SELECT external_id FROM accounts ORDER BY id LIMIT 12`,
    );
    const today = todayUtc();
    const text = contractsCsv(
      rows.map((r) => r.external_id),
      today,
    );
    await importContracts({ ctx, input: { text, name: 'contracts.csv' } });
    await takeForecastSnapshots({ ctx, today });
    page = await newPage(dashboard, { height: 900 });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page, dashboard, '/renewals?days=180');
  });
  afterEach(() => {
    assert.deepEqual(pageErrors.splice(0), [], 'no script error in the page');
  });
  after(async () => {
    await dashboard.close();
  });

  it('shows the calendar, the rates, the forecast with its accuracy and the factors', async () => {
    await page.getByRole('link', { name: 'Renewals' }).waitFor();
    const charts = await drawnCharts(page, CHARTS.length);
    assert.deepEqual(
      charts.map((c) => c.label),
      CHARTS,
    );
    for (const chart of charts) {
      assert.ok(chart.points > 0 && chart.paintedPixels > 300, `${chart.label}: ${JSON.stringify(chart)}`);
    }
    const upcoming = await tableRows(page, 'Upcoming renewals');
    assert.ok(upcoming.length >= 5, `${upcoming.length} renewals due in 180 days`);
    assert.ok(
      upcoming.every((r) => r.some((cell) => /\((owner|proposed)\)/.test(cell))),
      'each with its forecast category',
    );
    const accuracy = await tableRows(page, 'Forecast accuracy');
    assert.ok(accuracy.length >= 2, `${accuracy.length} closed periods`);
    assert.ok(
      accuracy.some((r) => /^[+-]?\d+\.\d%$/.test(r[4] ?? '')),
      `an error % at 90 days: ${JSON.stringify(accuracy)}`,
    );
    const factors = await tableRows(page, 'Renewal factors');
    assert.ok(factors.some((r) => r[0]?.startsWith('2. Industry') && /×$/.test(r[5] ?? '')));
    assert.ok(factors.some((r) => r[0]?.startsWith('7. Expectations') && /promised at the sale/.test(r[1] ?? '')));
    await screenshot(page, '40-renewals');
  });

  it('lets the owner set a forecast category, kept and shown as set by the owner', async () => {
    const table = page.getByRole('table', { name: 'Upcoming renewals' });
    const picker = table.locator('select').first();
    await picker.selectOption('lost');
    await table.locator('tbody tr').first().getByText('(owner)').waitFor();
    const first = (await tableRows(page, 'Upcoming renewals'))[0] ?? [];
    assert.ok(
      first.some((cell) => /Lost \(owner\)/.test(cell)),
      JSON.stringify(first),
    );
  });

  it('shows the next renewal in the accounts list and on the account page', async () => {
    await page.getByRole('link', { name: 'Accounts' }).click();
    await page.getByRole('columnheader', { name: 'Next renewal' }).waitFor();
    const first = page.getByRole('table').first();
    await first.locator('tbody tr').first().waitFor();
    const calendarAccount = (await tableRows(page, 'Accounts')).length;
    assert.ok(calendarAccount > 0);
    await page.goto('/renewals?days=180');
    await page.getByRole('table', { name: 'Upcoming renewals' }).locator('tbody tr a').first().click();
    await page.getByTestId('next-renewal').waitFor();
    assert.match(await page.getByTestId('next-renewal').innerText(), /Next renewal .* ARR at stake/);
    assert.ok((await tableRows(page, 'Contracts and renewals')).length >= 1);
  });
});
