// The demo's CS workflow: the same seed and day give the same tiers, handoff files, plans and tasks; recent
// accounts get a file whose outcomes name a catalog feature; some milestones are done from usage and some late; the
// playbooks' tasks come from an evaluation and reach the CSMs, who are users.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadDemo } from '../src/services/demo.ts';
import { DEMO_PLAYBOOKS } from '../src/services/demo-workflow.ts';
import { openStore } from '../src/store/open.ts';
import type { Store } from '../src/store/types.ts';
import { testContext } from './helpers/store.ts';

const AS_OF = '2026-11-22';
const OPTIONS = { seed: 3, accounts: 120, asOf: AS_OF };

/** What the workflow wrote, in a form two loads can be compared by. */
async function snapshot(store: Store) {
  const q = (sql: string) => store.query(sql);
  return {
    handoffs: await q(
      `SELECT a.external_id, h.goals, h.outcomes, h.stakeholders, h.bought, h.risks
         FROM account_handoffs h JOIN accounts a ON a.id = h.account_id ORDER BY a.external_id`,
    ),
    milestones: await q(
      `SELECT a.external_id, p.template_key, m.key, m.due_on::text AS due_on, m.completed_on::text AS completed_on
         FROM success_milestones m JOIN success_plans p ON p.id = m.plan_id JOIN accounts a ON a.id = p.account_id
        ORDER BY a.external_id, m.key`,
    ),
    tasks: await q(
      `SELECT a.external_id, p.name AS playbook, t.title, u.email, t.status, t.due_on::text AS due_on
         FROM tasks t JOIN accounts a ON a.id = t.account_id JOIN playbooks p ON p.id = t.playbook_id
         JOIN users u ON u.id = t.assignee_user_id ORDER BY a.external_id, p.name`,
    ),
  };
}

describe('demo workflow', () => {
  let first: Store;
  let second: Store;
  before(async () => {
    first = await openStore({ memory: true });
    second = await openStore({ memory: true });
    await loadDemo({ ctx: testContext(first), ...OPTIONS });
    await loadDemo({ ctx: testContext(second), ...OPTIONS });
  });
  after(async () => {
    await first.close();
    await second.close();
  });

  it('is the same for the same seed and day', async () => {
    assert.deepEqual(await snapshot(second), await snapshot(first));
  });

  it('gives the last six months’ accounts a handoff file with outcomes tied to catalog features', async () => {
    const { handoffs } = await snapshot(first);
    const [window] = await first.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM accounts WHERE first_seen_on > DATE '${AS_OF}' - 183 AND first_seen_on <= DATE '${AS_OF}'`,
    );
    assert.ok(handoffs.length > 0);
    assert.equal(handoffs.length, window?.n);
    const features = (await first.query<{ name: string }>(`SELECT name FROM features`)).map((f) => f.name);
    for (const h of handoffs as { outcomes: { metric: string }[]; stakeholders: { role: string }[] }[]) {
      assert.ok(features.some((f) => h.outcomes.some((o) => o.metric === `weekly users of ${f}`)));
      assert.deepEqual(
        h.stakeholders.map((s) => s.role),
        ['sponsor', 'champion', 'admin'],
      );
    }
  });

  it('has plans with milestones done from usage, and late ones', async () => {
    const { milestones } = await snapshot(first);
    const rows = milestones as { due_on: string; completed_on: string | null }[];
    assert.ok(
      rows.some((m) => m.completed_on !== null),
      'some done',
    );
    assert.ok(
      rows.some((m) => m.completed_on === null && m.due_on < AS_OF),
      'some late',
    );
  });

  it('assigns accounts to tiers and gives the CSMs the playbooks’ tasks from one evaluation', async () => {
    const { tasks } = await snapshot(first);
    assert.ok(tasks.length > 0);
    const names = new Set([...DEMO_PLAYBOOKS.map((p) => p.name), 'Ask for a reference']);
    for (const t of tasks as { playbook: string; email: string; status: string }[]) {
      assert.ok(names.has(t.playbook), t.playbook);
      assert.match(t.email, /@demo\.tenure\.local$/);
      assert.equal(t.status, 'open');
    }
    const runs = await first.query<{ outcome: string }>(`SELECT outcome FROM playbook_runs`);
    assert.equal(runs.length, names.size, 'one run per playbook');
    assert.ok(
      runs.every((r) => r.outcome === 'ok'),
      'no playbook paused',
    );
    const tiers = await first.query<{ key: string }>(`SELECT key FROM tiers ORDER BY rank`);
    assert.deepEqual(
      tiers.map((t) => t.key),
      ['high-touch', 'mid-touch', 'tech-touch'],
    );
  });
});
