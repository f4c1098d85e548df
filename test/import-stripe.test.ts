import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { InputError } from '../src/services/errors.ts';
import { importStripe, type StripeImportSummary } from '../src/services/import-stripe.ts';
import { expectedSnapshot } from './fixtures/stripe/expected.ts';
import { startFakeStripe, type FakeStripe } from './fixtures/stripe/fake-api.ts';
import { counts, snapshot } from './fixtures/stripe/snapshot.ts';
import { runTenure, tempDir } from './helpers/cli.ts';
import { engines, testContext } from './helpers/store.ts';

type Obj = Record<string, unknown>;
const fixtures = path.join(import.meta.dirname, 'fixtures', 'stripe');
const exportFile = path.join(fixtures, 'export.json');
const pagedDir = path.join(fixtures, 'paged');
const readExport = () => JSON.parse(fs.readFileSync(exportFile, 'utf8')) as Record<string, { data: Obj[] }>;
const API_KEY = 'sk_test_tenure_fake_key';

const KIND_TOTALS = { customers: 7, plans: 5, subscriptions: 6, items: 6, discounts: 3, invoices: 7, invoice_lines: 9 };
const allCounts = (field: 'created' | 'unchanged') =>
  Object.fromEntries(
    Object.entries(KIND_TOTALS).map(([kind, n]) => [
      kind,
      { created: field === 'created' ? n : 0, updated: 0, unchanged: field === 'unchanged' ? n : 0 },
    ]),
  );

/** Writes a changed copy of export.json, returning its path. */
function variant(change: (data: Record<string, { data: Obj[] }>) => void): string {
  const data = readExport();
  change(data);
  const file = path.join(tempDir('tenure-stripe-'), 'export.json');
  fs.writeFileSync(file, JSON.stringify(data));
  return file;
}

const find = (list: { data: Obj[] } | undefined, id: string): Obj => {
  const found = list?.data.find((o) => o.id === id);
  assert.ok(found, id);
  return found;
};
const firstItem = (sub: Obj): Obj => (sub.items as { data: Obj[] }).data[0]!;

