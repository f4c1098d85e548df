// Uploads never answer 500: files that are not UTF-8, NULs, extreme dates and amounts, deeply nested or unstorable
// Stripe JSON and malformed multipart bodies get a 4xx that says what is wrong (a 422 names its line), never the
// server's temporary path, and nothing of a refused file is written. On every engine.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../../src/http/app.ts';
import type { App } from '../../src/http/types.ts';
import { createApiKey } from '../../src/services/api-keys.ts';
import type { Store } from '../../src/store/types.ts';
import { engines, testContext } from '../helpers/store.ts';

const BOUNDARY = '----tenure-hostile';
const STRIPE_EXPORT = path.resolve(import.meta.dirname, '../fixtures/stripe/export.json');

function multipart(name: string, content: Buffer | string): Buffer {
  return Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
        `Content-Type: application/octet-stream\r\n\r\n`,
    ),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

const ACCOUNTS = 'Account ID,Name,Employee Count,First Seen\nacme,Acme,8,2019-03-01\n';
const deep = (n: number): unknown => (n === 0 ? 'x' : { metadata: deep(n - 1) });

interface Problem {
  status: number;
  detail: string;
  errors?: { line?: number; field?: string }[];
}

for (const engine of engines()) {
  describe(`hostile uploads (${engine.name})`, () => {
    let store: Store;
    let app: App;
    let headers: Record<string, string>;
    const upload = async (kind: string, body: Buffer, contentType = `multipart/form-data; boundary=${BOUNDARY}`) => {
      const response = await app.inject({
        method: 'POST',
        url: `/api/v1/imports/${kind}`,
        payload: body,
        headers: { ...headers, 'content-type': contentType },
      });
      assert.ok(response.statusCode < 500, `${kind}: ${response.statusCode} ${response.body}`);
      assert.doesNotMatch(response.body, /tenure-upload-|\/tmp\//, 'no server path in the answer');
      return { status: response.statusCode, problem: response.json<Problem>() };
    };
    const accounts = async () => Number((await store.query<{ n: number }>(`SELECT count(*) AS n FROM accounts`))[0]?.n);

    before(async () => {
      store = await engine.open();
      const ctx = testContext(store);
      headers = { authorization: `Bearer ${(await createApiKey({ ctx, scope: 'write' })).key}` };
      app = await buildApp({ ctx });
      await app.ready();
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    it('refuses CSV that is not UTF-8 with "not UTF-8" and the line', async () => {
      const cases: [string, Buffer, number, RegExp][] = [
        ['latin1.csv', Buffer.from(`${ACCOUNTS}zurich,Zürich AG,3,2020-01-01\n`, 'latin1'), 3, /not UTF-8/],
        ['bom16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ACCOUNTS, 'utf16le')]), 1, /UTF-16/],
        ['plain16.csv', Buffer.from(ACCOUNTS, 'utf16le'), 1, /NUL byte: not UTF-8/],
        ['nul.csv', Buffer.from(`${ACCOUNTS}ini\u0000tech,Initech,3,2020-01-01\n`), 3, /NUL byte/],
      ];
      for (const [name, bytes, line, reason] of cases) {
        const { status, problem } = await upload('accounts', multipart(name, bytes));
        assert.equal(status, 422, name);
        assert.match(problem.detail, new RegExp(`^${name.replace('.', '\\.')}:${line}: `), name);
        assert.match(problem.detail, reason, name);
        assert.equal(problem.errors?.[0]?.line, line, name);
      }
      for (const kind of ['subscriptions', 'invoices', 'fx', 'contacts']) {
        const { status, problem } = await upload(kind, multipart('x.csv', Buffer.from('a,b\nÄ,1\n', 'latin1')));
        assert.equal(status, 422, kind);
        assert.match(problem.detail, /^x\.csv:2: .*not UTF-8/, kind);
      }
      assert.equal(await accounts(), 0);
    });

    it('names the real reason for extreme dates, amounts and counts, with the line', async () => {
      const subscriptions = (row: string) =>
        multipart('subs.csv', `subscription_id,customer_id,start_date,end_date,monthly_amount\n${row}\n`);
      const cases: [Buffer, string, RegExp][] = [
        [
          subscriptions('s,c,0001-01-01,,10'),
          'subscriptions',
          /"start_date" expected a date YYYY-MM-DD between 1970-01-01/,
        ],
        [subscriptions('s,c,99999-01-01,,10'), 'subscriptions', /"start_date" expected a date YYYY-MM-DD/],
        [subscriptions('s,c,2024-02-30,,10'), 'subscriptions', /"start_date" expected a date YYYY-MM-DD/],
        [
          subscriptions('s,c,2024-01-01,,99999999999999999'),
          'subscriptions',
          /USD amount of at most 90071992547409\.91/,
        ],
        [subscriptions('s,c,2024-01-01,,10.555'), 'subscriptions', /USD amount with at most 2 decimals/],
        [multipart('a.csv', 'id,name,employees\na,A,99999999999\n'), 'accounts', /"employees" expected a whole number/],
      ];
      for (const [body, kind, reason] of cases) {
        const { status, problem } = await upload(kind, body);
        assert.equal(status, 422);
        assert.match(problem.detail, reason);
        assert.equal(problem.errors?.[0]?.line, 2);
      }
    });

    it('refuses Stripe JSON that is not UTF-8, nested too deep or holding NUL, under the upload name', async () => {
      const customer = (metadata: unknown) =>
        JSON.stringify({ customers: [{ id: 'cus_1', object: 'customer', metadata }] });
      const cases: [Buffer, RegExp][] = [
        [Buffer.from(customer({ city: 'Zürich' }), 'latin1'), /^export\.json:1: expected UTF-8 text.*not UTF-8/],
        [Buffer.from(customer(deep(100))), /^export\.json: field ".*metadata.*" expected .*nested at most 64/],
        [Buffer.from(customer({ note: 'a\u0000b' })), /^export\.json: field "customers\[0\]\.metadata\.note" .*NUL/],
        [Buffer.from('{"customers": [\n{"id": }]}'), /^export\.json:2: expected a JSON document/],
      ];
      for (const [bytes, reason] of cases) {
        const { status, problem } = await upload('stripe', multipart('export.json', bytes));
        assert.equal(status, 422, problem.detail);
        assert.match(problem.detail, reason);
      }
    });

    it('refuses Stripe objects with timestamps no date can hold, naming the object and field', async () => {
      const exported = JSON.parse(await readFile(STRIPE_EXPORT, 'utf8')) as {
        subscriptions: { data: Record<string, unknown>[] };
      };
      const [first] = exported.subscriptions.data;
      assert.ok(first);
      first.start_date = 9_000_000_000_000;
      const { status, problem } = await upload('stripe', multipart('export.json', JSON.stringify(exported)));
      assert.equal(status, 422, problem.detail);
      assert.match(
        problem.detail,
        /object sub_\w+: field "start_date" expected a time before 2101-01-01 \(Unix seconds\)/,
      );
    });

    it('answers a malformed multipart body with a 4xx that says so', async () => {
      const good = multipart('a.csv', ACCOUNTS);
      const cases: [Buffer, string | undefined][] = [
        [good.subarray(0, good.length - 30), undefined],
        [Buffer.from('not multipart at all'), undefined],
        [good, 'multipart/form-data'],
        [good, 'multipart/form-data; boundary=other'],
        [
          Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="x"\r\n\r\nv\r\n--${BOUNDARY}--\r\n`),
          undefined,
        ],
      ];
      for (const [body, type] of cases) {
        const { status, problem } = await upload('accounts', body, type);
        assert.ok(status >= 400 && status < 500, `${status} ${problem.detail}`);
        assert.ok(problem.detail.length > 10, problem.detail);
      }
      assert.equal(await accounts(), 0);
      // The same body, well formed, is imported.
      assert.equal((await upload('accounts', good)).status, 200);
    });
  });
}
