// The workflow API: playbooks imported, listed, paused and resumed with their run log; a CSM's inbox (mine, team,
// due) with states, checklist and comments; bad input a 400 naming the field, unknown ids a 404.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type {
  PlaybookListView,
  PlaybookView,
  TaskListView,
  TaskWithCommentsView,
} from '../../src/contract/workflow.ts';
import type { TimelineView } from '../../src/contract/timeline.ts';
import { openStore } from '../../src/store/open.ts';
import type { AccountsPage } from '../../src/contract/accounts.ts';
import { addAccount, addPeriod } from '../helpers/adoption.ts';
import { bearer, signIn, testApp, type TestApp } from '../helpers/http.ts';

describe('workflow over HTTP', () => {
  let t: TestApp;
  let csm: { cookie: string; csrfToken: string };
  let admin: { cookie: string; csrfToken: string };
  before(async () => {
    t = await testApp(await openStore({ memory: true }));
    csm = await signIn(t.app, 'csm');
    admin = await signIn(t.app, 'admin');
    await t.ctx.store
      .execute(`UPDATE users SET manager_user_id = (SELECT id FROM users WHERE email = 'admin@example.com')
                                WHERE email = 'csm@example.com'`);
  });
  after(async () => {
    await t.close();
    await t.ctx.store.close();
  });
  const as = (who: { cookie: string; csrfToken: string }) => ({ cookie: who.cookie, 'x-csrf-token': who.csrfToken });

  it('imports playbooks (a bad one is a 422 naming the field path), lists them, pauses and resumes', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/playbooks',
      headers: as(csm),
      payload: { name: 'x', trigger: { signal: 'renewal_within', days: 0 }, steps: [{ type: 'wait', days: 1 }] },
    });
    assert.equal(bad.statusCode, 422, bad.body);
    assert.match(bad.body, /trigger\.days/);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/playbooks',
      headers: as(csm),
      payload: {
        name: 'Renewal prep',
        trigger: { signal: 'renewal_within', days: 90 },
        steps: [{ type: 'task', assignee: 'owner', title: 'Prepare the renewal', due_in_days: 14 }],
      },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json(), { created: ['Renewal prep'], updated: [] });
    const list = (
      await t.app.inject({ url: '/api/v1/playbooks', headers: bearer(t.keys.read) })
    ).json<PlaybookListView>();
    assert.equal(list.items[0]?.signal, 'renewal_within');
    assert.ok(list.triggers.some((tr) => tr.signal === 'usage_declining'));
    const id = list.items[0]?.id ?? 0;
    const paused = await t.app.inject({
      method: 'POST',
      url: `/api/v1/playbooks/${id}/state`,
      headers: as(csm),
      payload: { state: 'paused' },
    });
    assert.equal(paused.json<PlaybookView>().state, 'paused');
    assert.match(paused.json<PlaybookView>().pausedReason ?? '', /paused by csm@example.com/);
    const runs = await t.app.inject({ url: `/api/v1/playbooks/runs?playbookId=${id}`, headers: as(csm) });
    assert.equal(runs.statusCode, 200, runs.body);
    const missing = await t.app.inject({ url: '/api/v1/playbooks/runs?playbookId=999999', headers: as(csm) });
    assert.equal(missing.statusCode, 404);
  });

  it("gives a CSM their inbox and their manager the team's; tasks are completed, snoozed and commented", async () => {
    const [account] = await t.ctx.store.query<{ external_id: string }>(
      `SELECT external_id FROM accounts ORDER BY id LIMIT 1`,
    );
    const accountId = account?.external_id ?? '';
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tasks',
      headers: as(admin),
      payload: { accountId, title: 'Kick-off call', assignee: 'csm@example.com', dueDate: '2020-01-01' },
    });
    assert.equal(created.statusCode, 201, created.body);
    const task = created.json<TaskWithCommentsView>();
    const mine = (
      await t.app.inject({ url: '/api/v1/tasks?view=mine&due=overdue', headers: as(csm) })
    ).json<TaskListView>();
    assert.deepEqual(
      mine.items.map((x) => [x.title, x.overdue]),
      [['Kick-off call', true]],
    );
    const adminsOwn = (await t.app.inject({ url: '/api/v1/tasks?view=mine', headers: as(admin) })).json<TaskListView>();
    assert.equal(adminsOwn.total, 0);
    const team = (await t.app.inject({ url: '/api/v1/tasks?view=team', headers: as(admin) })).json<TaskListView>();
    assert.equal(team.total, 1, 'the manager sees their report’s task');
    const keyMine = await t.app.inject({ url: '/api/v1/tasks?view=mine', headers: bearer(t.keys.read) });
    assert.equal(keyMine.statusCode, 400);

    const noUntil = await t.app.inject({
      method: 'POST',
      url: `/api/v1/tasks/${task.id}/status`,
      headers: as(csm),
      payload: { status: 'snoozed' },
    });
    assert.equal(noUntil.statusCode, 400);
    const snoozed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/tasks/${task.id}/status`,
      headers: as(csm),
      payload: { status: 'snoozed', until: '2099-01-01' },
    });
    assert.equal(snoozed.json<TaskWithCommentsView>().status, 'snoozed');
    const comment = await t.app.inject({
      method: 'POST',
      url: `/api/v1/tasks/${task.id}/comments`,
      headers: as(csm),
      payload: { body: 'Waiting for **their** CFO' },
    });
    assert.equal(comment.json<TaskWithCommentsView>().comments[0]?.author, 'csm@example.com');
    const done = await t.app.inject({
      method: 'POST',
      url: `/api/v1/tasks/${task.id}/status`,
      headers: as(csm),
      payload: { status: 'done' },
    });
    assert.equal(done.json<TaskWithCommentsView>().status, 'done');
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/v1/tasks/${task.id}/status`,
      headers: as(csm),
      payload: { status: 'done' },
    });
    assert.equal(again.statusCode, 400);
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tasks/999999/comments',
      headers: as(csm),
      payload: { body: 'x' },
    });
    assert.equal(missing.statusCode, 404);
    const viewer = await t.app.inject({
      method: 'POST',
      url: `/api/v1/tasks/${task.id}/comments`,
      headers: bearer(t.keys.read),
      payload: { body: 'x' },
    });
    assert.equal(viewer.statusCode, 403);
  });

  it('shows the coverage tier in the accounts list and the task inbox', async () => {
    const id = await addAccount(t.ctx.store, 'TIERED', 'Tiered Co', { ownerCsm: 'csm@example.com' });
    await addPeriod(t.ctx.store, id, { id: 's-tiered', start: '2025-01-01', mrrMinor: 600_000, plan: 'Pro' });
    const tiers = [
      { key: 'high-touch', name: 'High-touch', rules: { min_arr_minor: 6_000_000 } },
      { key: 'tech-touch', name: 'Tech-touch', rules: {} },
    ];
    const put = await t.app.inject({ method: 'PUT', url: '/api/v1/tiers', headers: as(admin), payload: tiers });
    assert.equal(put.statusCode, 200, put.body);
    const list = await t.app.inject({ url: '/api/v1/accounts?q=TIERED', headers: bearer(t.keys.read) });
    assert.equal(list.statusCode, 200, list.body);
    const [item] = list.json<AccountsPage>().items;
    assert.deepEqual([item?.externalId, item?.tier, item?.tierName], ['TIERED', 'high-touch', 'High-touch']);
    const churned = await t.app.inject({
      url: '/api/v1/accounts?status=churned&limit=1',
      headers: bearer(t.keys.read),
    });
    assert.equal(churned.json<AccountsPage>().items[0]?.tier, null, 'a churned account has no tier');
    const task = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tasks',
      headers: as(csm),
      payload: { accountId: 'TIERED', title: 'Plan the business review', assignee: 'csm@example.com' },
    });
    assert.equal(task.statusCode, 201, task.body);
    const inbox = await t.app.inject({ url: '/api/v1/tasks?account=TIERED', headers: as(csm) });
    assert.deepEqual(
      inbox.json<TaskListView>().items.map((i) => [i.title, i.tier]),
      [['Plan the business review', 'high-touch']],
    );
  });

  it('merges notes, tasks, movements, survey answers, renewals and usage in one filterable timeline', async () => {
    const [account] = await t.ctx.store.query<{ id: number }>(`SELECT id FROM accounts ORDER BY id LIMIT 1`);
    const id = account?.id ?? 0;
    await t.ctx.store.execute(
      `INSERT INTO contracts (contract_id, account_id, start_on, end_on, arr_minor, currency, source)
       VALUES ('C-1', $1, '2025-01-01', '2026-01-01', 120000, 'USD', 'test')`,
      [id],
    );
    await t.ctx.store.execute(`INSERT INTO surveys (name, kind) VALUES ('Q1 NPS', 'nps')`);
    await t.ctx.store.execute(
      `INSERT INTO survey_responses (response_id, survey_id, kind, score, comment, responded_at, account_id, source)
       SELECT 'r1', id, 'nps', 4, 'Too slow', '2025-06-01T10:00:00Z', $1, 'test' FROM surveys`,
      [id],
    );
    await t.ctx.store.execute(
      `INSERT INTO usage_daily (account_id, day, user_key, feature, events) VALUES ($1, CURRENT_DATE - 1, 'u1', 'event:Login', 3)`,
      [id],
    );
    const note = await t.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${id}/notes`,
      headers: as(csm),
      payload: { body: 'Met the **CFO** <script>alert(1)</script>' },
    });
    assert.equal(note.statusCode, 201, note.body);
    const all = await t.app.inject({ url: `/api/v1/accounts/${id}/timeline`, headers: bearer(t.keys.read) });
    assert.equal(all.statusCode, 200, all.body);
    const entries = all.json<TimelineView>().entries;
    const kinds = new Set(entries.map((e) => e.kind));
    for (const kind of ['note', 'task', 'movement', 'survey', 'renewal', 'usage'])
      assert.ok(kinds.has(kind as never), kind);
    const sorted = [...entries].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
    assert.deepEqual(
      entries.map((e) => e.at),
      sorted.map((e) => e.at),
      'newest first',
    );
    assert.equal(entries.find((e) => e.kind === 'note')?.markdown, 'Met the **CFO** <script>alert(1)</script>');
    assert.equal(entries.find((e) => e.kind === 'survey')?.score, 4);
    const renewal = entries.find((e) => e.id.endsWith(':due'));
    assert.deepEqual([renewal?.at, renewal?.amountMinor], ['2026-01-01', 120000]);

    const notesOnly = await t.app.inject({
      url: `/api/v1/accounts/${id}/timeline?kinds=note,survey&from=2025-01-01`,
      headers: bearer(t.keys.read),
    });
    assert.deepEqual([...new Set(notesOnly.json<TimelineView>().entries.map((e) => e.kind))].sort(), [
      'note',
      'survey',
    ]);
    const bad = await t.app.inject({
      url: `/api/v1/accounts/${id}/timeline?kinds=note,gossip`,
      headers: bearer(t.keys.read),
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /gossip/);
    const missing = await t.app.inject({ url: '/api/v1/accounts/999999/timeline', headers: bearer(t.keys.read) });
    assert.equal(missing.statusCode, 404);
  });
});
