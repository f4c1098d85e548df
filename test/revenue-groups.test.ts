// Merges and parents in a server's in-memory ledger: the engine keeps each account's intervals under its own id
// and groups them when it cuts a ledger, so after a merge, a change to a merged account's records, a new parent
// or an unmerge, the next answer equals a fresh computation from the records (with the account map applied).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { computeLedger, type Ledger } from '../src/core/revenue/index.ts';
import { mergeAccounts, unmergeAccount } from '../src/services/account-merges.ts';
import type { ServiceContext } from '../src/services/context.ts';
import { importAccounts } from '../src/services/import-accounts.ts';
import { importSubscriptions } from '../src/services/import-subscriptions.ts';
import { createReportCache } from '../src/services/report-cache.ts';
import { currentLedger, refreshRevenue, revenueSettings } from '../src/services/revenue.ts';
import { loadBillingRecords } from '../src/store/revenue.ts';
import type { Store } from '../src/store/types.ts';
import { engines, testContext } from './helpers/store.ts';

const ACCOUNTS = `id,name,parent_id
old_id,Acme (old billing id),
new_id,Acme,
group,Group,
child_b,Child B,group
child_c,Child C,group
`;
// Acme moves from old_id to new_id on 2024-07-01; two children and their parent pay on their own.
const PERIODS = `subscription_id,customer_id,start_date,end_date,monthly_amount
s_old,old_id,2024-01-01,2024-07-01,100
s_new,new_id,2024-07-01,,100
s_b,child_b,2024-02-01,,50
s_c,child_c,2024-03-01,2024-09-01,30
s_group,group,2024-01-01,,10
`;
const DAYS = ['2024-05-15', '2024-12-31'];

const byAccount = (ledger: Ledger): Ledger => ({
  ...ledger,
  customers: [...ledger.customers].sort((a, b) => Number(a.accountId) - Number(b.accountId)),
});

for (const engine of engines()) {
  describe(`merged and rolled-up accounts in memory on ${engine.name}`, () => {
    let store: Store;
    let server: ServiceContext;
    let other: ServiceContext;
    let ids: Map<string, number>;
    before(async () => {
      store = await engine.open();
      // A server that reads the data versions on every call (no second of trust), and another process.
      server = { ...testContext(store), cache: createReportCache({ versionTtlMs: 0 }) };
      other = testContext(store);
      await importAccounts({ ctx: other, input: { text: ACCOUNTS, name: 'accounts.csv' } });
      await importSubscriptions({ ctx: other, input: { text: PERIODS, name: 'periods.csv' } });
      const rows = await store.query<{ id: number; external_id: string }>(`SELECT id, external_id FROM accounts`);
      ids = new Map(rows.map((r) => [r.external_id, r.id]));
    });
    after(async () => {
      await store.close();
    });

    /** The server's answers for each day and grouping equal a fresh computation from the records. */
    const sameAsFresh = async (step: string) => {
      for (const rollup of [false, true]) {
        const records = await loadBillingRecords(store, null, { rollup });
        for (const asOf of DAYS) {
          const fresh = byAccount(computeLedger(records, revenueSettings(other, asOf)));
          assert.deepEqual(await currentLedger({ ctx: server, asOf, rollup }), fresh, `${step}, ${asOf}, ${rollup}`);
        }
      }
    };
    const customer = async (externalId: string, asOf = '2024-12-31', rollup = false) => {
      const ledger = await currentLedger({ ctx: server, asOf, rollup });
      return ledger.customers.find((c) => c.accountId === ids.get(externalId));
    };
    const kinds = async (externalId: string, rollup = false) =>
      (await customer(externalId, '2024-12-31', rollup))?.movements.map((m) => `${m.kind} ${m.amountMinor}`);

    it('counts each account on its own, or every child under its parent', async () => {
      await sameAsFresh('before any merge');
      assert.deepEqual(await kinds('old_id'), ['new 10000', 'churn -10000']);
      assert.deepEqual(await kinds('group', true), [
        'new 1000',
        'expansion 5000',
        'expansion 3000',
        'contraction -3000',
      ]);
      assert.equal(await customer('child_b', '2024-12-31', true), undefined);
    });

    it('merges a customer who moved to a new billing id: one customer, neither churn nor new', async () => {
      await mergeAccounts({ ctx: other, from: 'old_id', into: 'new_id' });
      await sameAsFresh('after the merge');
      assert.deepEqual(await kinds('new_id'), ['new 10000']);
      assert.equal(await customer('old_id'), undefined);
      // The one-account read (explain's) agrees: the merged-away account is no customer of its own.
      const one = await currentLedger({ ctx: server, asOf: '2024-12-31', accountIds: [ids.get('old_id') ?? 0] });
      assert.deepEqual(one.customers, []);
    });

    it("patches the account a merged account counts as when the merged account's records change", async () => {
      const change =
        'subscription_id,customer_id,start_date,end_date,monthly_amount\ns_old,old_id,2024-01-01,2024-07-01,80\n';
      await importSubscriptions({ ctx: other, input: { text: change, name: 'change.csv' } });
      await sameAsFresh('after a change to the merged account');
      assert.deepEqual(await kinds('new_id'), ['new 8000', 'expansion 2000']);
      // The SQL copy follows: the account merged into is rewritten, the merged one has no rows.
      await refreshRevenue({ ctx: server, asOf: '2024-12-31' });
      const rows = await store.query<{ account_id: number; kind: string }>(
        `SELECT account_id, kind FROM revenue_movements WHERE account_id = ANY($1::bigint[]) ORDER BY account_id, seq`,
        [[ids.get('old_id'), ids.get('new_id')]],
      );
      assert.deepEqual(
        rows.map((r) => [r.account_id, r.kind]),
        [
          [ids.get('new_id'), 'new'],
          [ids.get('new_id'), 'expansion'],
        ],
      );
    });

    it('follows a new parent and an unmerge', async () => {
      await importAccounts({
        ctx: other,
        input: { text: 'id,name,parent_id\nchild_c,Child C,\n', name: 'accounts.csv' },
      });
      await sameAsFresh('after child_c left the group');
      assert.deepEqual(await kinds('group', true), ['new 1000', 'expansion 5000']);
      await unmergeAccount({ ctx: other, from: 'old_id' });
      await sameAsFresh('after the unmerge');
      assert.deepEqual(await kinds('old_id'), ['new 8000', 'churn -8000']);
    });
  });
}
