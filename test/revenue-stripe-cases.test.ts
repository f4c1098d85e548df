// Stripe's hard cases, end to end on real object shapes: import an export, read the ledger and the reports.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { TenureConfig } from '../src/config.ts';
import { monthKey } from '../src/core/period.ts';
import { mergeAccounts, mergeAccountsFromFile, unmergeAccount } from '../src/services/account-merges.ts';
import type { ServiceContext } from '../src/services/context.ts';
import { InputError, UsageError } from '../src/services/errors.ts';
import { importStripe } from '../src/services/import-stripe.ts';
import { revenueMetrics } from '../src/services/revenue-reports.ts';
import { committedArrReport, reportLedger } from '../src/services/revenue-views.ts';
import type { Store } from '../src/store/types.ts';
import { hardCasesExport, type HardCasesOptions } from './fixtures/stripe/hard-cases.ts';
import { tempDir } from './helpers/cli.ts';
import { withStore } from './helpers/import.ts';
import { engines, testConfig, testContext } from './helpers/store.ts';

function exportFile(options: HardCasesOptions = {}): string {
  const file = path.join(tempDir('tenure-hard-cases-'), 'export.json');
  fs.writeFileSync(file, JSON.stringify(hardCasesExport(options)));
  return file;
}

const contextWith = (store: Store, revenue: Partial<TenureConfig['revenue']> = {}): ServiceContext =>
  testContext(store, { revenue: { ...testConfig().revenue, pastDueGraceDays: 7, ...revenue } });

/** An account's movements as 'YYYY-MM kind amount', read from the ledger the reports use. */
async function movements(
  ctx: ServiceContext,
  asOf: string,
  externalId: string,
  rollup: 'account' | 'parent' = 'account',
): Promise<string[]> {
  const [row] = await ctx.store.query<{ id: number }>(`SELECT id FROM accounts WHERE external_id = $1`, [externalId]);
  const ledger = await reportLedger({ ctx, asOf, rollup });
  const customer = ledger.customers.find((c) => Number(c.accountId) === row?.id);
  return (customer?.movements ?? []).map((m) => `${monthKey(m.month)} ${m.kind} ${m.amountMinor}`);
}

