// Two `tenure serve` processes on one PostgreSQL share the jobs: 60 webhook deliveries reach a real receiver each
// exactly once, sent by both servers; SIGTERM stops both cleanly. Needs TEST_DATABASE_URL.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { describe, it } from 'node:test';
import { addEndpoint } from '../src/services/webhooks/endpoints.ts';
import { emitEvent } from '../src/services/webhooks/events.ts';
import { migrate } from '../src/store/migrate.ts';
import { openPostgres } from '../src/store/postgres.ts';
import { startReceiver, verifyReceived } from './helpers/receiver.ts';
import { testContext } from './helpers/store.ts';

const url = process.env.TEST_DATABASE_URL;
const tenure = path.resolve(import.meta.dirname, '../bin/tenure.js');
const EVENTS = 60;

function serve(databaseUrl: string): { child: ChildProcess; exited: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, [tenure, 'serve', '--port', '0'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, TENURE_DATA_DIR: '' },
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, exited, output: () => output };
}

describe('two tenure serve processes on one PostgreSQL', { skip: !url && 'TEST_DATABASE_URL not set' }, () => {
  it('deliver every queued webhook once between them, and stop on SIGTERM', async () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = openPostgres(url!, { max: 1 });
    await admin.exec(`CREATE SCHEMA ${schema}`);
    const store = openPostgres(url!, { searchPath: schema, max: 2 });
    const receiver = await startReceiver(() => new Date());
    // A receiver taking 200 ms: one server alone would need about 6 s, so a server starting later still takes part.
    receiver.setMode({ slowMs: 200 });
    const servers: ReturnType<typeof serve>[] = [];
    try {
      await migrate(store);
      const ctx = testContext(store);
      const endpoint = await addEndpoint({ ctx, url: receiver.url, events: 'webhook.test' });
      for (let i = 0; i < EVENTS; i++) await emitEvent(ctx, 'webhook.test', { i });
      const shared = `${url}${url!.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
      servers.push(serve(shared), serve(shared));
      const deadline = Date.now() + 150_000;
      while (receiver.received.length < EVENTS && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      assert.equal(receiver.received.length, EVENTS, servers.map((s) => s.output()).join('\n'));
      for (const r of receiver.received) verifyReceived(endpoint.secret, r);
      assert.equal(new Set(receiver.received.map((r) => r.id)).size, EVENTS, 'no message twice');
      const runners = await store.query<{ locked_by: string; n: number }>(
        `SELECT locked_by, count(*)::int AS n FROM jobs WHERE kind = 'webhook.deliver' GROUP BY locked_by`,
      );
      const pids = new Set(runners.map((r) => r.locked_by.split(':')[1]));
      assert.deepEqual(
        pids,
        new Set(servers.map((s) => String(s.child.pid))),
        `both servers ran deliveries: ${JSON.stringify(runners)}`,
      );
      for (const s of servers) s.child.kill('SIGTERM');
      assert.deepEqual(await Promise.all(servers.map((s) => s.exited)), [0, 0]);
      const [left] = await store.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM jobs WHERE state = 'running' OR (kind = 'webhook.deliver' AND state <> 'done')`,
      );
      assert.equal(left?.n, 0);
    } finally {
      for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGKILL');
      receiver.close();
      await store.close();
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    }
  });
});
