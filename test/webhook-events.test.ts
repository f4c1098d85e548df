// usage.declining: the daily job raises one event per account newly flagged declining (as the adoption report
// flags it), not again while it stays declining, and again for an account that starts declining later.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { JOB_KINDS } from '../src/jobs/kinds.ts';
import { createRunner } from '../src/jobs/runner.ts';
import type { ServiceContext } from '../src/services/context.ts';
import { enqueueJob } from '../src/services/jobs/jobs.ts';
import { addEndpoint } from '../src/services/webhooks/endpoints.ts';
import type { Store } from '../src/store/types.ts';
import { addAccount, addPeriod, addUsage, type UsageRow } from './helpers/adoption.ts';
import { engines, testContext } from './helpers/store.ts';

const users = (accountId: number, n: number, day: string): UsageRow[] =>
  Array.from({ length: n }, (_, i) => ({ accountId, day, user: `u${accountId}-${i}`, feature: 'report_created' }));

for (const engine of engines()) {
  describe(`usage.declining events (${engine.name})`, () => {
    let store: Store;
    let ctx: ServiceContext;
    const ids: Record<string, number> = {};
    before(async () => {
      store = await engine.open();
      ctx = { ...testContext(store), now: () => new Date('2026-06-30T07:00:00Z') };
      await addEndpoint({ ctx, url: 'http://127.0.0.1:9/never', events: 'usage.declining' });
      for (const name of ['falling', 'steady']) {
        const id = await addAccount(store, name, `${name} Inc`, { ownerCsm: 'Dana' });
        ids[name] = id;
        await addPeriod(store, id, { id: `sub-${name}`, start: '2026-01-01', mrrMinor: 50_000, plan: 'Pro' });
        // The four weeks before the last four (from 2026-05-06) and the last four (from 2026-06-03).
        await addUsage(store, users(id, 10, '2026-05-20'));
        await addUsage(store, users(id, name === 'falling' ? 2 : 10, '2026-06-20'));
      }
    });
    after(async () => {
      await store.close();
    });

    const declineEvents = async () =>
      (
        await store.query<{ body: string }>(
          `SELECT body FROM webhook_events WHERE type = 'usage.declining' ORDER BY id`,
        )
      ).map((r) => JSON.parse(r.body) as { data: Record<string, unknown> });
    const runCheck = async () => {
      await enqueueJob(ctx, { kind: 'usage.declining' });
      const runner = createRunner({ ctx, kinds: JOB_KINDS.filter((k) => k.kind === 'usage.declining') });
      assert.deepEqual(await runner.runDue(), { ran: 1, succeeded: 1, failed: 0 });
    };

    it('raises one event for the account whose active users fell by the decline rate', async () => {
      await runCheck();
      const events = await declineEvents();
      assert.equal(events.length, 1);
      assert.deepEqual(events[0]?.data, {
        accountId: ids.falling,
        externalId: 'falling',
        name: 'falling Inc',
        asOf: '2026-06-30',
        recentActiveUsers: 2,
        previousActiveUsers: 10,
        change: -0.8,
        ownerCsm: 'Dana',
        mrrMinor: 50_000,
        currency: 'USD',
      });
    });

    it('does not raise it again while the account stays declining, but does for one that starts to', async () => {
      await runCheck();
      assert.equal((await declineEvents()).length, 1);
      await store.execute(`DELETE FROM usage_daily WHERE account_id = $1 AND day >= '2026-06-03'`, [ids.steady]);
      await runCheck();
      const events = await declineEvents();
      assert.deepEqual(
        events.map((e) => e.data.externalId),
        ['falling', 'steady'],
      );
    });
  });
}
