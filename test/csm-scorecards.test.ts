import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { csmCsv } from '../src/cli/commands/csm.ts';
import { buildApp } from '../src/http/app.ts';
import { createApiKey } from '../src/services/api-keys.ts';
import type { ServiceContext } from '../src/services/context.ts';
import { importAccounts } from '../src/services/import-accounts.ts';
import { importSubscriptions } from '../src/services/import-subscriptions.ts';
import { setManager } from '../src/services/playbooks/tasks.ts';
import { ownerBook } from '../src/services/scorecards/book.ts';
import { importManagers } from '../src/services/scorecards/managers.ts';
import { csmReport, importTargets, listTargets } from '../src/services/scorecards/scorecards.ts';
import { createUser } from '../src/services/users.ts';
import type { Store } from '../src/store/types.ts';
import { engines, testContext } from './helpers/store.ts';

const ACCOUNTS = 'id,name,owner_csm\nacme,Acme,alice@x.io\nglobex,Globex,bob@x.io\ninitech,Initech,\n';
const SUBSCRIPTIONS =
  'subscription_id,customer_id,start_date,end_date,monthly_amount\n' +
  'a1,acme,2025-01-01,,100\n' +
  'g1,globex,2025-01-01,2025-11-01,500\n' +
  'g2,globex,2025-11-01,,700\n' +
  'i1,initech,2025-06-01,,50\n';

