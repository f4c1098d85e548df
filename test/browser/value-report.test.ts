// The value report on the account page of the demo: key figures as the API computes them, a share link created
// and opened by someone not signed in, under the shared page's own CSP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { valueReport } from '../../src/services/value/report.ts';
import { newPage, screenshot, signIn, startDashboard, type Dashboard } from '../helpers/browser.ts';

describe('value report in the dashboard', () => {
  let dashboard: Dashboard;
  let page: Page;
  let accountId: number;
  before(async () => {
    dashboard = await startDashboard({ accounts: 20 });
    const [row] = await dashboard.ctx.store.query<{ id: number }>(
      `SELECT account_id AS id FROM usage_daily GROUP BY account_id ORDER BY count(*) DESC LIMIT 1`,
    );
    accountId = row?.id ?? 1;
    page = await newPage(dashboard);
    await signIn(page, dashboard, `/accounts/${accountId}`);
  });
  after(() => dashboard.close());

  it('shows the key figures and shares a link that opens without signing in', async () => {
    const model = await valueReport({ ctx: dashboard.ctx, accountId });
    const kpis = page.getByTestId('value-kpis');
    await kpis.waitFor();
    const text = (await kpis.textContent()) ?? '';
    assert.ok(text.includes(`${model.usage.activeUsersStart} → ${model.usage.activeUsersEnd}`), text);
    assert.ok(text.includes(`${model.usage.milestonesCompleted} of ${model.usage.milestonesTotal}`), text);
    await screenshot(page, '70-account-value');
    await page.getByRole('button', { name: 'Create share link' }).click();
    const link = await page.getByLabel('Share link').inputValue();
    assert.match(link, /\/r\/[\w-]+\.[\w-]+$/);
    const stranger = await newPage(dashboard, { enforceCsp: true });
    const response = await stranger.goto(new URL(link).pathname);
    assert.equal(response?.status(), 200);
    await stranger.getByRole('heading', { name: `Value report: ${model.account.name}` }).waitFor();
    assert.equal(await stranger.locator('a, script, form').count(), 0);
    await screenshot(stranger, '71-shared-value-report');
  });

  it('lets an admin define a value metric that the report of the account then shows', async () => {
    await page.getByRole('link', { name: 'Value reports' }).click();
    const form = page.getByRole('form', { name: 'Add a value metric' });
    await form.getByLabel('Name').fill('Hours saved');
    await form.getByLabel('Feature').selectOption({ index: 1 });
    await form.getByLabel('Multiplier').fill('0.5');
    await form.getByLabel('Unit').fill('h');
    await form.getByRole('button', { name: 'Add' }).click();
    await page.getByRole('table', { name: 'Value metrics' }).getByText('Hours saved').waitFor();
    await screenshot(page, '72-value-metrics');
    await page.goto(`/accounts/${accountId}`);
    await page.getByTestId('value-kpis').getByText('Hours saved').waitFor();
  });
});
