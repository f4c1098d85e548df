// Searching accounts matches the typed text literally: `_` and `%` (LIKE wildcards) find only names and ids that
// hold them, over HTTP as in the service. On every engine.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../src/http/app.ts';
import type { App } from '../src/http/types.ts';
import { createApiKey } from '../src/services/api-keys.ts';
import { importAccounts } from '../src/services/import-accounts.ts';
import type { Store } from '../src/store/types.ts';
import { engines, testContext } from './helpers/store.ts';

const CSV = `id,name
acme,Acme Corp
under_score,Under Score Ltd
percent,100% Cotton
plain,Plain Co
back,Back\\slash Inc
`;

for (const engine of engines()) {
  describe(`account search (${engine.name})`, () => {
    let store: Store;
    let app: App;
    let key: string;
    before(async () => {
      store = await engine.open();
      const ctx = testContext(store);
      await importAccounts({ ctx, input: { text: CSV, name: 'a.csv' } });
      key = (await createApiKey({ ctx, scope: 'read' })).key;
      app = await buildApp({ ctx });
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    const search = async (q: string) => {
      const response = await app.inject({
        url: `/api/v1/accounts?asOf=2026-06-15&q=${encodeURIComponent(q)}`,
        headers: { authorization: `Bearer ${key}` },
      });
      assert.equal(response.statusCode, 200, response.body);
      return response
        .json<{ items: { externalId: string }[] }>()
        .items.map((a) => a.externalId)
        .sort();
    };

    it('matches _, %, and \\ literally, not as wildcards', async () => {
      assert.deepEqual(await search('_'), ['under_score']);
      assert.deepEqual(await search('%'), ['percent']);
      assert.deepEqual(await search('0%'), ['percent']);
      assert.deepEqual(await search('\\'), ['back']);
      assert.deepEqual(await search('e_x'), []);
      assert.deepEqual(await search('CO'), ['acme', 'percent', 'plain', 'under_score']);
    });
  });
}
