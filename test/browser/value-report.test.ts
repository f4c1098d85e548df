// The value report on the account page of the demo: key figures as the API computes them (the demo's value metrics
// among them), a share link created and opened by someone not signed in, under the shared page's own CSP, listed with
// its opens and revoked, after which it opens nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_VALUE_METRICS } from '../../src/services/demo-value.ts';
import { valueReport } from '../../src/services/value/report.ts';
import { newPage, screenshot, signIn, startDashboard, type Dashboard } from '../helpers/browser.ts';

describe('value report in the dashboard', () => {
  let dashboard: Dashboard;
  let page: Page;
  let accountId: number;
  let sharedPath = '';
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
    for (const m of DEMO_VALUE_METRICS) assert.ok(text.includes(m.name), `${m.name} in ${text}`);
    await screenshot(page, '70-account-value');
    await page.getByRole('button', { name: 'Create share link' }).click();
    const link = await page.getByLabel('Share link', { exact: true }).inputValue();
    assert.match(link, /\/r\/[\w-]+\.[\w-]+$/);
    const stranger = await newPage(dashboard, { enforceCsp: true });
    sharedPath = new URL(link).pathname;
    const response = await stranger.goto(sharedPath);
    assert.equal(response?.status(), 200);
    await stranger.getByRole('heading', { name: `Value report: ${model.account.name}` }).waitFor();
    assert.equal(await stranger.locator('a, script, form').count(), 0);
    await screenshot(stranger, '71-shared-value-report');
  });

  it('lists the link with its opens, and revokes it: the stranger then sees it withdrawn', async () => {
    await page.reload();
    const table = page.getByRole('table', { name: 'Share links' });
    await table.waitFor();
    const row = table.locator('tbody tr').first();
    // Made, period, expires, opens (the stranger's one visit), last opened, status.
    assert.equal(await row.locator('td').nth(3).textContent(), '1');
    assert.equal(await row.locator('td').nth(5).textContent(), 'Active');
    const link = await page.evaluate(async (id) => {
      const r = await fetch(`/api/v1/accounts/${id}/value-report/links`);
      return ((await r.json()) as { items: { id: number }[] }).items[0]?.id;
    }, accountId);
    await screenshot(page, '73-value-share-links');
    await row.getByRole('button', { name: `Revoke link ${link}` }).click();
    await row.getByText('Withdrawn').waitFor();
    assert.equal(await row.getByRole('button').count(), 0);
    const opened = await dashboard.ctx.store.query<{ revoked_at: unknown }>(
      `SELECT revoked_at FROM value_report_links WHERE id = $1`,
      [link],
    );
    assert.ok(opened[0]?.revoked_at, 'revoked in the store');
    const stranger = await newPage(dashboard, { enforceCsp: true });
    const response = await stranger.goto(sharedPath);
    assert.equal(response?.status(), 410);
    await stranger.getByRole('heading', { name: 'This link has been withdrawn' }).waitFor();
  });

  it('lets an admin define a value metric that the report of the account then shows', async () => {
    await page.getByRole('link', { name: 'Value reports' }).click();
    const form = page.getByRole('form', { name: 'Add a value metric' });
    await form.getByLabel('Name').fill('Hours saved');
    await form.getByLabel('Feature').selectOption({ index: 1 });
    await form.getByLabel('Multiplier').fill('0.5');
    await form.getByLabel('Unit').fill('h');
    await form.getByRole('button', { name: 'Add' }).click();
    await page.getByRole('table', { name: 'Value metrics' }).getByText('Hours saved', { exact: true }).waitFor();
    await screenshot(page, '72-value-metrics');
    await page.goto(`/accounts/${accountId}`);
    await page.getByTestId('value-kpis').getByText('Hours saved', { exact: true }).waitFor();
  });
});