for (const engine of engines()) {
  describe(`Stripe import on ${engine.name}`, () => {
    it('imports an export: exact rows, counts by kind, and the import log', async () => {
      const store = await engine.open();
      try {
        const summary = await importStripe({ ctx: testContext(store), input: { file: exportFile } });
        assert.deepEqual(await snapshot(store), expectedSnapshot);
        assert.deepEqual(summary.byKind, allCounts('created'));
        assert.deepEqual(
          [summary.kind, summary.read, summary.created, summary.updated, summary.unchanged],
          ['stripe', 18, 43, 0, 0],
        );
        const runs = await store.query(`SELECT kind, source, rows_read, created, updated, unchanged FROM import_runs`);
        assert.deepEqual(runs, [
          { kind: 'stripe', source: exportFile, rows_read: 18, created: 43, updated: 0, unchanged: 0 },
        ]);
      } finally {
        await store.close();
      }
    });

    it('is idempotent: the paged export of the same objects changes nothing; changed objects update', async () => {
      const store = await engine.open();
      try {
        const ctx = testContext(store);
        await importStripe({ ctx, input: { file: exportFile } });
        const again = await importStripe({ ctx, input: { file: pagedDir } });
        assert.deepEqual(again.byKind, allCounts('unchanged'));
        assert.deepEqual(await snapshot(store), expectedSnapshot);

        // Acme renamed, Initech up to 15 seats, and Acme's item replaced by a new one (a plan change).
        const changed = variant((data) => {
          find(data.customers, 'cus_acme').name = 'Acme Corporation';
          firstItem(find(data.subscriptions, 'sub_initech')).quantity = 15;
          firstItem(find(data.subscriptions, 'sub_acme')).id = 'si_acme_pro_v2';
        });
        const third = await importStripe({ ctx, input: { file: changed } });
        assert.deepEqual(third.byKind.customers, { created: 0, updated: 1, unchanged: 6 });
        assert.deepEqual(third.byKind.items, { created: 1, updated: 1, unchanged: 4 });
        assert.deepEqual(third.byKind.subscriptions, { created: 0, updated: 0, unchanged: 6 });
        assert.deepEqual(third.removed, { items: 1, discounts: 0, invoice_lines: 0 });
        const items = await store.query(`SELECT external_id, quantity FROM subscription_items ORDER BY external_id`);
        assert.deepEqual(
          items.map((r) => r.external_id),
          [
            'si_acme_pro_v2',
            'si_globex_enterprise',
            'si_hooli_pro',
            'si_initech_seats',
            'si_umbrella_pro',
            'si_vandelay_starter',
          ],
        );
        assert.equal(items.find((r) => r.external_id === 'si_initech_seats')?.quantity, 15);
      } finally {
        await store.close();
      }
    });

    it('refuses a broken object with its file, id and field, and writes nothing', async () => {
      const store = await engine.open();
      try {
        const ctx = testContext(store);
        const cases: [string, (data: Record<string, { data: Obj[] }>) => void, string, string, RegExp][] = [
          [
            'bad interval',
            (data) => {
              const price = firstItem(find(data.subscriptions, 'sub_initech')).price as { recurring: Obj };
              price.recurring.interval = 'fortnight';
            },
            'sub_initech',
            'items.data[0].price.recurring.interval',
            /object sub_initech: field "items\.data\[0\]\.price\.recurring\.interval" expected one of day, week, month, year, found "fortnight"$/,
          ],
          [
            'missing customer',
            (data) => {
              delete find(data.subscriptions, 'sub_acme').customer;
            },
            'sub_acme',
            'customer',
            /object sub_acme: field "customer" expected an id or an expanded object$/,
          ],
          [
            'negative quantity',
            (data) => {
              firstItem(find(data.subscriptions, 'sub_initech')).quantity = -2;
            },
            'sub_initech',
            'items.data[0].quantity',
            /object sub_initech: field "items\.data\[0\]\.quantity" expected an integer >= 0, found "-2"$/,
          ],
        ];
        for (const [name, change, objectId, field, message] of cases) {
          const file = variant(change);
          await assert.rejects(importStripe({ ctx, input: { file } }), (error: unknown) => {
            assert.ok(error instanceof InputError, name);
            assert.deepEqual([error.location.file, error.location.objectId, error.field], [file, objectId, field]);
            assert.match(error.message, message);
            assert.ok(error.message.startsWith(`${file} object ${objectId}:`), error.message);
            return true;
          });
        }
        const empty = await counts(store);
        assert.ok(
          Object.values(empty).every((n) => n === 0),
          JSON.stringify(empty),
        );

        // On a store that already holds the export, a broken one leaves it exactly as it was.
        await importStripe({ ctx, input: { file: exportFile } });
        const broken = variant((data) => {
          find(data.customers, 'cus_acme').name = 'Changed, but never written';
          delete find(data.invoices, 'in_globex_2506').customer;
        });
        await assert.rejects(importStripe({ ctx, input: { file: broken } }), /in_globex_2506: field "customer"/);
        assert.deepEqual(await snapshot(store), expectedSnapshot);
        assert.equal((await counts(store)).import_runs, 1);
      } finally {
        await store.close();
      }
    });

    it('refuses an export whose list stops at a page with has_more', async () => {
      const store = await engine.open();
      try {
        const file = path.join(tempDir('tenure-stripe-'), 'page-1.json');
        fs.copyFileSync(path.join(pagedDir, '01-customers-page-1.json'), file);
        await assert.rejects(
          importStripe({ ctx: testContext(store), input: { file } }),
          /field "has_more" expected the last page of the customers list/,
        );
      } finally {
        await store.close();
      }
    });

    describe('live, through the stripe client against a local API', () => {
      let api: FakeStripe;
      before(async () => {
        const data = readExport();
        api = await startFakeStripe(
          {
            customers: data.customers?.data ?? [],
            subscriptions: data.subscriptions?.data ?? [],
            invoices: data.invoices?.data ?? [],
            products: data.products?.data ?? [],
            coupons: [],
          },
          { apiKey: API_KEY, embeddedLines: 2 },
        );
      });
      after(async () => {
        await api.close();
      });

      it('pages through every list and stores what the export import stores', async () => {
        const store = await engine.open();
        try {
          const ctx = testContext(store, { stripe: { apiKey: API_KEY, apiBase: api.url } });
          const summary: StripeImportSummary = await importStripe({ ctx, input: { live: { pageSize: 2 } } });
          assert.deepEqual(await snapshot(store), expectedSnapshot);
          assert.deepEqual(summary.byKind, allCounts('created'));
          assert.equal(summary.source, api.url);
          const paths = api.requests.map((r) => decodeURIComponent(r));
          assert.ok(paths.includes('/v1/customers?limit=2&starting_after=cus_globex'), paths.join('\n'));
          assert.ok(paths.some((r) => r.startsWith('/v1/subscriptions?') && r.includes('status=all')));
          assert.ok(paths.some((r) => r.startsWith('/v1/invoices/in_initech_2505/lines?limit=2')));
          assert.ok(paths.some((r) => r.startsWith('/v1/products?')));

          const again = await importStripe({ ctx, input: { live: { pageSize: 100 } } });
          assert.deepEqual(again.byKind, allCounts('unchanged'));
        } finally {
          await store.close();
        }
      });

      it('names the API when the key is refused, and writes nothing', async () => {
        const store = await engine.open();
        try {
          const ctx = testContext(store, { stripe: { apiKey: 'sk_test_wrong', apiBase: api.url } });
          await assert.rejects(
            importStripe({ ctx, input: { live: {} } }),
            /^Error: Stripe API http:\/\/127\.0\.0\.1:\d+: Invalid API Key provided$/,
          );
          assert.equal((await counts(store)).accounts, 0);
        } finally {
          await store.close();
        }
      });
    });
  });
}

describe('tenure import stripe (CLI)', () => {
  it('imports an export and prints the summary as JSON, then as text', () => {
    const dataDir = path.join(tempDir(), 'data');
    const json = runTenure(['import', 'stripe', '--file', exportFile, '--data-dir', dataDir, '--format', 'json']);
    assert.equal(json.status, 0, json.stderr);
    const summary = JSON.parse(json.stdout) as StripeImportSummary;
    assert.deepEqual([summary.read, summary.created, summary.byKind.invoice_lines.created], [18, 43, 9]);
    const text = runTenure(['import', 'stripe', '--file', pagedDir, '--data-dir', dataDir]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^read 18, created 0, updated 0, unchanged 43\n/);
    assert.match(text.stdout, /\n {2}invoice_lines: created 0, updated 0, unchanged 9\n$/);
  });

  it('exits 1 naming the object and field of bad input, 2 on bad usage', () => {
    const dataDir = path.join(tempDir(), 'data');
    const file = variant((data) => {
      firstItem(find(data.subscriptions, 'sub_initech')).quantity = -2;
    });
    const bad = runTenure(['import', 'stripe', '--file', file, '--data-dir', dataDir]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /object sub_initech: field "items\.data\[0\]\.quantity" expected an integer >= 0/);
    assert.equal(runTenure(['import', 'stripe', '--data-dir', dataDir]).status, 2);
    const noKey = runTenure(['import', 'stripe', '--live', '--data-dir', dataDir], { STRIPE_API_KEY: '' });
    assert.equal(noKey.status, 2);
    assert.match(noKey.stderr, /needs an API key/);
  });
});
