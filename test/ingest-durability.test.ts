// An acknowledged event survives the server being killed right after its 200: the real `tenure serve` on an
// embedded data dir, SIGKILLed as soon as the last response's status arrives, then the store reopened.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openStore } from '../src/store/open.ts';
import { openPostgres } from '../src/store/postgres.ts';
import type { Store } from '../src/store/types.ts';
import { basicAuth } from './fixtures/events/server.ts';
import { runTenure, tempDir } from './helpers/cli.ts';

const tenure = path.resolve(import.meta.dirname, '../bin/tenure.js');

/** Resolves with the server's URL once `tenure serve` prints it (stdout keeps being read: no EPIPE). */
function serverUrl(child: ReturnType<typeof spawn>): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += String(chunk);
      const match = /running at (http:\/\/[^/\s]+)\//.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', () => {
      reject(new Error(`tenure serve exited before listening:\n${output}`));
    });
  });
}

const batch = (n: number, from: number) => ({
  sentAt: new Date().toISOString(),
  batch: Array.from({ length: n }, (_, i) => ({
    type: 'track',
    messageId: `durable-${from + i}`,
    userId: `u${i % 7}`,
    event: 'Saved',
    properties: { i: from + i },
    timestamp: new Date().toISOString(),
  })),
});

describe('durability of acknowledged events', () => {
  it('keeps every event acknowledged before a SIGKILL (embedded store)', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const created = runTenure(['apikey', 'create', '--scope', 'ingest', '--data-dir', dataDir]);
    assert.equal(created.status, 0, created.stderr);
    const writeKey = created.stdout.trim().split('\n')[0] ?? '';
    const env = { ...process.env };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, [tenure, 'serve', '--port', '0', '--data-dir', dataDir], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = once(child, 'exit');
    try {
      const url = await serverUrl(child);
      const batches = 5;
      for (let b = 0; b < batches; b++) {
        const response = await fetch(`${url}/v1/batch`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: basicAuth(writeKey) },
          body: JSON.stringify(batch(100, b * 100)),
        });
        assert.equal(response.status, 200);
        // Killed as soon as the last status line is in: no graceful shutdown, no chance to flush anything.
        if (b === batches - 1) child.kill('SIGKILL');
        else await response.arrayBuffer();
      }
      const [, signal] = (await exited) as [number | null, NodeJS.Signals | null];
      assert.equal(signal, 'SIGKILL');
    } finally {
      child.kill('SIGKILL');
    }

    const store = await openStore({ dataDir });
    try {
      const [row] = await store.query<{ events: number; ids: number }>(
        `SELECT (SELECT count(*) FROM usage_events WHERE message_id LIKE 'durable-%') AS events,
                (SELECT count(*) FROM usage_message_ids WHERE message_id LIKE 'durable-%') AS ids`,
      );
      assert.deepEqual(row, { events: 500, ids: 500 });
    } finally {
      await store.close();
    }
  });
});

/** A store `tenure serve` can use: an embedded data dir, or a schema of its own on the PostgreSQL server. */
interface KillTarget {
  name: string;
  env: NodeJS.ProcessEnv;
  args: string[];
  reopen(): Promise<Store>;
  dispose(): Promise<void>;
}

async function targets(): Promise<KillTarget[]> {
  const dataDir = path.join(tempDir(), 'data');
  const list: KillTarget[] = [
    {
      name: 'embedded',
      env: {},
      args: ['--data-dir', dataDir],
      reopen: () => openStore({ dataDir }),
      dispose: () => Promise.resolve(),
    },
  ];
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const schema = `kill_${randomBytes(4).toString('hex')}`;
    const admin = openPostgres(url, { max: 1 });
    await admin.exec(`CREATE SCHEMA ${schema}`);
    const withSchema = `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    list.push({
      name: 'postgres',
      env: { DATABASE_URL: withSchema },
      args: [],
      reopen: () => openStore({ databaseUrl: withSchema }),
      dispose: async () => {
        await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
        await admin.close();
      },
    });
  }
  return list;
}

describe('durability under load', async () => {
  for (const target of await targets()) {
    it(`keeps every event acknowledged by concurrent senders before a SIGKILL (${target.name})`, async () => {
      const created = runTenure(['apikey', 'create', '--scope', 'ingest', ...target.args], target.env);
      assert.equal(created.status, 0, created.stderr);
      const writeKey = created.stdout.trim().split('\n')[0] ?? '';
      const env = { ...process.env, ...target.env };
      if (!target.env.DATABASE_URL) delete env.DATABASE_URL;
      const child = spawn(process.execPath, [tenure, 'serve', '--port', '0', ...target.args], {
        env,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = once(child, 'exit');
      const acknowledged: string[] = [];
      let killed = false;
      try {
        const url = await serverUrl(child);
        // Four senders post batches of 50 until the server dies; it is killed once 40 batches are acknowledged,
        // with other batches still in flight.
        const sender = async (client: number) => {
          for (let b = 0; !killed; b++) {
            const body = batch(50, 0);
            body.batch.forEach((m, i) => (m.messageId = `load-${client}-${b}-${i}`));
            let status: number;
            try {
              const response = await fetch(`${url}/v1/batch`, {
                method: 'POST',
                headers: { 'content-type': 'application/json', authorization: basicAuth(writeKey) },
                body: JSON.stringify(body),
              });
              status = response.status;
              await response.arrayBuffer().catch(() => undefined);
            } catch {
              return; // the server is gone: whatever was not answered is not acknowledged
            }
            if (status !== 200) continue;
            acknowledged.push(...body.batch.map((m) => m.messageId));
            if (acknowledged.length >= 40 * 50 && !killed) {
              killed = true;
              child.kill('SIGKILL');
            }
          }
        };
        await Promise.all([0, 1, 2, 3].map(sender));
        const [, signal] = (await exited) as [number | null, NodeJS.Signals | null];
        assert.equal(signal, 'SIGKILL');
      } finally {
        child.kill('SIGKILL');
      }

      const store = await target.reopen();
      try {
        const rows = await store.query<{ message_id: string; n: number }>(
          `SELECT message_id, count(*)::int AS n FROM usage_events WHERE message_id = ANY($1::text[]) GROUP BY 1`,
          [acknowledged],
        );
        assert.equal(rows.length, acknowledged.length, 'every acknowledged event is stored');
        assert.ok(
          rows.every((r) => r.n === 1),
          'each once',
        );
      } finally {
        await store.close();
        await target.dispose();
      }
    });
  }
});
