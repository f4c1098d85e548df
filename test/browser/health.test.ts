// Account health in a real browser against the real server and the demo: the Health page (bands, movement, ARR at
// risk, accounts most at risk with their reasons), an at-risk account's health section, the accounts list's health
// column, and the scorecard editor's validation message.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import {
  drawnCharts,
  newPage,
  screenshot,
  signIn,
  startDashboard,
  tableRows,
  type Dashboard,
} from '../helpers/browser.ts';

const kpi = (page: Page, label: string) => page.locator(`[data-kpi="${label}"] .kpi-value`).first().innerText();

describe('health in a browser', () => {
  let dashboard: Dashboard;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    dashboard = await startDashboard({ accounts: 150 });
    page = await newPage(dashboard);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page, dashboard, '/health');
  });
  afterEach(() => {
    assert.deepEqual(pageErrors.splice(0), [], 'no script error in the page');
  });
  after(async () => {
    await dashboard.close();
  });

  it('shows bands, their movement, ARR at risk and the accounts most at risk with their reasons', async () => {
    await page.getByRole('link', { name: 'Health', exact: true }).waitFor();
    const [chart] = await drawnCharts(page, 1);
    assert.equal(chart?.label, 'Accounts by health band');
    assert.ok((chart?.points ?? 0) > 0 && (chart?.paintedPixels ?? 0) > 500, JSON.stringify(chart));
    const bands = await Promise.all(['Red', 'Yellow', 'Green'].map((l) => kpi(page, l)));
    assert.ok(bands.map((b) => Number(b.replace(/\D/g, ''))).reduce((a, b) => a + b, 0) > 50, bands.join(', '));
    assert.match(await kpi(page, 'ARR at risk'), /\$/);
    const risky = await tableRows(page, 'Most at risk');
    assert.ok(risky.length > 0);
    assert.match(risky[0]?.[1] ?? '', /^(red|yellow) \d+$/i);
    assert.ok(
      risky.every((r) => (r[4] ?? '').length > 0),
      'every at-risk account says why',
    );
    assert.ok((await tableRows(page, 'Band movement')).length > 0, 'bands moved over the 30 days');
    assert.ok((await page.locator('[data-scorecard="default"]').innerText()).includes('Adoption level'));
    await screenshot(page, '40-health');
  });

  it("opens an at-risk account's health: score, history chart and measure grades", async () => {
    const table = page.getByRole('table', { name: 'Most at risk' });
    await table.locator('tbody tr').first().locator('a').click();
    await page.getByTestId('account-health').waitFor();
    await page.getByRole('table', { name: 'Health measures' }).locator('tbody tr').first().waitFor();
    const charts = await drawnCharts(page, 2);
    assert.ok(charts.some((c) => c.label === 'Health score history' && c.points > 1));
    const grades = await tableRows(page, 'Health measures');
    assert.ok(
      grades.some((g) => /^(red|yellow)$/i.test(g[3] ?? '')),
      JSON.stringify(grades),
    );
    await page.getByTestId('account-health').scrollIntoViewIfNeeded();
    await screenshot(page, '41-account-health');
  });

  it('shows the health band in the accounts list', async () => {
    await page.goto('/accounts');
    const rows = await tableRows(page, 'Accounts');
    const header = await page.getByRole('table', { name: 'Accounts' }).locator('thead th').allInnerTexts();
    const column = header.findIndex((h) => h.trim().startsWith('Health'));
    assert.ok(column >= 0, header.join('|'));
    assert.ok(rows.some((r) => /^(red|yellow|green) \d+$/i.test(r[column] ?? '')));
  });

  it('refuses a bad scorecard in the editor with the validation message', async () => {
    await page.goto('/health');
    const editor = page.getByLabel('Scorecard JSON');
    await editor.waitFor();
    const card = JSON.parse(await editor.inputValue()) as { groups: { weight: number }[] };
    card.groups[0]!.weight = 0;
    await editor.fill(JSON.stringify(card));
    await page.getByRole('button', { name: 'Save scorecard' }).click();
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').innerText(), /groups\[0\]\.weight: expected a weight above 0/);
  });
});
