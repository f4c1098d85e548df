// The admin pages in a real browser: add a webhook endpoint (its secret shown once), send a test event that shows
// in the delivery log, and find its delivery job on the Jobs page with a retry button.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { newPage, screenshot, signIn, startDashboard, type Dashboard } from '../helpers/browser.ts';

describe('jobs and webhooks pages', () => {
  let dashboard: Dashboard;
  let page: Page;
  before(async () => {
    dashboard = await startDashboard({ accounts: 20 });
    page = await newPage(dashboard);
  });
  after(async () => {
    await dashboard.close();
  });

  it('adds an endpoint, shows its secret once, and logs a test delivery', async () => {
    await signIn(page, dashboard, '/webhooks');
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    await page.getByLabel('URL').fill('http://127.0.0.1:9/hooks/tenure');
    await page.getByLabel('webhook.test').check();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = await page.getByTestId('webhook-secret').textContent();
    assert.match(secret ?? '', /^whsec_/);
    await page.getByRole('button', { name: 'Send test' }).click();
    await page.getByRole('table', { name: 'Webhook deliveries' }).getByText('webhook.test').waitFor();
    await screenshot(page, 'webhooks');
  });

  it('lists the delivery job with its state, attempts and a retry button', async () => {
    await page.getByRole('link', { name: 'Jobs' }).click();
    const table = page.getByRole('table', { name: 'Jobs' });
    const row = table.getByRole('row').filter({ hasText: 'webhook.deliver' });
    await row.first().waitFor();
    assert.match((await row.first().textContent()) ?? '', /queued|running|done/);
    assert.ok((await row.first().getByRole('button').count()) <= 1);
    await screenshot(page, 'jobs');
  });
});
