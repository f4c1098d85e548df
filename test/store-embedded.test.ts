import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openStore } from '../src/store/open.ts';
import { DataDirLockedError } from '../src/store/lock.ts';
import { runTenure, tempDir } from './helpers/cli.ts';

describe('embedded store on disk', () => {
  it('keeps data across restarts in its data dir', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const first = await openStore({ dataDir });
    await first.execute(`INSERT INTO accounts (external_id, name, source) VALUES ('acme', 'Acme', 'test')`);
    await first.close();
    const second = await openStore({ dataDir });
    try {
      assert.deepEqual(await second.query(`SELECT external_id FROM accounts`), [{ external_id: 'acme' }]);
    } finally {
      await second.close();
    }
  });

  it('refuses a second process on the same data dir, naming the holder', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const store = await openStore({ dataDir });
    try {
      const result = runTenure(['status', '--data-dir', dataDir]);
      assert.equal(result.status, 1);
      assert.match(result.stderr, new RegExp(`in use by process ${process.pid}\\b`));
      assert.match(result.stderr, /another --data-dir/);
      await assert.rejects(openStore({ dataDir }), DataDirLockedError);
    } finally {
      await store.close();
    }
    const after = runTenure(['status', '--format', 'json', '--data-dir', dataDir]);
    assert.equal(after.status, 0, after.stderr);
    assert.equal((JSON.parse(after.stdout) as { accounts: number }).accounts, 0);
  });

  it('takes over a lock left by a process that died', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const holder = {
      pid: Number(dead.stdout),
      hostname: os.hostname(),
      command: 'crashed',
      since: new Date().toISOString(),
    };
    fs.writeFileSync(`${dataDir}.lock`, JSON.stringify(holder));
    const store = await openStore({ dataDir });
    try {
      const lock = JSON.parse(fs.readFileSync(`${dataDir}.lock`, 'utf8')) as { pid: number };
      assert.equal(lock.pid, process.pid);
    } finally {
      await store.close();
    }
    assert.equal(fs.existsSync(`${dataDir}.lock`), false);
  });

  it('answers the event loop while a long query runs', async () => {
    const store = await openStore({ memory: true });
    try {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 5);
      const started = performance.now();
      const [row] = await store.query<{ n: number }>(
        `SELECT count(*) AS n FROM generate_series(1, 3000000) AS g(i) WHERE i % 7 = 0`,
      );
      const elapsed = performance.now() - started;
      clearInterval(timer);
      assert.equal(row?.n, 428571);
      // The timer fires about every 5 ms only if PGlite is off the main thread.
      assert.ok(ticks >= Math.floor(elapsed / 5 / 4), `only ${ticks} ticks in ${elapsed.toFixed(0)} ms`);
    } finally {
      await store.close();
    }
  });
});
