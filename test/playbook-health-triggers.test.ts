// Playbooks triggered by health and prediction: a red health band, a churn risk above a level and a late success-plan
// milestone each give the owner one task for exactly the accounts that match, on each engine.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ServiceContext } from '../src/services/context.ts';
import { evaluatePlaybooks } from '../src/services/playbooks/evaluate.ts';
import { importPlaybooks } from '../src/services/playbooks/playbooks.ts';
import { listTasks } from '../src/services/playbooks/tasks.ts';
import type { Store } from '../src/store/types.ts';
import { addAccount } from './helpers/adoption.ts';
import { engines, testContext } from './helpers/store.ts';

const TODAY = '2026-03-31';

const playbook = (name: string, trigger: Record<string, unknown>) => ({
  name,
  trigger,
  steps: [{ type: 'task', assignee: 'owner', title: name, due_in_days: 2 }],
});

for (const engine of engines()) {
  describe(`health, churn-risk and milestone triggers (${engine.name})`, () => {
    let store: Store;
    let ctx: ServiceContext;
    before(async () => {
      store = await engine.open();
      ctx = { ...testContext(store), now: () => new Date(`${TODAY}T09:00:00Z`) };
      await store.query(
        `INSERT INTO users (email, name, role, password_hash) VALUES ('dana@example.com', 'Dana', 'csm', 'x')`,
      );
      const ids: Record<string, number> = {};
      for (const id of ['RED', 'WAS-RED', 'RISKY', 'SAFE', 'LATE', 'ON-TIME']) {
        ids[id] = await addAccount(store, id, `Account ${id}`, { ownerCsm: 'Dana' });
      }
      const score = (id: string, day: string, band: string, points: number) =>
        store.query(
          `INSERT INTO health_scores (account_id, day, scorecard, score, band, measures, scored_at)
           VALUES ($1, $2, 'default', $3, $4, '{}'::jsonb, now())`,
          [ids[id], day, points, band],
        );
      await score('RED', '2026-03-30', 'red', 22);
      await score('WAS-RED', '2026-03-01', 'red', 30);
      await score('WAS-RED', '2026-03-30', 'yellow', 55); // the latest score counts
      await score('SAFE', '2026-03-30', 'green', 90);
      await score('RED', '2026-04-02', 'green', 80); // after today: not known yet
      const risk = (id: string, p: number) =>
        store.query(
          `INSERT INTO churn_risk (account_id, as_of, horizon_days, churn_probability, model, trained_at)
           VALUES ($1, $2, 90, $3, 'logistic_regression', now())`,
          [ids[id], TODAY, p],
        );
      await risk('RISKY', 0.42);
      await risk('SAFE', 0.05);
      for (const [id, completed] of [
        ['LATE', null],
        ['ON-TIME', '2026-03-10'],
      ] as const) {
        const [plan] = await store.query<{ id: number }>(
          `INSERT INTO success_plans (account_id, template_key, start_on, created_at)
           VALUES ($1, 'default', '2026-02-01', now()) RETURNING id`,
          [ids[id]],
        );
        await store.query(
          `INSERT INTO success_milestones (plan_id, key, title, due_day, due_on, completed_on)
           VALUES ($1, 'day-30', 'First report built', 30, '2026-03-03', $2)`,
          [plan?.id, completed],
        );
      }
    });
    after(async () => {
      await store.close();
    });

    it('gives the owner one task for each matching account, and none twice', async () => {
      await importPlaybooks({
        ctx,
        file: 'health.json',
        text: JSON.stringify([
          playbook('Red health', { signal: 'health_band', band: 'red' }),
          playbook('Churn risk', { signal: 'churn_risk', above: 0.3 }),
          playbook('Late 30-day milestone', { signal: 'milestone_late', day: 30 }),
        ]),
      });
      await evaluatePlaybooks({ ctx });
      await evaluatePlaybooks({ ctx });
      const tasks = await listTasks({ ctx, query: {} });
      assert.deepEqual(tasks.map((t) => [t.playbook, t.accountId, t.assignee]).sort(), [
        ['Churn risk', 'RISKY', 'dana@example.com'],
        ['Late 30-day milestone', 'LATE', 'dana@example.com'],
        ['Red health', 'RED', 'dana@example.com'],
      ]);
    });

    it('refuses a churn-risk level that is not a probability, naming the field', async () => {
      await assert.rejects(
        importPlaybooks({
          ctx,
          file: 'bad.json',
          text: JSON.stringify(playbook('Bad risk', { signal: 'churn_risk', above: 30 })),
        }),
        /trigger\.above.*a probability between 0 and 1/,
      );
    });
  });
}
