// The churn model in a real browser: after a backtest and a scoring of the demo company, the Churn model page shows
// the backtest table, a drawn reliability diagram and deciles, and the accounts most at risk with their reasons;
// the riskiest account's page shows its risk panel.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { TRAINERS } from '../../src/core/predict/index.ts';
import { runBacktest } from '../../src/services/churn/backtest.ts';
import { scoreChurnRisk } from '../../src/services/churn/risk.ts';
import {
  drawnCharts,
  newPage,
  screenshot,
  signIn,
  startDashboard,
  tableRows,
  type Dashboard,
} from '../helpers/browser.ts';

describe('churn model page in a browser', () => {
  let dashboard: Dashboard;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    dashboard = await startDashboard({ accounts: 80 });
    await runBacktest({ ctx: dashboard.ctx, months: 3 });
    await scoreChurnRisk({ ctx: dashboard.ctx });
    page = await newPage(dashboard);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page, dashboard, '/health/model');
  });
  after(async () => {
    await dashboard.close();
  });

  it('shows the backtest, the reliability diagram, deciles and the accounts most at risk with reasons', async () => {
    const results = await tableRows(page, 'Backtest results');
    assert.deepEqual(
      results.map((r) => r[0]),
      [...TRAINERS.map((t) => t.name), 'health_score', 'adoption_level', 'usage_declining'],
    );
    const charts = await drawnCharts(page, 2);
    assert.deepEqual(
      charts.map((c) => c.label),
      ['Reliability diagram', 'Churn by risk decile'],
    );
    for (const chart of charts) assert.ok(chart.points > 0 && chart.paintedPixels > 300, JSON.stringify(chart));
    const risk = await tableRows(page, 'Accounts most at risk');
    assert.ok(risk.length > 10);
    assert.ok(
      risk.every((r) => /%$/.test(r[1] ?? '') && (r[4] ?? '').length > 0),
      JSON.stringify(risk[0]),
    );
    await screenshot(page, 'churn-model');
    await page.getByRole('table', { name: 'Accounts most at risk' }).locator('tbody tr').first().click();
    await page.getByTestId('account-risk').waitFor();
    assert.ok((await page.getByTestId('risk-reasons').locator('li').count()) > 0);
    assert.deepEqual(pageErrors, []);
  });
});
