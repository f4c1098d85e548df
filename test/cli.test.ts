import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runTenure, tempDir } from './helpers/cli.ts';

describe('tenure CLI', () => {
  it('prints help with exit 0, on every command', () => {
    for (const args of [['--help'], ['status', '--help'], ['db', 'migrate', '--help'], ['start', '--help']]) {
      const result = runTenure(args);
      assert.equal(result.status, 0, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stdout, /Usage: tenure/);
    }
  });

  it('exits 2 on bad usage: unknown command, unknown option, bad option value', () => {
    const dataDir = path.join(tempDir(), 'data');
    assert.equal(runTenure(['frobnicate']).status, 2);
    assert.equal(runTenure(['status', '--no-such-flag']).status, 2);
    const badFormat = runTenure(['status', '--format', 'xml', '--data-dir', dataDir]);
    assert.equal(badFormat.status, 2);
    assert.match(badFormat.stderr, /--format must be one of table, json, found "xml"/);
  });

  it('names the store and counts records as JSON', () => {
    const dataDir = path.join(tempDir(), 'data');
    const result = runTenure(['status', '--format', 'json', '--data-dir', dataDir]);
    assert.equal(result.status, 0, result.stderr);
    const status = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.deepEqual(status.store, { kind: 'pglite', location: dataDir });
    assert.equal(status.accounts, 0);
    assert.equal(status.subscription_periods, 0);
  });

  it('honours TENURE_DATA_DIR, and DATABASE_URL when no --data-dir is given', () => {
    const dataDir = path.join(tempDir(), 'from-env');
    const viaEnv = runTenure(['status', '--format', 'json'], { TENURE_DATA_DIR: dataDir });
    assert.equal(viaEnv.status, 0, viaEnv.stderr);
    assert.equal((JSON.parse(viaEnv.stdout) as { store: { location: string } }).store.location, dataDir);
    const url = process.env.TEST_DATABASE_URL;
    if (!url) return;
    const viaUrl = runTenure(['db', 'migrate'], { DATABASE_URL: url });
    assert.equal(viaUrl.status, 0, viaUrl.stderr);
    assert.match(viaUrl.stdout, /on postgres/);
  });

  it('db migrate says what it applied on a new data dir, then that the schema is up to date', () => {
    // A folder whose parent does not exist yet is not seeded from the migrated image: the command migrates it.
    const dataDir = path.join(tempDir(), 'new', 'migrate');
    const first = runTenure(['db', 'migrate', '--data-dir', dataDir]);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /^applied migrations 1, 2, 3,/);
    const second = runTenure(['db', 'migrate', '--data-dir', dataDir]);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /^schema is up to date on pglite/);
  });
});
