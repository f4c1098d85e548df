// `tenure user add` and `tenure apikey create|list|revoke` on an embedded store.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { verifyApiKey } from '../src/services/api-keys.ts';
import { checkPassword } from '../src/services/users.ts';
import { openStore } from '../src/store/open.ts';
import { runTenure, tempDir } from './helpers/cli.ts';
import { testContext } from './helpers/store.ts';

describe('tenure user and apikey', () => {
  it('adds users, prints a key once on its last line, stores only hashes, and revokes', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const tenure = (...args: string[]) => runTenure(['--data-dir', dataDir, ...args]);
    const added = tenure('user', 'add', '--email', 'Ann@Example.com', '--role', 'csm', '--password', 'twelve chars!');
    assert.equal(added.status, 0, added.stderr);
    assert.match(added.stdout, /Added csm ann@example.com/);
    assert.equal(tenure('user', 'add', '--email', 'b@example.com', '--role', 'boss', '--password', 'x').status, 2);
    assert.equal(
      tenure('user', 'add', '--email', 'b@example.com', '--role', 'viewer', '--password', 'short').status,
      2,
    );
    const duplicate = tenure(
      'user',
      'add',
      '--email',
      'ann@example.com',
      '--role',
      'admin',
      '--password',
      'twelve chars!',
    );
    assert.equal(duplicate.status, 2);
    assert.match(duplicate.stderr, /already exists/);

    const created = tenure('apikey', 'create', '--scope', 'ingest', '--name', 'web app');
    assert.equal(created.status, 0, created.stderr);
    const key = created.stdout.trim().split('\n').at(-1) ?? '';
    assert.match(key, /^tnr_[0-9a-f]{12}_[\w-]{32}$/);
    assert.equal(tenure('apikey', 'create', '--scope', 'everything').status, 2);

    const store = await openStore({ dataDir });
    try {
      const ctx = testContext(store);
      assert.equal((await checkPassword({ ctx, email: 'ann@example.com', password: 'twelve chars!' }))?.role, 'csm');
      assert.equal(await checkPassword({ ctx, email: 'ann@example.com', password: 'twelve chars?' }), null);
      assert.equal((await verifyApiKey({ ctx, key }))?.scope, 'ingest');
      const rows = await store.query<{ key_hash: string; password_hash: string }>(
        `SELECT (SELECT key_hash FROM api_keys) AS key_hash, (SELECT password_hash FROM users) AS password_hash`,
      );
      assert.ok(!JSON.stringify(rows).includes(key.split('_').slice(2).join('_')), 'the key secret is not stored');
      assert.ok(!JSON.stringify(rows).includes('twelve chars!'), 'the password is not stored');
    } finally {
      await store.close();
    }
    const prefix = key.split('_')[1] ?? '';
    assert.match(tenure('apikey', 'list').stdout, new RegExp(`${prefix}\\s+ingest\\s+active\\s+web app`));
    assert.equal(tenure('apikey', 'revoke', prefix).status, 0);
    assert.equal(tenure('apikey', 'revoke', prefix).status, 2);
    const reopened = await openStore({ dataDir });
    try {
      assert.equal(await verifyApiKey({ ctx: testContext(reopened), key }), null);
    } finally {
      await reopened.close();
    }
  });
});
