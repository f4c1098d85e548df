// Handoff files and success plans on each engine: a feature milestone completes when its events arrive; the 30/90-day
// portfolio matches a fixture built by hand; milestone.missed is sent once; imports are all or nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ServiceContext } from '../src/services/context.ts';
import { getHandoff, importHandoffs, putHandoff } from '../src/services/handoff/handoff.ts';
import {
  createSuccessPlan,
  evaluateSuccessPlans,
  getSuccessPlan,
  setMilestoneDone,
  successPortfolio,
} from '../src/services/handoff/success-plans.ts';
import { ingestBatch } from '../src/services/ingest.ts';
import { addEndpoint } from '../src/services/webhooks/endpoints.ts';
import type { Store } from '../src/store/types.ts';
import { engines, testContext } from './helpers/store.ts';

const NOW = Date.parse('2026-03-31T09:00:00Z');
let seq = 0;
const events = (account: string, user: string, event: string, day: string) => [
  { type: 'group', messageId: `g${++seq}`, userId: user, groupId: account, timestamp: `${day}T08:00:00Z` },
  { type: 'track', messageId: `t${++seq}`, userId: user, event, timestamp: `${day}T09:00:00Z` },
];

for (const engine of engines()) {
  describe(`handoff and success plans (${engine.name})`, () => {
    let store: Store;
    let ctx: ServiceContext;
    const ids = new Map<string, number>();
    const add = async (ext: string, firstSeen: string, segment: string | null = null) => {
      const [row] = await store.query<{ id: number | string }>(
        `INSERT INTO accounts (external_id, name, segment, owner_csm, first_seen_on, source)
         VALUES ($1, $2, $3, 'Dana', $4, 'test') RETURNING id`,
        [ext, `Account ${ext}`, segment, firstSeen],
      );
      ids.set(ext, Number(row!.id));
      return Number(row!.id);
    };
    const ingest = (messages: unknown[]) => ingestBatch({ ctx, messages, receivedAt: new Date(NOW) });
    before(async () => {
      store = await engine.open();
      ctx = { ...testContext(store), now: () => new Date(NOW) };
      await store.execute(
        `INSERT INTO features (key, name, module, event, milestone_days) VALUES
           ('report_created', 'Report created', 'reports', 'Report Created', 30),
           ('dashboard_shared', 'Dashboard shared', 'dashboards', 'Dashboard Shared', 90)`,
      );
      await store.execute(
        `INSERT INTO success_plan_templates (key, name, segment, milestones) VALUES ('pilot', 'Pilot', 'Pilot',
          '[{"key":"share","title":"A dashboard shared","due_day":14,"signal":{"feature":"dashboard_shared"}},
            {"key":"users","title":"Three active users","due_day":30,"signal":{"active_users":3}}]'::jsonb)`,
      );
      for (const [ext, start] of [
        ['A', '2026-01-01'],
        ['B', '2026-01-15'],
        ['C', '2026-02-01'],
        ['D', '2025-12-01'],
        ['E', '2026-02-10'],
      ] as const)
        await add(ext, start);
      await add('F', '2026-03-20', 'Pilot');
    });
    after(async () => {
      await store.close();
    });

    it('imports handoff files from JSON, and outcomes from CSV, all or nothing', async () => {
      const json = JSON.stringify([
        {
          account_id: 'F',
          goals: ['Weekly board reporting without spreadsheets'],
          outcomes: [{ metric: 'reports built per week', baseline: 0, target: 20, due_date: '2026-06-18' }],
          stakeholders: [
            { name: 'Ana Ruiz', email: 'ana@f.example', role: 'sponsor' },
            { name: 'Bo Lin', role: 'champion' },
          ],
          bought: '50 seats, reporting module',
          plan: 'Pro',
          risks: ['Champion changes role in Q2'],
        },
      ]);
      assert.deepEqual(await importHandoffs({ ctx, content: json, file: 'h.json' }), { accounts: 1 });
      const f = await getHandoff({ ctx, accountId: ids.get('F')! });
      assert.deepEqual(f.outcomes, [
        { metric: 'reports built per week', baseline: 0, target: 20, due_date: '2026-06-18' },
      ]);
      assert.deepEqual(
        f.stakeholders.map((s) => [s.name, s.role]),
        [
          ['Ana Ruiz', 'sponsor'],
          ['Bo Lin', 'champion'],
        ],
      );
      const bad =
        'account_id,metric,baseline,target,due_date\nA,logins per week,0,50,2026-04-01\nB,reports,0,lots,2026-04-01\n';
      await assert.rejects(
        importHandoffs({ ctx, content: bad, file: 'o.csv' }),
        // The value found is quoted once ("lots"), not twice.
        { message: 'o.csv:3: field "target" expected a number, found "lots"' },
      );
      const unknown =
        'account_id,metric,baseline,target,due_date\nA,logins per week,0,50,2026-04-01\nZZ,x,0,1,2026-04-01\n';
      await assert.rejects(importHandoffs({ ctx, content: unknown, file: 'o.csv' }), /o\.csv:3: field "account_id"/);
      await assert.rejects(
        importHandoffs({ ctx, content: json.replace('"champion"', '"friend"'), file: 'h.json' }),
        /h\.json: field "\[0\]\.stakeholders\[1\]\.role" expected one of sponsor, champion, admin, user/,
      );
      assert.equal((await getHandoff({ ctx, accountId: ids.get('A')! })).outcomes.length, 0, 'nothing written');
      assert.equal((await getHandoff({ ctx, accountId: ids.get('F')! })).stakeholders[1]?.role, 'champion');
      const good = 'account_id,metric,baseline,target,due_date\nA,logins per week,0,50,2026-04-01\n';
      await importHandoffs({ ctx, content: good, file: 'o.csv' });
      assert.deepEqual((await getHandoff({ ctx, accountId: ids.get('A')! })).outcomes, [
        { metric: 'logins per week', baseline: 0, target: 50, due_date: '2026-04-01' },
      ]);
      await assert.rejects(
        putHandoff({ ctx, accountId: ids.get('A')!, body: { outcomes: [{ metric: 'x', baseline: 0, target: 1 }] } }),
        /field "outcomes\[0\]\.due_date" expected a day YYYY-MM-DD/,
      );
    });

    it('completes a feature milestone when its events arrive', async () => {
      // F has a handoff file and the Pilot segment: the job makes its plan from the Pilot template.
      assert.equal((await evaluateSuccessPlans({ ctx })).created, 2, 'plans for A and F (both have a handoff file)');
      let plan = await getSuccessPlan({ ctx, accountId: ids.get('F')! });
      assert.equal(plan?.template, 'pilot');
      assert.deepEqual(
        plan?.objectives.map((o) => o.metric),
        ['reports built per week'],
      );
      assert.deepEqual(
        plan?.milestones.map((m) => [m.key, m.dueOn, m.status, m.completedOn]),
        [
          ['share', '2026-04-03', 'due', null],
          ['users', '2026-04-19', 'due', null],
        ],
      );
      await ingest([...events('F', 'f1', 'Report Created', '2026-03-24')]);
      await evaluateSuccessPlans({ ctx });
      plan = await getSuccessPlan({ ctx, accountId: ids.get('F')! });
      assert.equal(plan?.milestones[0]?.completedOn, null, 'another feature does not complete it');
      await ingest([
        ...events('F', 'f1', 'Dashboard Shared', '2026-03-25'),
        ...events('F', 'f2', 'Report Created', '2026-03-26'),
      ]);
      const result = await evaluateSuccessPlans({ ctx });
      assert.equal(result.completed, 1);
      plan = await getSuccessPlan({ ctx, accountId: ids.get('F')! });
      assert.deepEqual(
        plan?.milestones.map((m) => [m.key, m.status, m.completedOn, m.completedBy]),
        [
          ['share', 'done_on_time', '2026-03-25', 'signal'],
          ['users', 'due', null, null],
        ],
      );
      await ingest([...events('F', 'f3', 'Report Created', '2026-03-30')]);
      await evaluateSuccessPlans({ ctx });
      plan = await getSuccessPlan({ ctx, accountId: ids.get('F')! });
      assert.deepEqual([plan?.milestones[1]?.status, plan?.milestones[1]?.completedOn], ['done_on_time', '2026-03-30']);
      assert.equal(plan?.done, 2);
    });

    it('builds the 30/90-day portfolio the fixture says, and sends milestone.missed once', async () => {
      await addEndpoint({ ctx, url: 'https://example.com/hook', events: 'milestone.missed' });
      for (const ext of ['B', 'C', 'D', 'E']) await createSuccessPlan({ ctx, accountId: ids.get(ext)! });
      // A used the 30-day feature on time, B late; C and E never; D's day-30 milestone is ticked by hand today.
      await ingest([
        ...events('A', 'a1', 'Report Created', '2026-01-10'),
        ...events('B', 'b1', 'Report Created', '2026-02-20'),
      ]);
      await setMilestoneDone({ ctx, accountId: ids.get('D')!, key: 'day-30', done: true });
      const first = await evaluateSuccessPlans({ ctx });
      assert.deepEqual([first.completed, first.missed], [2, 3], 'A and B complete; C-30, E-30 and D-90 are missed');
      assert.equal((await evaluateSuccessPlans({ ctx })).missed, 0, 'sent once');
      const sent = await store.query<{ body: string }>(
        `SELECT body FROM webhook_events WHERE type = 'milestone.missed' ORDER BY id`,
      );
      assert.deepEqual(
        sent.map((e) => {
          const data = (JSON.parse(e.body) as { data: { account_id: string; milestone: string } }).data;
          return `${data.account_id}/${data.milestone}`;
        }),
        ['C/day-30', 'D/day-90', 'E/day-30'],
      );
      const rows = (list: Awaited<ReturnType<typeof successPortfolio>>) =>
        list.map((r) => [r.accountExternalId, r.dueOn, r.status, r.daysLate]);
      // By hand: start + 30 days, and the state on 2026-03-31.
      assert.deepEqual(rows(await successPortfolio({ ctx, day: 30 })), [
        ['D', '2025-12-31', 'done_late', 90],
        ['A', '2026-01-31', 'done_on_time', 0],
        ['B', '2026-02-14', 'done_late', 6],
        ['C', '2026-03-03', 'late', 28],
        ['E', '2026-03-12', 'late', 19],
        ['F', '2026-04-19', 'done_on_time', 0], // the Pilot template's 30-day milestone: three active users
      ]);
      assert.deepEqual(rows(await successPortfolio({ ctx, day: 30, status: 'late' })), [
        ['C', '2026-03-03', 'late', 28],
        ['E', '2026-03-12', 'late', 19],
      ]);
      assert.deepEqual(rows(await successPortfolio({ ctx, day: 90 })), [
        ['D', '2026-03-01', 'late', 30],
        ['A', '2026-04-01', 'due', 0],
        ['B', '2026-04-15', 'due', 0],
        ['C', '2026-05-02', 'due', 0],
        ['E', '2026-05-11', 'due', 0],
      ]);
      assert.deepEqual(rows(await successPortfolio({ ctx, status: 'done', day: 14 })), [
        ['F', '2026-04-03', 'done_on_time', 0],
      ]);
    });
  });
}
