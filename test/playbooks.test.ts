// Playbooks on each engine: the usage_declining playbook gives each declining account's owner one task in one jobs
// run, none twice, and closes it when usage recovers; a rule that would create 10,000 tasks pauses and says so;
// imports are all or nothing with errors naming the field path; steps (wait, email, webhook, set_field) and tasks.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { JOB_KINDS } from '../src/jobs/kinds.ts';
import { createRunner } from '../src/jobs/runner.ts';
import { adoptionReport } from '../src/services/adoption.ts';
import type { ServiceContext } from '../src/services/context.ts';
import { InputError } from '../src/services/errors.ts';
import { evaluatePlaybooks } from '../src/services/playbooks/evaluate.ts';
import { importPlaybooks, listPlaybooks, playbookRuns, setPlaybookState } from '../src/services/playbooks/playbooks.ts';
import { changeTask, commentOnTask, listTasks, setManager } from '../src/services/playbooks/tasks.ts';
import { addEndpoint } from '../src/services/webhooks/endpoints.ts';
import type { Queryable, Store } from '../src/store/types.ts';
import { addAccount, addPeriod, addUsage } from './helpers/adoption.ts';
import { engines, testContext } from './helpers/store.ts';

const AS_OF = '2026-03-31';
const PREVIOUS_DAY = '2026-02-20'; // in the 4 weeks before the last 4
const RECENT_DAY = '2026-03-25'; // in the last 4 weeks

const PLAYBOOK = {
  name: 'Usage declining: call the champion',
  trigger: { signal: 'usage_declining' },
  steps: [{ type: 'task', assignee: 'owner', title: 'Call the champion about falling usage', due_in_days: 3 }],
};

