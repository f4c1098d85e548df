// `npm run bench -- fuzz`: the reliability campaign's Segment fuzzing, replayed. N hostile batches (good messages
// mixed with NULs, unpaired surrogates, nesting past 64, extreme times, huge ids, wrong types; see
// test/fixtures/fuzz.ts) are posted over loopback to a real server on the embedded store and on PostgreSQL. Prints
// the answers by status; any 5xx fails the run (exit 1), as does a good message of a clean batch not stored.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/http/app.ts';
import { createApiKey } from '../src/services/api-keys.ts';
import { baseContext } from '../src/services/context.ts';
import { migrate } from '../src/store/migrate.ts';
import { openStore } from '../src/store/open.ts';
import { openPostgres } from '../src/store/postgres.ts';
import type { Store } from '../src/store/types.ts';
import { fuzzBatch, type FuzzBatch } from '../test/fixtures/fuzz.ts';
import { oneOf, positiveInt } from './lib/args.ts';
import { formatCount, formatTable } from './lib/table.ts';

export const description = 'Hostile Segment batches over HTTP: answers by status (5xx must be 0) on both engines';

const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const HELP = `npm run bench -- fuzz [options]
  --batches N    batches per engine (default 10,000)
  --clients C    concurrent senders (default 4)
  --seed S       fast-check seed (default 11)
  --store S      embedded, postgres or both (default both); PostgreSQL is TEST_DATABASE_URL or
                 ${POSTGRES_URL}, in a schema of its own that is dropped afterwards`;

type Engine = 'embedded' | 'postgres';

interface Tally {
  engine: Engine;
  byStatus: Map<number, number>;
  messages: number;
  accepted: number;
  rejected: number;
  goodMissing: number;
  seconds: number;
}

async function openEngine(engine: Engine): Promise<{ store: Store; dispose(): Promise<void> }> {
  if (engine === 'embedded') {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tenure-bench-fuzz-'));
    const store = await openStore({ dataDir: path.join(dir, 'data') });
    return {
      store,
      dispose: async () => {
        await store.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `bench_fuzz_${randomBytes(4).toString('hex')}`;
  const admin = openPostgres(POSTGRES_URL, { max: 1 });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  const store = openPostgres(POSTGRES_URL, { searchPath: schema, max: 10 });
  await migrate(store);
  return {
    store,
    dispose: async () => {
      await store.close();
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
}

async function runEngine(engine: Engine, batches: readonly FuzzBatch[], clients: number): Promise<Tally> {
  const opened = await openEngine(engine);
  const store = opened.store;
  try {
    const ctx = baseContext({ store, config: loadConfig(process.env) });
    const key = (await createApiKey({ ctx, scope: 'ingest', name: 'fuzz' })).key;
    const app = await buildApp({ ctx, logger: false });
    const url = `${await app.listen({ host: '127.0.0.1', port: 0 })}/v1/batch`;
    const tally: Tally = {
      engine,
      byStatus: new Map(),
      messages: 0,
      accepted: 0,
      rejected: 0,
      goodMissing: 0,
      seconds: 0,
    };
    const good: string[] = [];
    const started = performance.now();
    let next = 0;
    const sender = async () => {
      for (let i = next++; i < batches.length; i = next++) {
        const { body, good: ids } = batches[i] as FuzzBatch;
        const response = await fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        tally.byStatus.set(response.status, (tally.byStatus.get(response.status) ?? 0) + 1);
        tally.messages += (body.batch as unknown[]).length;
        if (response.status === 429) await new Promise((resolve) => setTimeout(resolve, 50));
        if (response.status !== 200) {
          await response.arrayBuffer();
          continue;
        }
        const answer = (await response.json()) as { accepted: number; rejected: unknown[] };
        tally.accepted += answer.accepted;
        tally.rejected += answer.rejected.length;
        good.push(...ids);
      }
    };
    await Promise.all(Array.from({ length: clients }, sender));
    tally.seconds = (performance.now() - started) / 1000;
    await app.close();
    const stored = await store.query<{ message_id: string }>(
      `SELECT message_id FROM usage_events WHERE message_id = ANY($1::text[])`,
      [good],
    );
    tally.goodMissing = good.length - new Set(stored.map((r) => r.message_id)).size;
    return tally;
  } finally {
    await opened.dispose();
  }
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      batches: { type: 'string' },
      clients: { type: 'string' },
      seed: { type: 'string' },
      store: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return (console.log(HELP), 0);
  const count = positiveInt('batches', values.batches, 10_000);
  const clients = positiveInt('clients', values.clients, 4);
  const seed = positiveInt('seed', values.seed, 11);
  const which = oneOf('store', values.store, ['embedded', 'postgres', 'both'], 'both');
  const engines: Engine[] = which === 'both' ? ['embedded', 'postgres'] : [which];
  const batches = fc.sample(fuzzBatch, { numRuns: count, seed });
  const tallies: Tally[] = [];
  for (const engine of engines) {
    console.log(`${engine}: ${formatCount(count)} hostile batches from ${clients} clients…`);
    tallies.push(await runEngine(engine, batches, clients));
  }
  const statuses = [...new Set(tallies.flatMap((t) => [...t.byStatus.keys()]))].sort((a, b) => a - b);
  const headers = [
    'store',
    'batches',
    ...statuses.map(String),
    '5xx',
    'messages',
    'accepted',
    'rejected',
    'good lost',
    's',
  ];
  const rows = tallies.map((t) => {
    const fivexx = [...t.byStatus].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
    return [
      t.engine,
      formatCount(count),
      ...statuses.map((s) => formatCount(t.byStatus.get(s) ?? 0)),
      formatCount(fivexx),
      formatCount(t.messages),
      formatCount(t.accepted),
      formatCount(t.rejected),
      formatCount(t.goodMissing),
      t.seconds.toFixed(1),
    ];
  });
  console.log(`\nanswers by HTTP status (seed ${seed}); "good lost": valid messages of clean batches not stored`);
  console.log(formatTable(headers, rows));
  const failed = tallies.some((t) => t.goodMissing > 0 || [...t.byStatus.keys()].some((s) => s >= 500));
  return failed ? 1 : 0;
}