for (const engine of engines()) {
  describe(`CSM scorecards and targets (${engine.name})`, () => {
    let store: Store;
    let ctx: ServiceContext;
    before(async () => {
      store = await engine.open();
      ctx = { ...testContext(store), now: () => new Date('2025-12-31T12:00:00Z') };
      await createUser({ ctx, email: 'alice@x.io', password: 'correct horse battery', role: 'csm', name: 'Alice' });
      await createUser({ ctx, email: 'bob@x.io', password: 'correct horse battery', role: 'csm', name: 'Bob' });
      await importAccounts({ ctx, input: { text: ACCOUNTS, name: 'accounts.csv' } });
      await importSubscriptions({ ctx, input: { text: SUBSCRIPTIONS, name: 'subscriptions.csv' } });
    });
    after(() => store.close());

    test('a bad targets file names its line and field and writes nothing', async () => {
      const bad = 'owner_email,quarter,expansion_target\nalice@x.io,2025-Q4,300\nbob@x.io,2025-Q5,100\n';
      await assert.rejects(
        importTargets({ ctx, input: { text: bad, name: 'targets.csv' } }),
        /targets\.csv:3: field "quarter"/,
      );
      const unknown = 'owner_email,quarter,expansion_target\nalice@x.io,2025-Q4,300\nnobody@x.io,2025-Q4,100\n';
      await assert.rejects(
        importTargets({ ctx, input: { text: unknown, name: 'targets.csv' } }),
        /targets\.csv:3: field "owner_email"/,
      );
      const amount = 'owner_email,quarter,expansion_target\nalice@x.io,2025-Q4,abc\n';
      await assert.rejects(
        importTargets({ ctx, input: { text: amount, name: 'targets.csv' } }),
        /targets\.csv:2: field "expansion_target"/,
      );
      assert.deepEqual(await listTargets(ctx), []);
    });

    test('targets import, then the csm report: exact columns, one row per owner, ARR adding up to the company', async () => {
      const file = 'owner_email,quarter,expansion_target\nBob@x.io,2025-Q4,400\nalice@x.io,2025-Q4,0\n';
      const summary = await importTargets({ ctx, input: { text: file, name: 'targets.csv' } });
      assert.deepEqual(summary, { read: 2, created: 2, updated: 0, unchanged: 0 });
      assert.deepEqual((await importTargets({ ctx, input: { text: file, name: 'targets.csv' } })).unchanged, 2);

      const report = await csmReport(ctx, { interval: 'quarter', asOf: '2025-12-31', periods: 1 });
      const csv = csmCsv(report).trim().split('\n');
      assert.ok(
        (csv[0] ?? '').startsWith(
          'period,owner,accounts,arr,nrr_12m,grr_12m,expansion_mrr,contraction_mrr,churn_mrr,expansion_target,attainment',
        ),
      );
      const rows = report.rows;
      assert.deepEqual(
        rows.map((r) => [r.period, r.owner, r.accounts, r.arrMinor]),
        [
          ['2025-Q4', '', 1, 5000 * 12],
          ['2025-Q4', 'alice@x.io', 1, 10000 * 12],
          ['2025-Q4', 'bob@x.io', 1, 70000 * 12],
        ],
      );
      const bob = rows.find((r) => r.owner === 'bob@x.io');
      // Globex 500 → 700 in 2025-11: 200.00 of expansion against 400.00 → 50%.
      assert.equal(bob?.expansionMrrMinor, 20000);
      assert.equal(bob?.expansionTargetMinor, 40000);
      assert.equal(bob?.attainment, 0.5);
      assert.ok(csv.some((line) => line.startsWith('2025-Q4,bob@x.io,1,8400.00,') && line.includes(',400.00,50.0,')));
    });

    test('team roll-up by manager: --by team CSV, a company row with the company ARR, the book drill-down', async () => {
      await createUser({ ctx, email: 'boss@x.io', password: 'correct horse battery', role: 'admin', name: 'Boss' });
      await setManager({ ctx, user: 'alice@x.io', manager: 'boss@x.io' });
      await setManager({ ctx, user: 'bob@x.io', manager: 'boss@x.io' });
      const report = await csmReport(ctx, { interval: 'quarter', asOf: '2025-12-31', periods: 1 });
      assert.deepEqual(
        report.rows.map((r) => [r.owner, r.team]),
        [
          ['', ''],
          ['alice@x.io', 'boss@x.io'],
          ['bob@x.io', 'boss@x.io'],
        ],
      );
      assert.deepEqual(
        report.teams.map((t) => [t.level, t.team, t.owners, t.arrMinor]),
        [
          ['team', '', 1, 5000 * 12],
          ['team', 'boss@x.io', 2, (10000 + 70000) * 12],
          ['company', '', 3, (5000 + 10000 + 70000) * 12],
        ],
      );
      const csv = csmCsv(report, 'team').trim().split('\n');
      assert.ok((csv[0] ?? '').startsWith('period,level,team,owners,accounts,arr,nrr_12m,grr_12m,'));
      assert.ok(csv.includes(csv.find((l) => l.startsWith('2025-Q4,company,,3,3,10200.00,')) ?? '-'), csv.join('\n'));
      const ownerHeader = csmCsv(report).split('\n')[0] ?? '';
      for (const c of ['team', 'tiers', 'renewal_rate', 'health_red_arr', 'arr_at_risk', 'nps', 'tasks_overdue']) {
        assert.ok(ownerHeader.split(',').includes(c), c);
      }
      const book = await ownerBook(ctx, 'bob@x.io', '2025-12-31');
      assert.deepEqual(
        book.map((b) => [b.externalId, b.arrMinor]),
        [['globex', 70000 * 12]],
      );
    });

    test('managers import: all or nothing, then the teams follow', async () => {
      const bad = 'user_email,manager_email\nalice@x.io,bob@x.io\nbob@x.io,bob@x.io\n';
      await assert.rejects(
        importManagers({ ctx, input: { text: bad, name: 'managers.csv' } }),
        /managers\.csv:3: field "manager_email"/,
      );
      const unknown = 'user_email,manager_email\nalice@x.io,nobody@x.io\n';
      await assert.rejects(
        importManagers({ ctx, input: { text: unknown, name: 'managers.csv' } }),
        /managers\.csv:2: field "manager_email"/,
      );
      const before = await csmReport(ctx, { interval: 'quarter', asOf: '2025-12-31', periods: 1 });
      assert.equal(before.rows.find((r) => r.owner === 'alice@x.io')?.team, 'boss@x.io', 'nothing written');
      const file = 'user_email,manager_email\nalice@x.io,bob@x.io\nbob@x.io,\n';
      const summary = await importManagers({ ctx, input: { text: file, name: 'managers.csv' } });
      assert.deepEqual(summary, { read: 2, changed: 2, unchanged: 0 });
      const after = await csmReport(ctx, { interval: 'quarter', asOf: '2025-12-31', periods: 1 });
      assert.deepEqual(
        after.teams.map((t) => [t.level, t.team, t.arrMinor]),
        [
          ['team', '', (5000 + 70000) * 12],
          ['team', 'bob@x.io', 10000 * 12],
          ['company', '', (5000 + 10000 + 70000) * 12],
        ],
      );
      await importManagers({
        ctx,
        input: { text: 'user_email,manager_email\nalice@x.io,boss@x.io\nbob@x.io,boss@x.io\n', name: 'm.csv' },
      });
    });

    test('the scorecards and targets API: read with any key, targets set with a write key only, bad input a 400', async () => {
      const app = await buildApp({ ctx, checkResponses: true });
      try {
        const read = { authorization: `Bearer ${(await createApiKey({ ctx, scope: 'read' })).key}` };
        const writer = { authorization: `Bearer ${(await createApiKey({ ctx, scope: 'write' })).key}` };
        const cards = await app.inject({
          url: '/api/v1/scorecards?interval=quarter&asOf=2025-12-31&periods=2',
          headers: read,
        });
        assert.equal(cards.statusCode, 200, cards.body);
        const body = cards.json<{ rows: { period: string; arrMinor: number }[] }>();
        assert.equal(
          body.rows.filter((r) => r.period === '2025-Q4').reduce((s, r) => s + r.arrMinor, 0),
          (5000 + 10000 + 70000) * 12,
        );
        const input = { ownerEmail: 'alice@x.io', quarter: '2026-Q1', expansionTargetMinor: 12345 };
        const denied = await app.inject({ method: 'PUT', url: '/api/v1/targets', headers: read, payload: input });
        assert.equal(denied.statusCode, 403);
        const set = await app.inject({ method: 'PUT', url: '/api/v1/targets', headers: writer, payload: input });
        assert.equal(set.statusCode, 200, set.body);
        const bad = await app.inject({
          method: 'PUT',
          url: '/api/v1/targets',
          headers: writer,
          payload: { ...input, quarter: '2026-Q7' },
        });
        assert.equal(bad.statusCode, 400);
        const book = await app.inject({
          url: '/api/v1/scorecards/book?owner=alice@x.io&asOf=2025-12-31',
          headers: read,
        });
        assert.equal(book.statusCode, 200, book.body);
        assert.deepEqual(
          book.json<{ items: { externalId: string }[] }>().items.map((i) => i.externalId),
          ['acme'],
        );
        const session = await app.inject({
          method: 'POST',
          url: '/api/v1/session',
          payload: { email: 'boss@x.io', password: 'correct horse battery' },
        });
        assert.equal(session.statusCode, 200, session.body);
        const admin = {
          cookie: String(session.headers['set-cookie']).split(';')[0] ?? '',
          'x-csrf-token': session.json<{ csrfToken: string }>().csrfToken,
        };
        const manager = { user: 'alice@x.io', manager: null };
        const notAdmin = await app.inject({
          method: 'PUT',
          url: '/api/v1/scorecards/managers',
          headers: writer,
          payload: manager,
        });
        assert.equal(notAdmin.statusCode, 403);
        const cleared = await app.inject({
          method: 'PUT',
          url: '/api/v1/scorecards/managers',
          headers: admin,
          payload: manager,
        });
        assert.equal(cleared.statusCode, 200, cleared.body);
        const after = await csmReport(ctx, { interval: 'quarter', asOf: '2025-12-31', periods: 1 });
        assert.equal(after.rows.find((r) => r.owner === 'alice@x.io')?.team, '');
        const list = await app.inject({ url: '/api/v1/targets', headers: read });
        assert.ok(list.json<{ items: { quarter: string }[] }>().items.some((t) => t.quarter === '2026-Q1'));
      } finally {
        await app.close();
      }
    });
  });
}
