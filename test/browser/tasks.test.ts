// The task inbox in the browser: mine and my team's, due filters, complete, snooze and comment; the account
// timeline shows a Markdown note as formatted text, never as markup that runs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createTask } from '../../src/services/playbooks/tasks.ts';
import { setManager } from '../../src/services/playbooks/tasks.ts';
import { createUser } from '../../src/services/users.ts';
import { newPage, screenshot, signIn, startDashboard, type Dashboard } from '../helpers/browser.ts';

describe('task inbox in the dashboard', () => {
  let dashboard: Dashboard;
  let page: Page;
  let accounts: { id: number; external_id: string; name: string }[];
  before(async () => {
    dashboard = await startDashboard({ accounts: 20, usage: false });
    const ctx = dashboard.ctx;
    await createUser({ ctx, email: 'lee@example.com', password: 'another long password', role: 'csm', name: 'Lee' });
    await setManager({ ctx, user: 'lee@example.com', manager: dashboard.email });
    accounts = await ctx.store.query(`SELECT id, external_id, name FROM accounts ORDER BY id LIMIT 2`);
    const [a, b] = accounts;
    await createTask({
      ctx,
      input: {
        accountId: a?.external_id ?? '',
        title: 'Send the QBR deck',
        assignee: dashboard.email,
        dueDate: '2020-01-02',
      },
    });
    await createTask({
      ctx,
      input: {
        accountId: b?.external_id ?? '',
        title: 'Check seat usage',
        assignee: 'lee@example.com',
        dueDate: '2099-01-01',
      },
    });
    page = await newPage(dashboard);
    await signIn(page, dashboard);
  });
  after(() => dashboard.close());

  const titles = async () => page.locator('.task-list .task-head strong').allTextContents();

  it("shows my tasks, my team's, and the overdue ones", async () => {
    await page.getByRole('link', { name: 'Tasks' }).click();
    await page.getByText('Send the QBR deck').waitFor();
    assert.deepEqual(await titles(), ['Send the QBR deck']);
    assert.equal(await page.locator('.task').getByText('Overdue').count(), 1);
    await page.getByRole('button', { name: "My team's" }).click();
    await page.getByText('Check seat usage').waitFor();
    assert.deepEqual((await titles()).sort(), ['Check seat usage', 'Send the QBR deck']);
    await page.getByRole('button', { name: 'Overdue' }).click();
    await page.waitForFunction(`document.querySelectorAll('.task-list .task').length === 1`);
    assert.deepEqual(await titles(), ['Send the QBR deck']);
    await screenshot(page, '40-tasks');
  });

  it('comments on a task, snoozes one and completes the other', async () => {
    await page.getByRole('button', { name: 'Any day' }).click();
    const qbr = page.locator('.task', { hasText: 'Send the QBR deck' });
    await qbr.getByLabel('Comment').fill('Deck drafted, waiting on numbers');
    await qbr.getByRole('button', { name: 'Comment' }).click();
    await qbr.getByText('Deck drafted, waiting on numbers').waitFor();
    const seats = page.locator('.task', { hasText: 'Check seat usage' });
    await seats.getByLabel('Snooze until').fill('2099-02-01');
    await seats.getByRole('button', { name: 'Snooze' }).click();
    await page.waitForFunction(
      `![...document.querySelectorAll('.task-head strong')].some((e) => e.textContent === 'Check seat usage')`,
    );
    await qbr.getByRole('button', { name: 'Complete' }).click();
    await page.waitForFunction(`document.querySelectorAll('.task-list .task').length === 0`);
    await page.getByLabel('Status').selectOption('any');
    await page.locator('.task[data-status="done"]').waitFor();
    await page.locator('.task[data-status="snoozed"]').waitFor();
    const [row] = await dashboard.ctx.store.query<{ status: string }>(
      `SELECT status FROM tasks WHERE title = 'Send the QBR deck'`,
    );
    assert.equal(row?.status, 'done');
  });

  it("adds a Markdown note on the account's timeline, shown formatted and inert", async () => {
    const account = accounts[0];
    await page.goto(`/accounts/${account?.id ?? 0}`);
    await page
      .getByLabel('New note (Markdown)')
      .fill('Met the **CFO**\n- renewal looks safe\n<img src=x onerror="window.hacked=1">');
    await page.getByRole('button', { name: 'Add note' }).click();
    const note = page.locator('.timeline-item[data-kind="note"]').first();
    await note.locator('strong', { hasText: 'CFO' }).waitFor();
    assert.equal(await note.locator('li', { hasText: 'renewal looks safe' }).count(), 1);
    assert.equal(await note.locator('img').count(), 0);
    assert.equal(await page.evaluate('window.hacked'), undefined);
    await page.locator('.timeline-item[data-kind="task"]').first().waitFor();
    await screenshot(page, '41-account-timeline');
  });
});
