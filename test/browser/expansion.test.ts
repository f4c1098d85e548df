// The Expansion page in a real browser: after a backtest and a scoring of the demo company, it shows the pipeline
// per CSM, the candidates with their move and MRR (narrowed to one owner on request), and the backtest of the
// model against seat utilization alone; a candidate's account page shows its propensity and move.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { TRAINERS } from '../../src/core/predict/index.ts';
import { runExpansionBacktest } from '../../src/services/expansion/backtest.ts';
import { scoreExpansion } from '../../src/services/expansion/score.ts';
import { newPage, screenshot, signIn, startDashboard, tableRows, type Dashboard } from '../helpers/browser.ts';

describe('expansion page in a browser', () => {
  let dashboard: Dashboard;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    dashboard = await startDashboard({ accounts: 80 });
    await runExpansionBacktest({ ctx: dashboard.ctx, months: 3 });
    await scoreExpansion({ ctx: dashboard.ctx });
    page = await newPage(dashboard);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page, dashboard, '/expansion');
  });
  after(async () => {
    await dashboard.close();
  });

  it('shows the pipeline per owner, the candidates with move and MRR, and the backtest against seats', async () => {
    const results = await tableRows(page, 'Expansion backtest results');
    assert.deepEqual(
      results.map((r) => r[0]),
      [...TRAINERS.map((t) => t.name), 'seat_utilization'],
    );
    await page.getByTestId('expansion-verdict').waitFor();
    const owners = await tableRows(page, 'Expansion pipeline per owner');
    assert.ok(owners.length > 1, JSON.stringify(owners));
    const candidates = await tableRows(page, 'Expansion candidates');
    assert.ok(candidates.length > 5);
    assert.ok(
      candidates.every((r) => /%$/.test(r[2] ?? '') && /add|upgrade/.test(r[3] ?? '') && (r[5] ?? '').length > 0),
      JSON.stringify(candidates[0]),
    );
    const owner = owners.find((r) => r[0] !== '(no owner)')?.[0] ?? '';
    await page.locator('select[name="owner"]').selectOption(owner);
    const table = page.getByRole('table', { name: 'Expansion candidates' });
    // The narrowed list replaces the full one: every first cell names the chosen owner.
    await table.locator('tbody tr td:first-child').filter({ hasNotText: owner }).first().waitFor({ state: 'detached' });
    const narrowed = await tableRows(page, 'Expansion candidates');
    assert.ok(narrowed.length > 0 && narrowed.every((r) => r[0] === owner), JSON.stringify(narrowed));
    await screenshot(page, 'expansion');
    // The account page carries the propensity, the move and the reasons.
    await table.locator('tbody tr').first().click();
    await page.getByTestId('account-expansion').waitFor();
    assert.ok((await page.getByTestId('expansion-reasons').locator('li').count()) > 0);
    assert.deepEqual(pageErrors, []);
  });
});
