import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { importAccounts, importContacts } from '../src/services/import-accounts.ts';
import { importSubscriptions } from '../src/services/import-subscriptions.ts';
import { countRows, csvFixture as fixture, DBT_FIXTURE as DBT, rejectsWith, withStore } from './helpers/import.ts';
import { engines, testContext } from './helpers/store.ts';

for (const engine of engines()) {
  describe(`CSV import of subscriptions on ${engine.name}`, () => {
    it('imports the dbt mrr-playbook fixture: 121 periods of 55 accounts; a second run changes nothing', async () => {
      await withStore(engine, async (store) => {
        const ctx = testContext(store);
        const first = await importSubscriptions({ ctx, input: { path: DBT } });
        assert.deepEqual([first.read, first.created, first.updated, first.unchanged], [121, 121, 0, 0]);
        assert.deepEqual(first.byKind?.accounts, { created: 55, updated: 0, unchanged: 0 });
        assert.deepEqual(await countRows(store, 'subscription_periods', 'accounts'), {
          subscription_periods: 121,
          accounts: 55,
        });
        const [sample] = await store.query(
          `SELECT p.start_on, p.end_on, p.monthly_amount_minor, p.currency, a.external_id, a.name, a.source
           FROM subscription_periods p JOIN accounts a ON a.id = p.account_id
           WHERE p.subscription_external_id = '1'`,
        );
        assert.deepEqual(sample, {
          start_on: '2018-11-01',
          end_on: '2019-02-01',
          monthly_amount_minor: 5000,
          currency: 'USD',
          external_id: '1',
          name: '1',
          source: 'implicit',
        });
        const snapshot = `SELECT * FROM subscription_periods ORDER BY id`;
        const before = await store.query(snapshot);
        const second = await importSubscriptions({ ctx, input: { path: DBT } });
        assert.deepEqual([second.read, second.created, second.updated, second.unchanged], [121, 0, 0, 121]);
        assert.deepEqual(second.byKind?.accounts, { created: 0, updated: 0, unchanged: 55 });
        assert.deepEqual(await store.query(snapshot), before);
        assert.deepEqual(await countRows(store, 'import_runs'), { import_runs: 2 });
      });
    });

    it('reports progress, and counts a changed amount as one update', async () => {
      await withStore(engine, async (store) => {
        const calls: string[] = [];
        const progress = {
          start: (total: number, label: string) => calls.push(`start ${total} ${label}`),
          update: (done: number) => calls.push(`update ${done}`),
          stop: () => calls.push('stop'),
        };
        const ctx = { ...testContext(store), progress };
        await importSubscriptions({ ctx, input: { path: DBT } });
        assert.deepEqual(calls, ['start 121 subscription periods', 'update 121', 'stop']);
        const text = readFileSync(DBT, 'utf8').replace(
          '\n1,1,2018-11-01,2019-02-01,50\n',
          '\n1,1,2018-11-01,2019-02-01,55.5\n',
        );
        const changed = await importSubscriptions({ ctx, input: { text, name: 'changed.csv' } });
        assert.deepEqual([changed.created, changed.updated, changed.unchanged], [0, 1, 120]);
        const [row] = await store.query(
          `SELECT monthly_amount_minor FROM subscription_periods WHERE subscription_external_id = '1'`,
        );
        assert.equal(row?.monthly_amount_minor, 5550);
      });
    });

    it('refuses a file with a bad date on line 21 and writes nothing', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'tenure-csv-'));
      try {
        const lines = readFileSync(DBT, 'utf8').split('\n');
        assert.equal(lines[20], '20,9,2018-05-01,2018-06-01,85');
        lines[20] = '20,9,2019-02-30,2018-06-01,85';
        const file = path.join(dir, 'bad.csv');
        await writeFile(file, lines.join('\n'));
        await withStore(engine, async (store) => {
          const error = await rejectsWith(
            importSubscriptions({ ctx: testContext(store), input: { path: file } }),
            `${file}:21:`,
            'field "start_date"',
            'YYYY-MM-DD',
            '"2019-02-30"',
          );
          assert.equal(error.location.line, 21);
          assert.equal(error.field, 'start_date');
          assert.deepEqual(await countRows(store, 'accounts', 'subscription_periods', 'import_runs'), {
            accounts: 0,
            subscription_periods: 0,
            import_runs: 0,
          });
        });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('never overwrites an account it references', async () => {
      await withStore(engine, async (store) => {
        const ctx = testContext(store);
        await importAccounts({ ctx, input: { text: 'id,name,segment\n1,First Customer,SMB\n', name: 'a.csv' } });
        await importSubscriptions({ ctx, input: { path: DBT } });
        const [account] = await store.query(`SELECT name, segment, source FROM accounts WHERE external_id = '1'`);
        assert.deepEqual(account, { name: 'First Customer', segment: 'SMB', source: 'csv' });
      });
    });
  });

  describe(`CSV import of accounts and contacts on ${engine.name}`, () => {
    it('imports accounts with attributes and size bands, idempotently', async () => {
      await withStore(engine, async (store) => {
        const ctx = testContext(store);
        const first = await importAccounts({ ctx, input: { path: fixture('accounts.csv') } });
        assert.deepEqual([first.read, first.created, first.updated, first.unchanged], [5, 5, 0, 0]);
        const rows = await store.query(
          `SELECT external_id, name, industry, employee_count, size_band, segment, icp_fit, owner_csm,
                  parent_external_id, first_seen_on, attributes, source
           FROM accounts ORDER BY external_id`,
        );
        assert.deepEqual(rows[0], {
          external_id: 'acme',
          name: 'Acme Corp',
          industry: 'Manufacturing',
          employee_count: 8,
          size_band: '1-10',
          segment: 'SMB',
          icp_fit: true,
          owner_csm: 'dana@example.com',
          parent_external_id: null,
          first_seen_on: '2019-03-01',
          attributes: { Region: 'EMEA', 'Plan Tier': 'starter' },
          source: 'csv',
        });
        const byId = new Map(rows.map((r) => [r.external_id, r]));
        assert.equal(byId.get('globex')?.name, 'Globex, Inc.');
        assert.equal(byId.get('globex')?.size_band, '1001-5000');
        assert.deepEqual(byId.get('globex')?.attributes, { Region: 'NA' });
        assert.equal(byId.get('initech')?.size_band, '1-10');
        assert.equal(byId.get('initech')?.icp_fit, false);
        assert.equal(byId.get('initech')?.parent_external_id, 'globex');
        assert.equal(byId.get('umbrella')?.industry, 'Pharma\n& Biotech');
        assert.equal(byId.get('umbrella')?.size_band, '5001+');
        assert.equal(byId.get('hooli')?.size_band, null);
        assert.deepEqual(byId.get('hooli')?.attributes, {});
        const again = await importAccounts({ ctx, input: { path: fixture('accounts.csv') } });
        assert.deepEqual([again.created, again.updated, again.unchanged], [0, 0, 5]);
      });
    });

    it('keeps a given size band, updates changed rows and upgrades an implicit account', async () => {
      await withStore(engine, async (store) => {
        const ctx = testContext(store);
        await importSubscriptions({
          ctx,
          input: {
            text: 'subscription_id,customer_id,start_date,end_date,monthly_amount\ns1,acme,2024-01-01,,10\n',
            name: 's.csv',
          },
        });
        const text = 'id,name,employee_count,size_band\nacme,Acme,30,Startup\nbeta,Beta,51,\n';
        const summary = await importAccounts({ ctx, input: { text, name: 'a.csv' } });
        assert.deepEqual([summary.created, summary.updated, summary.unchanged], [1, 1, 0]);
        const rows = await store.query(
          `SELECT external_id, name, size_band, source FROM accounts ORDER BY external_id`,
        );
        assert.deepEqual(rows, [
          { external_id: 'acme', name: 'Acme', size_band: 'Startup', source: 'csv' },
          { external_id: 'beta', name: 'Beta', size_band: '51-200', source: 'csv' },
        ]);
      });
    });

    it('refuses bad account values and duplicate ids, naming the line and column', async () => {
      await withStore(engine, async (store) => {
        const ctx = testContext(store);
        const bad = (text: string) => importAccounts({ ctx, input: { text, name: 'accounts.csv' } });
        await rejectsWith(bad('id,name,icp_fit\na,A,maybe\n'), 'accounts.csv:2:', 'field "icp_fit"', '"maybe"');
        await rejectsWith(bad('id,name,employee_count\na,A,-3\n'), 'accounts.csv:2:', 'employee_count', 'whole number');
        await rejectsWith(bad('id,name,first_seen\na,A,2023-13-01\n'), 'field "first_seen"', '"2023-13-01"');
        await rejectsWith(bad('id,name\na,A\nb,\n'), 'accounts.csv:3:', 'field "name"', 'expected a value');
        await rejectsWith(bad('ID,name\na,A\nb,B\na,A again\n'), 'accounts.csv:4:', 'field "ID"', 'line 2', '"a"');
        await rejectsWith(
          bad('name,industry\nA,Tech\n'),
          'accounts.csv:1:',
          'id or external_id',
          'columns name, industry',
        );
        await rejectsWith(bad('id,account_id,name\na,b,A\n'), 'accounts.csv:1:', 'columns id and account_id');
        await rejectsWith(bad('id,name,parent_id\na,A,a\n'), 'field "parent_id"', 'another account');
        assert.deepEqual(await countRows(store, 'accounts', 'import_runs'), { accounts: 0, import_runs: 0 });
      });
    });

    it('imports contacts, creating accounts they name that are not stored yet', async () => {
      await withStore(engine, async (store) => {
        const ctx = testContext(store);
        await importAccounts({ ctx, input: { path: fixture('accounts.csv') } });
        const first = await importContacts({ ctx, input: { path: fixture('contacts.csv') } });
        assert.deepEqual([first.read, first.created, first.updated, first.unchanged], [3, 3, 0, 0]);
        assert.deepEqual(first.byKind?.accounts, { created: 1, updated: 0, unchanged: 1 });
        const rows = await store.query(
          `SELECT c.external_id, c.email, c.role, c.attributes, a.external_id AS account
           FROM contacts c JOIN accounts a ON a.id = c.account_id ORDER BY c.external_id`,
        );
        assert.deepEqual(rows[1], {
          external_id: 'dana@acme.example',
          email: 'Dana@Acme.example',
          role: 'champion',
          attributes: { linkedin: 'https://linkedin.example/dana' },
          account: 'acme',
        });
        assert.equal(rows[0]?.account, 'newco');
        const again = await importContacts({ ctx, input: { path: fixture('contacts.csv') } });
        assert.deepEqual([again.created, again.updated, again.unchanged], [0, 0, 3]);
        await rejectsWith(
          importContacts({ ctx, input: { text: 'account_id,email\nacme,not-an-email\n', name: 'c.csv' } }),
          'c.csv:2:',
          'field "email"',
        );
      });
    });
  });
}