for (const engine of engines()) {
  describe(`Stripe's hard cases on ${engine.name}`, () => {
    it('cancellation recognition, unpaid invoices, prorations and paused collection', async () => {
      await withStore(engine, async (store) => {
        await importStripe({ ctx: contextWith(store), input: { file: exportFile() } });
        const ctx = contextWith(store);
        const asOf = '2025-06-30';

        // An annual plan, invoiced for the year, cancelled and ended on 2025-03-10.
        assert.deepEqual(await movements(ctx, '2026-01-31', 'cus_annual'), [
          '2025-01 new 200000',
          '2026-01 churn -200000',
        ]);
        const onCancel = contextWith(store, { churnRecognition: 'cancellation' });
        assert.deepEqual(await movements(onCancel, '2026-01-31', 'cus_annual'), [
          '2025-01 new 200000',
          '2025-03 churn -200000',
        ]);

        // March's invoice open (due 2025-03-01): counts through the 7 grace days, then churns; April's payment returns.
        assert.deepEqual(await movements(ctx, '2025-03-08', 'cus_late'), ['2025-01 new 4900']);
        assert.deepEqual(await movements(ctx, asOf, 'cus_late'), [
          '2025-01 new 4900',
          '2025-03 churn -4900',
          '2025-04 reactivation 4900',
        ]);
        // Item-only and past due: the grace runs from the invoice's due date (2025-03-28), not the period start.
        assert.deepEqual(await movements(ctx, '2025-04-04', 'cus_items'), ['2025-01 new 4900']);
        assert.deepEqual(await movements(ctx, asOf, 'cus_items'), ['2025-01 new 4900', '2025-04 churn -4900']);

        // 10 → 20 seats on 2025-02-10 with Stripe's prorations: one expansion of 150.00.
        assert.deepEqual(await movements(ctx, asOf, 'cus_upgrade'), ['2025-01 new 15000', '2025-02 expansion 15000']);

        // Collection paused in February and March (invoices voided).
        assert.deepEqual(await movements(ctx, asOf, 'cus_pause'), [
          '2025-01 new 4900',
          '2025-02 churn -4900',
          '2025-04 reactivation 4900',
        ]);
        const keep = contextWith(store, { pause: 'keep' });
        assert.deepEqual(await movements(keep, asOf, 'cus_pause'), ['2025-01 new 4900']);
      });
    });

    it('a later payment turns the churn of an unpaid invoice back', async () => {
      await withStore(engine, async (store) => {
        const ctx = contextWith(store);
        await importStripe({ ctx, input: { file: exportFile() } });
        assert.equal((await movements(ctx, '2025-06-30', 'cus_late')).length, 3);
        await importStripe({ ctx, input: { file: exportFile({ latePaysMarch: true }) } });
        assert.deepEqual(await movements(ctx, '2025-06-30', 'cus_late'), ['2025-01 new 4900']);
      });
    });

    it('rolls children up into their parent, and merges a customer who moved to a new billing id', async () => {
      await withStore(engine, async (store) => {
        const ctx = contextWith(store);
        await importStripe({ ctx, input: { file: exportFile() } });
        const asOf = '2025-06-30';
        assert.deepEqual(await movements(ctx, asOf, 'cus_child_b'), ['2025-02 new 4900', '2025-06 churn -4900']);
        assert.deepEqual(await movements(ctx, asOf, 'cus_parent', 'parent'), [
          '2025-01 new 4900',
          '2025-02 expansion 4900',
          '2025-05 contraction -4900',
          '2025-06 churn -4900',
        ]);
        const rolled = await revenueMetrics({ ctx, query: { asOf, interval: 'month', rollup: 'parent' } });
        const plain = await revenueMetrics({ ctx, query: { asOf, interval: 'month' } });
        const feb = (rows: typeof plain) => rows.find((r) => r.window.label === '2025-02');
        assert.equal((feb(plain)?.payingCustomers ?? 0) - (feb(rolled)?.payingCustomers ?? 0), 1);
        assert.equal(feb(plain)?.mrrMinor, feb(rolled)?.mrrMinor);

        assert.deepEqual(await movements(ctx, asOf, 'cus_oldbill'), ['2025-01 new 4900', '2025-04 churn -4900']);
        assert.deepEqual(await movements(ctx, asOf, 'cus_newbill'), ['2025-04 new 4900']);
        await mergeAccounts({ ctx, from: 'cus_oldbill', into: 'cus_newbill' });
        assert.deepEqual(await movements(ctx, asOf, 'cus_newbill'), ['2025-01 new 4900']);
        assert.deepEqual(await movements(ctx, asOf, 'cus_oldbill'), []);
        const april = (await revenueMetrics({ ctx, query: { asOf, interval: 'month' } })).find(
          (r) => r.window.label === '2025-04',
        );
        assert.equal(
          april?.churnMrrMinor,
          (plain.find((r) => r.window.label === '2025-04')?.churnMrrMinor ?? 0) + 4900,
        );
        await assert.rejects(mergeAccounts({ ctx, from: 'cus_oldbill', into: 'cus_late' }), UsageError);
        await assert.rejects(mergeAccounts({ ctx, from: 'cus_late', into: 'cus_oldbill' }), UsageError);
        await assert.rejects(mergeAccounts({ ctx, from: 'cus_nobody', into: 'cus_late' }), UsageError);

        // Reversible: unmerged, the move is a churn and a new customer again.
        await unmergeAccount({ ctx, from: 'cus_oldbill' });
        assert.deepEqual(await movements(ctx, asOf, 'cus_newbill'), ['2025-04 new 4900']);
        const log = await store.query<{ action: string }>(`SELECT action FROM account_merge_log ORDER BY id`);
        assert.deepEqual(
          log.map((r) => r.action),
          ['merge', 'unmerge'],
        );

        // A file of pairs: all or nothing, errors naming the line and column.
        const dir = tempDir('tenure-merges-');
        const bad = path.join(dir, 'bad.csv');
        fs.writeFileSync(bad, 'from_account_id,into_account_id\ncus_oldbill,cus_newbill\ncus_child_a,cus_nobody\n');
        await assert.rejects(mergeAccountsFromFile({ ctx, input: { path: bad } }), (error: unknown) => {
          assert.ok(error instanceof InputError);
          assert.match(error.message, /bad\.csv:3: field "into_account_id" expected the id of an account/);
          return true;
        });
        assert.deepEqual(await movements(ctx, asOf, 'cus_newbill'), ['2025-04 new 4900']);
        const good = path.join(dir, 'good.csv');
        fs.writeFileSync(good, 'from_account_id,into_account_id\ncus_oldbill,cus_newbill\n');
        await mergeAccountsFromFile({ ctx, input: { path: good } });
        assert.deepEqual(await movements(ctx, asOf, 'cus_newbill'), ['2025-01 new 4900']);
      });
    });

    it('keeps a same-month signup and cancel out of the rates when recorded', async () => {
      await withStore(engine, async (store) => {
        await importStripe({ ctx: contextWith(store), input: { file: exportFile() } });
        const asOf = '2025-06-30';
        const feb = async (record: 'ignore' | 'record') =>
          (
            await revenueMetrics({
              ctx: contextWith(store, { sameMonthNewAndChurn: record }),
              query: { asOf, interval: 'month' },
            })
          ).find((r) => r.window.label === '2025-02');
        const [ignored, recorded] = [await feb('ignore'), await feb('record')];
        assert.equal((recorded?.churnedCustomers ?? 0) - (ignored?.churnedCustomers ?? 0), 1);
        assert.deepEqual(
          [
            recorded?.logoChurnRate,
            recorded?.grossMrrChurnRate,
            recorded?.netMrrChurnRate,
            recorded?.nrr,
            recorded?.grr,
          ],
          [ignored?.logoChurnRate, ignored?.grossMrrChurnRate, ignored?.netMrrChurnRate, ignored?.nrr, ignored?.grr],
        );
      });
    });

    it('committed ARR lists the scheduled cancellation; billing intervals break MRR down', async () => {
      await withStore(engine, async (store) => {
        const ctx = contextWith(store);
        await importStripe({ ctx, input: { file: exportFile() } });
        const asOf = '2025-06-30';
        const committed = await committedArrReport({ ctx, asOf });
        assert.deepEqual(
          committed.scheduledChurn.map((c) => [c.date, c.accountName, c.subscriptionId, c.arrMinor]),
          [['2026-01-01', 'Leaving Soon', 'sub_leaving', 2_400_000]],
        );
        const metrics = await revenueMetrics({ ctx, query: { asOf, interval: 'month' } });
        const june = metrics.find((r) => r.window.label === '2025-06');
        assert.equal(committed.arrMinor, june?.arrMinor);
        assert.equal(committed.committedArrMinor, committed.arrMinor - 2_400_000);
        const byInterval = await revenueMetrics({ ctx, query: { asOf, interval: 'month', by: 'billing_interval' } });
        const juneBy = byInterval.filter((r) => r.window.label === '2025-06');
        assert.deepEqual(
          juneBy.map((r) => [r.group, r.mrrMinor]),
          [
            ['month', (june?.mrrMinor ?? 0) - 400_000],
            ['year', 400_000], // the cancelled annual plan still counts until its paid year ends, and Leaving Soon
          ],
        );
      });
    });
  });
}