async function addUser(db: Queryable, email: string, name: string): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, 'csm', 'x') RETURNING id`,
    [email, name],
  );
  return row!.id;
}

/** An account paying since 2025 with `users` active before the last 4 weeks and `recent` of them since. */
async function account(store: Store, id: string, owner: string | undefined, users: number, recent: number) {
  const accountId = await addAccount(store, id, `Account ${id}`, owner ? { ownerCsm: owner } : {});
  await addPeriod(store, accountId, { id: `s-${id}`, start: '2025-01-01', mrrMinor: 10_000, plan: 'Basic' });
  const rows = [];
  for (let u = 1; u <= users; u++) rows.push({ accountId, day: PREVIOUS_DAY, user: `u${u}`, feature: 'event:Login' });
  for (let u = 1; u <= recent; u++) rows.push({ accountId, day: RECENT_DAY, user: `u${u}`, feature: 'event:Login' });
  await addUsage(store, rows);
  return accountId;
}

const importJson = (ctx: ServiceContext, value: unknown, file = 'playbooks.json') =>
  importPlaybooks({ ctx, text: JSON.stringify(value), file });

for (const engine of engines()) {
  describe(`playbooks (${engine.name})`, () => {
    let store: Store;
    let ctx: ServiceContext;
    let clock = Date.parse(`${AS_OF}T09:00:00Z`);
    before(async () => {
      store = await engine.open();
      ctx = { ...testContext(store), now: () => new Date(clock) };
    });
    after(async () => {
      await store.close();
    });

    it('creates one task for the owner of each declining account in one jobs run, none twice, and closes it on recovery', async () => {
      await addUser(store, 'dana@example.com', 'Dana');
      await addUser(store, 'lee@example.com', 'Lee');
      await account(store, 'ACME', 'Dana', 5, 1);
      await account(store, 'BIRCH', 'lee@example.com', 4, 2);
      await account(store, 'CEDAR', 'Dana', 4, 4); // steady
      await account(store, 'DUNE', 'Someone Else', 6, 0); // declining, owner not a Tenure user
      await addEndpoint({ ctx, url: 'https://hooks.example.com/tenure', events: ['task.created', 'task.completed'] });

      const declining = (await adoptionReport({ ctx, asOf: AS_OF })).rows
        .filter((r) => r.trend.declining)
        .map((r) => r.externalId)
        .sort();
      assert.deepEqual(declining, ['ACME', 'BIRCH', 'DUNE']);

      await importJson(ctx, PLAYBOOK);
      const runner = createRunner({ ctx, kinds: JOB_KINDS });
      await runner.runDue();
      const evaluations = await store.query<{ state: string }>(
        `SELECT state FROM jobs WHERE kind = 'playbooks.evaluate'`,
      );
      assert.deepEqual(
        evaluations.map((j) => j.state),
        ['done'],
        'one evaluation job ran (queued by the import)',
      );
      let tasks = await listTasks({ ctx, query: {} });
      assert.deepEqual(tasks.map((t) => [t.accountId, t.assignee, t.status, t.dueDate, t.playbook]).sort(), [
        ['ACME', 'dana@example.com', 'open', '2026-04-03', PLAYBOOK.name],
        ['BIRCH', 'lee@example.com', 'open', '2026-04-03', PLAYBOOK.name],
      ]);
      const [run] = (await playbookRuns({ ctx, playbook: PLAYBOOK.name })).runs;
      assert.equal(run?.matched, 3);
      assert.equal(run?.created, 2);
      assert.equal(run?.skipped, 1);
      assert.match(
        run?.log.map((l) => l.message).join('\n') ?? '',
        /owner "Someone Else" is not an active Tenure user.*DUNE/,
      );
      const events = await store.query<{ type: string; body: string }>(
        `SELECT type, body FROM webhook_events ORDER BY id`,
      );
      assert.deepEqual(
        events.map((e) => e.type),
        ['task.created', 'task.created'],
      );

      // The next scheduled run (5 minutes on) matches the same accounts and creates nothing.
      await runner.ensureSchedules();
      clock += 5 * 60_000;
      await runner.runDue();
      tasks = await listTasks({ ctx, query: {} });
      assert.equal(tasks.length, 2);
      const runs = (await playbookRuns({ ctx, playbook: PLAYBOOK.name })).runs;
      assert.equal(runs.length, 2);
      assert.equal(runs[0]?.created, 0);
      assert.equal(runs[0]?.matched, 3);

      // ACME's users come back: its task closes by itself; BIRCH's stays open.
      const acme = await store.query<{ id: number }>(`SELECT id FROM accounts WHERE external_id = 'ACME'`);
      await addUsage(
        store,
        ['u2', 'u3', 'u4', 'u5'].map((user) => ({
          accountId: acme[0]!.id,
          day: RECENT_DAY,
          user,
          feature: 'event:Login',
        })),
      );
      clock += 5 * 60_000;
      await runner.runDue();
      tasks = await listTasks({ ctx, query: {} });
      assert.deepEqual(tasks.map((t) => [t.accountId, t.status]).sort(), [
        ['ACME', 'closed_auto'],
        ['BIRCH', 'open'],
      ]);
      assert.equal((await playbookRuns({ ctx, playbook: PLAYBOOK.name })).runs[0]?.closed, 1);
    });

    it('keeps tasks per owner, completes, snoozes and comments, and raises task.completed', async () => {
      const [birch] = await listTasks({ ctx, query: { owner: 'LEE@example.com', status: 'open' } });
      assert.equal(birch?.accountId, 'BIRCH');
      const snoozed = await changeTask({ ctx, id: birch.id, change: { action: 'snooze', until: '2026-04-02' } });
      assert.equal(snoozed.status, 'snoozed');
      await assert.rejects(
        changeTask({ ctx, id: birch.id, change: { action: 'snooze', until: '2026-03-01' } }),
        /after today/,
      );
      // The snooze day comes: the evaluation opens it again.
      clock = Date.parse('2026-04-02T08:00:00Z');
      await evaluatePlaybooks({ ctx });
      assert.equal((await listTasks({ ctx, query: { account: 'BIRCH' } }))[0]?.status, 'open');
      clock = Date.parse(`${AS_OF}T10:00:00Z`);
      const commented = await commentOnTask({ ctx, id: birch.id, body: 'Left a voicemail' });
      assert.deepEqual(
        commented.comments.map((c) => c.body),
        ['Left a voicemail'],
      );
      const done = await changeTask({ ctx, id: birch.id, change: { action: 'complete' } });
      assert.equal(done.status, 'done');
      await assert.rejects(
        changeTask({ ctx, id: birch.id, change: { action: 'complete' } }),
        /only an open or snoozed/,
      );
      const [completed] = await store.query<{ body: string }>(
        `SELECT body FROM webhook_events WHERE type = 'task.completed'`,
      );
      const body = JSON.parse(completed?.body ?? '{}') as { data?: { accountId?: string } };
      assert.equal(body.data?.accountId, 'BIRCH');
      // BIRCH still declines, but its one task for this playbook was done: no new task while it stays declining.
      const results = await evaluatePlaybooks({ ctx });
      assert.equal(results[0]?.created, 0);
    });

    it('refuses a bad file naming the field path, and writes nothing from it', async () => {
      const before = await listPlaybooks({ ctx });
      const bad = [
        { ...PLAYBOOK, name: 'Fine one' },
        { ...PLAYBOOK, name: 'Broken', steps: [{ type: 'task', assignee: 'owner', title: 'x', due_in_days: -2 }] },
      ];
      await assert.rejects(importJson(ctx, bad, 'two.json'), (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.match(error.message, /two\.json: field "\[1\]\.steps\[0\]\.due_in_days" expected a whole number from 0/);
        return true;
      });
      await assert.rejects(
        importJson(ctx, { ...PLAYBOOK, trigger: { signal: 'moon_phase' } }),
        /field "trigger\.signal" expected one of usage_declining/,
      );
      await assert.rejects(
        importJson(ctx, { ...PLAYBOOK, steps: [{ type: 'task', assignee: 'nobody@example.com', title: 'x' }] }),
        /steps\[0\]\.assignee/,
      );
      await assert.rejects(
        importJson(ctx, { ...PLAYBOOK, trigger: { signal: 'renewal_within', dayz: 3 } }),
        /trigger\.dayz/,
      );
      assert.deepEqual(await listPlaybooks({ ctx }), before);
    });

    it("runs wait, email (not configured), webhook and set_field steps, and assigns to the owner's manager", async () => {
      await addUser(store, 'mo@example.com', 'Mo');
      await setManager({ ctx, user: 'dana@example.com', manager: 'mo@example.com' });
      await store.execute(`UPDATE accounts SET segment = 'Enterprise' WHERE external_id = 'CEDAR'`);
      await importJson(ctx, {
        name: 'Enterprise welcome',
        trigger: { signal: 'segment', segment: 'Enterprise' },
        steps: [
          { type: 'set_field', field: 'attributes.welcome', value: 'started' },
          { type: 'email', to: 'owner', subject: 'Welcome', body: 'Hello' },
          { type: 'wait', days: 2 },
          { type: 'task', assignee: 'owner_manager', title: 'Executive sponsor call', checklist: ['Agenda', 'Notes'] },
        ],
      });
      const [pb] = (await listPlaybooks({ ctx })).filter((p) => p.name === 'Enterprise welcome');
      let [result] = await evaluatePlaybooks({ ctx, ids: [pb!.id] });
      assert.equal(result?.created, 0, 'waits two days first');
      const log = (await playbookRuns({ ctx, playbook: pb!.id })).runs[0]?.log.map((l) => l.message).join('\n');
      assert.match(
        log ?? '',
        /email "Welcome" not sent: email is not configured \(set TENURE_SMTP_URL\): 1 account\(s\) \(CEDAR\)/,
      );
      const [attrs] = await store.query<{ attributes: { welcome?: string } }>(
        `SELECT attributes FROM accounts WHERE external_id = 'CEDAR'`,
      );
      assert.equal(attrs?.attributes.welcome, 'started');
      clock += 2 * 86_400_000;
      [result] = await evaluatePlaybooks({ ctx, ids: [pb!.id] });
      assert.equal(result?.created, 1);
      const [task] = await listTasks({ ctx, query: { account: 'CEDAR', status: 'open' } });
      assert.equal(task?.assignee, 'mo@example.com');
      assert.deepEqual(task?.checklist, [
        { item: 'Agenda', done: false },
        { item: 'Notes', done: false },
      ]);
      assert.equal((await listTasks({ ctx, query: { team: 'mo@example.com' } })).length >= 1, true);
      await setPlaybookState({ ctx, playbook: 'Enterprise welcome', state: 'paused' });
      assert.equal((await evaluatePlaybooks({ ctx, ids: [pb!.id] })).length, 0, 'a paused playbook is not evaluated');
    });
  });

  describe(`playbook task cap (${engine.name})`, () => {
    let store: Store;
    before(async () => {
      store = await engine.open();
    });
    after(async () => {
      await store.close();
    });

    it('pauses a rule that would create 10,000 tasks, creates none and says so', async () => {
      const ctx = { ...testContext(store), now: () => new Date(`${AS_OF}T09:00:00Z`) };
      await addUser(store, 'dana@example.com', 'Dana');
      await store.execute(
        `INSERT INTO accounts (external_id, name, owner_csm, source)
         SELECT 'D' || g, 'Declining ' || g, 'Dana', 'test' FROM generate_series(1, 10000) g`,
      );
      await store.execute(
        `INSERT INTO subscription_periods (subscription_external_id, account_id, start_on, monthly_amount_minor, currency, plan, source)
         SELECT 's-' || id, id, '2025-01-01', 1000, 'USD', 'Basic', 'test' FROM accounts`,
      );
      await store.execute(
        `INSERT INTO usage_daily (account_id, day, user_key, feature, events)
         SELECT a.id, $1::date, 'u' || u, 'event:Login', 1 FROM accounts a, generate_series(1, 3) u`,
        [PREVIOUS_DAY],
      );
      await importJson(ctx, PLAYBOOK);
      const [result] = await evaluatePlaybooks({ ctx });
      assert.equal(result?.outcome, 'paused');
      assert.equal(result?.matched, 10_000);
      const [count] = await store.query<{ n: number }>(`SELECT count(*) AS n FROM tasks`);
      assert.equal(Number(count?.n), 0);
      const [pb] = await listPlaybooks({ ctx });
      assert.equal(pb?.state, 'paused');
      assert.equal(pb?.pausedReason, 'would create 10000 tasks, more than its cap of 500 (max_new_tasks)');
      assert.match(pb?.lastRun?.log[0]?.message ?? '', /^paused: would create 10000 tasks/);
      assert.deepEqual(await evaluatePlaybooks({ ctx }), [], 'stays paused');
    });
  });
}
