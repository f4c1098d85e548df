import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importFx } from '../src/services/import-fx.ts';
import { importInvoices } from '../src/services/import-invoices.ts';
import { importSubscriptions } from '../src/services/import-subscriptions.ts';
import { countRows, csvFixture, rejectsWith, withStore } from './helpers/import.ts';
import { engines, testContext } from './helpers/store.ts';

const INVOICE_HEADER = 'invoice_id,customer_id,invoice_date,period_start,period_end,amount,currency';

for (const engine of engines()) {
  describe(`CSV import of invoices on ${engine.name}`, () => {
    it('refuses a billing row no figure could use: no FX rate on or before its date, or a year like 0025', async () => {
      await withStore(engine, async (store) => {
        const ctx = testContext(store);
        const periods = (row: string) =>
          importSubscriptions({
            ctx,
            input: {
              text: `subscription_id,customer_id,start_date,end_date,monthly_amount,currency\n${row}\n`,
              name: 'p.csv',
            },
          });
        await rejectsWith(
          periods('s1,a,2024-01-01,,10,EUR'),
          'p.csv:2:',
          'field "currency"',
          'EUR→USD FX rate on or before 2024-01-01',
          'import FX rates first',
        );
        await rejectsWith(
          periods('s1,a,0025-01-01,,10,USD'),
          'p.csv:2:',
          'field "start_date"',
          '1970-01-01 and 2100-12-31',
          '"0025-01-01"',
        );
        await rejectsWith(periods('s1,a,2024-01-01,2202-01-01,10,USD'), 'p.csv:2:', 'field "end_date"', '"2202-01-01"');
        await importFx({ ctx, input: { path: csvFixture('fx.csv') } });
        await rejectsWith(periods('s1,a,2023-12-31,,10,EUR'), 'p.csv:2:', 'the first is on 2024-01-01');
        const lines = (row: string) =>
          importInvoices({ ctx, input: { text: `${INVOICE_HEADER}\n${row}\n`, name: 'inv.csv' } });
        await rejectsWith(
          lines('i1,a,2024-01-01,2023-12-01,2024-01-01,1,EUR'),
          'inv.csv:2:',
          'field "currency"',
          'on or before 2023-12-01',
        );
        await rejectsWith(lines('i1,a,2024-01-01,0025-01-01,2024-01-01,1,USD'), 'inv.csv:2:', 'field "period_start"');
        assert.deepEqual(await countRows(store, 'subscription_periods', 'invoice_lines', 'accounts'), {
          subscription_periods: 0,
          invoice_lines: 0,
          accounts: 0,
        });
        const ok = await periods('s1,a,2024-01-02,,10,EUR');
        assert.equal(ok.created, 1);
      });
    });

    it('writes invoices with totals from their lines, idempotently', async () => {
      await withStore(engine, async (store) => {
        const ctx = testContext(store);
        await importFx({ ctx, input: { path: csvFixture('fx.csv') } }); // EUR lines need a rate
        const first = await importInvoices({ ctx, input: { path: csvFixture('invoices.csv') } });
        assert.deepEqual([first.read, first.created, first.updated, first.unchanged], [4, 4, 0, 0]);
        assert.deepEqual(first.byKind?.invoices, { created: 3, updated: 0, unchanged: 0 });
        assert.deepEqual(first.byKind?.accounts, { created: 3, updated: 0, unchanged: 0 });
        const invoices = await store.query(
          `SELECT external_id, status, currency, issued_at, subscription_external_id,
                  subtotal_minor, discount_minor, tax_minor, total_minor
           FROM invoices ORDER BY external_id`,
        );
        assert.deepEqual(
          invoices.map((i) => ({ ...i, issued_at: (i.issued_at as Date).toISOString() })),
          [
            {
              external_id: 'in_1',
              status: 'paid',
              currency: 'USD',
              issued_at: '2024-01-01T00:00:00.000Z',
              subscription_external_id: 'sub_1',
              subtotal_minor: 4999 + 1000 + 2000,
              discount_minor: 1000,
              tax_minor: 700,
              total_minor: 4999 + 2000 + 700,
            },
            {
              external_id: 'in_2',
              status: 'open',
              currency: 'EUR',
              issued_at: '2024-01-15T10:30:00.000Z',
              subscription_external_id: 'sub_9',
              subtotal_minor: 1200000,
              discount_minor: 0,
              tax_minor: 0,
              total_minor: 1200000,
            },
            {
              external_id: 'in_3',
              status: 'paid',
              currency: 'JPY',
              issued_at: '2024-02-01T00:00:00.000Z',
              subscription_external_id: null,
              subtotal_minor: 1500,
              discount_minor: 0,
              tax_minor: 0,
              total_minor: 1500,
            },
          ],
        );
        const lines = await store.query(
          `SELECT external_id, amount_minor, quantity, description, proration, recurring, period_start, period_end
           FROM invoice_lines ORDER BY external_id`,
        );
        assert.deepEqual(
          lines.map((l) => l.external_id),
          ['in_1#1', 'in_1#2', 'in_2-a', 'in_3#1'],
        );
        assert.deepEqual(lines[1], {
          external_id: 'in_1#2',
          amount_minor: 2000,
          quantity: 2,
          description: 'Extra seats, 2',
          proration: false,
          recurring: true,
          period_start: '2024-01-01',
          period_end: '2024-02-01',
        });
        const again = await importInvoices({ ctx, input: { path: csvFixture('invoices.csv') } });
        assert.deepEqual([again.created, again.updated, again.unchanged], [0, 0, 4]);
        assert.deepEqual(again.byKind?.invoices, { created: 0, updated: 0, unchanged: 3 });
      });
    });

    it('replaces the lines of a re-imported invoice and updates its totals', async () => {
      await withStore(engine, async (store) => {
        const ctx = testContext(store);
        const two = `${INVOICE_HEADER}\ni1,a,2024-01-01,2024-01-01,2024-02-01,10,USD\ni1,a,2024-01-01,2024-01-01,2024-02-01,5,USD\n`;
        await importInvoices({ ctx, input: { text: two, name: 'two.csv' } });
        const one = `${INVOICE_HEADER}\ni1,a,2024-01-01,2024-01-01,2024-02-01,12,USD\n`;
        const summary = await importInvoices({ ctx, input: { text: one, name: 'one.csv' } });
        assert.deepEqual([summary.created, summary.updated, summary.unchanged], [0, 1, 0]);
        assert.deepEqual(summary.byKind?.invoices, { created: 0, updated: 1, unchanged: 0 });
        const [invoice] = await store.query(`SELECT total_minor FROM invoices`);
        assert.equal(invoice?.total_minor, 1200);
        assert.deepEqual(await store.query(`SELECT external_id, amount_minor FROM invoice_lines`), [
          { external_id: 'i1#1', amount_minor: 1200 },
        ]);
      });
    });

    it('refuses bad invoice lines and writes nothing', async () => {
      await withStore(engine, async (store) => {
        const ctx = testContext(store);
        await importFx({ ctx, input: { path: csvFixture('fx.csv') } });
        const bad = (rows: string, header = INVOICE_HEADER) =>
          importInvoices({ ctx, input: { text: `${header}\n${rows}\n`, name: 'inv.csv' } });
        await rejectsWith(
          bad('i1,a,2024-01-01,2024-01-01,2024-02-01,1.005,USD'),
          'inv.csv:2:',
          'field "amount"',
          '"1.005"',
        );
        await rejectsWith(bad('i1,a,2024-01-01,2024-01-01,2024-02-01,-5,USD'), 'field "amount"', 'non-negative');
        await rejectsWith(bad('i1,a,2024-01-01,2024-01-01,2024-02-01,1.5,JPY'), 'field "amount"', 'JPY', '"1.5"');
        await rejectsWith(bad('i1,a,2024-01-01,2024-01-01,2024-02-01,1,US'), 'field "currency"', 'ISO 4217', '"US"');
        await rejectsWith(bad('i1,a,2024-01-01,2024-02-01,2024-01-01,1,USD'), 'field "period_end"', 'on or after');
        await rejectsWith(bad('i1,a,2024-01-01T25:00:00Z,2024-01-01,2024-02-01,1,USD'), 'field "invoice_date"');
        await rejectsWith(
          bad('i1,a,2024-01-01,2024-01-01,2024-02-01,1,USD\ni1,a,2024-01-01,2024-01-01,2024-02-01,1,EUR'),
          'inv.csv:3:',
          'field "currency"',
          'line 2',
          '"EUR"',
        );
        await rejectsWith(
          bad(
            'i1,a,x,2024-01-01,2024-01-01,2024-02-01,1,USD\ni2,a,x,2024-01-01,2024-01-01,2024-02-01,1,USD',
            'invoice_id,customer_id,line_id,issued_at,period_start,period_end,amount,currency',
          ),
          'inv.csv:3:',
          'field "line_id"',
          'line 2',
        );
        await rejectsWith(
          bad(
            'i1,a,2024-01-01,2024-01-01,2024-02-01,1,USD',
            'invoice_id,customer_id,invoice_date,period_start,period_end,amount',
          ),
          'inv.csv:1:',
          'currency',
          'columns invoice_id',
        );
        await rejectsWith(
          importInvoices({
            ctx,
            input: {
              text: `${INVOICE_HEADER},status\ni1,a,2024-01-01,2024-01-01,2024-02-01,1,USD,refunded\n`,
              name: 'inv.csv',
            },
          }),
          'field "status"',
          'draft, open, paid, void, uncollectible',
        );
        assert.deepEqual(await countRows(store, 'accounts', 'invoices', 'invoice_lines', 'import_runs'), {
          accounts: 0,
          invoices: 0,
          invoice_lines: 0,
          import_runs: 1, // the FX rates
        });
      });
    });
  });

  describe(`CSV import of FX rates on ${engine.name}`, () => {
    it('imports daily rates quoted in the reporting currency; only a changed value is an update', async () => {
      await withStore(engine, async (store) => {
        const ctx = testContext(store);
        const first = await importFx({ ctx, input: { path: csvFixture('fx.csv') } });
        assert.deepEqual([first.read, first.created, first.updated, first.unchanged], [4, 4, 0, 0]);
        assert.deepEqual(
          await store.query(
            `SELECT on_date, currency, quote, rate::text AS rate FROM fx_rates ORDER BY on_date, currency`,
          ),
          [
            { on_date: '2024-01-01', currency: 'EUR', quote: 'USD', rate: '1.105000000000' },
            { on_date: '2024-01-01', currency: 'JPY', quote: 'USD', rate: '0.007000000000' },
            { on_date: '2024-01-02', currency: 'EUR', quote: 'USD', rate: '1.095000000000' },
            { on_date: '2024-01-02', currency: 'GBP', quote: 'USD', rate: '1.270000000000' },
          ],
        );
        const text = 'Date,Currency,Rate\n2024-01-01,eur,1.105\n2024-01-02,EUR,1.1\n';
        const second = await importFx({ ctx, input: { text, name: 'fx2.csv' } });
        assert.deepEqual([second.created, second.updated, second.unchanged], [0, 1, 1]);
        const quoted = await importFx({
          ctx,
          input: { text: 'date,currency,quote,rate\n2024-01-01,USD,EUR,0.905\n', name: 'q.csv' },
        });
        assert.equal(quoted.created, 1);
      });
    });

    it('refuses bad rates and writes nothing', async () => {
      await withStore(engine, async (store) => {
        const ctx = testContext(store);
        const bad = (rows: string) =>
          importFx({ ctx, input: { text: `date,currency,rate\n${rows}\n`, name: 'fx.csv' } });
        await rejectsWith(bad('2024-01-01,EUR,0'), 'fx.csv:2:', 'field "rate"', 'decimal > 0', '"0"');
        await rejectsWith(bad('2024-01-01,EUR,-1.1'), 'field "rate"', '"-1.1"');
        await rejectsWith(bad('2024-01-01,EUR,1,1'), 'fx.csv:2:', '3 fields like the header');
        await rejectsWith(bad('2024-01-01,EUR,0.0000000000001'), 'field "rate"');
        await rejectsWith(bad('2024-02-30,EUR,1.1'), 'field "date"', '"2024-02-30"');
        await rejectsWith(bad('2024-01-01,USD,1'), 'field "currency"', 'other than the quote USD');
        await rejectsWith(bad('2024-01-01,EUR,1.1\n2024-01-02,EUR,1.1\n2024-01-01,EUR,1.2'), 'fx.csv:4:', 'line 2');
        assert.deepEqual(await countRows(store, 'fx_rates', 'import_runs'), { fx_rates: 0, import_runs: 0 });
      });
    });
  });
}
