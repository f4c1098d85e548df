// `npm run bench -- upload`: a large accounts CSV (1,000,000 rows by default) uploaded to a real `tenure serve`
// (a child process on an embedded data dir, or PostgreSQL with --store postgres). Samples the server's memory
// (VmRSS, and VmHWM for the peak) and polls /api/health/live, /api/health and /api/v1/meta while it runs; prints
// each against the same server idle just before, as ratios.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { openPostgres } from '../src/store/postgres.ts';
import { oneOf, positiveInt } from './lib/args.ts';
import { formatCount, formatTable } from './lib/table.ts';

export const description = 'A 1M-row CSV upload: server peak memory and other requests during it, against idle';

const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const tenure = path.resolve(import.meta.dirname, '../bin/tenure.js');
const BOUNDARY = '----tenure-bench-upload';

const HELP = `npm run bench -- upload [options]
  --rows N     data rows in the accounts CSV (default 1,000,000)
  --store S    embedded or postgres (default embedded)`;

async function writeCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('Account ID,Name,Industry,Employee Count,Segment,ICP Fit,Owner CSM,First Seen,Region,Plan Tier\n');
  for (let i = 0; i < rows; i++) {
    const line = `acct-${i},Company ${i} Inc,Manufacturing,${i % 5000},SMB,yes,csm${i % 40}@example.com,2019-03-01,EMEA,starter\n`;
    if (!out.write(line)) {
      await new Promise<void>((resolve) => {
        out.once('drain', () => {
          resolve();
        });
      });
    }
  }
  await new Promise<void>((resolve) => out.end(resolve));
}

async function memoryOf(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

function serverUrl(child: ChildProcess): Promise<string> {
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

interface Samples {
  live: number[];
  ready: number[];
  meta: number[];
  failures: number;
  rss: number[];
}

/** Polls the three endpoints (each with a 10 s timeout) and the memory every 200 ms until `until` settles. */
async function poll(base: string, key: string, pid: number, until: Promise<unknown>): Promise<Samples> {
  const samples: Samples = { live: [], ready: [], meta: [], failures: 0, rss: [] };
  let done = false;
  void until.finally(() => (done = true));
  const timed = async (url: string, into: number[], headers: Record<string, string> = {}) => {
    const start = performance.now();
    try {
      const response = await fetch(`${base}${url}`, { headers, signal: AbortSignal.timeout(10_000) });
      await response.arrayBuffer();
      if (response.status !== 200) samples.failures++;
    } catch {
      samples.failures++;
    }
    into.push(performance.now() - start);
  };
  while (!done) {
    const tick = new Promise((resolve) => setTimeout(resolve, 200));
    await Promise.all([
      timed('/api/health/live', samples.live),
      timed('/api/health', samples.ready),
      timed('/api/v1/meta', samples.meta, { authorization: `Bearer ${key}` }),
      memoryOf(pid).then((m) => samples.rss.push(m.rss)),
    ]);
    await tick;
  }
  return samples;
}

function idleFor(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const quantile = (values: readonly number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};

async function* multipartBody(file: string): AsyncGenerator<Uint8Array> {
  yield Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="accounts.csv"\r\n` +
      `Content-Type: text/csv\r\n\r\n`,
  );
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) yield chunk as Buffer;
  yield Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
}

/** Posts the file as multipart over node:http, which (unlike fetch) sets no limit on the wait for the answer. */
function postFile(url: string, key: string, file: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    });
    request.on('response', (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += String(chunk)));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, body });
      });
    });
    request.on('error', reject);
    pipeline(Readable.from(multipartBody(file)), request).catch(reject);
  });
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { rows: { type: 'string' }, store: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) return (console.log(HELP), 0);
  const rows = positiveInt('rows', values.rows, 1_000_000);
  const engine = oneOf('store', values.store, ['embedded', 'postgres'], 'embedded');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tenure-bench-upload-'));
  const schema = `bench_upload_${randomBytes(4).toString('hex')}`;
  const admin = engine === 'postgres' ? openPostgres(POSTGRES_URL, { max: 1 }) : null;
  const env: NodeJS.ProcessEnv = { ...process.env, TENURE_DATA_DIR: path.join(dir, 'data') };
  delete env.DATABASE_URL;
  if (admin) {
    await admin.exec(`CREATE SCHEMA ${schema}`);
    env.DATABASE_URL = `${POSTGRES_URL}${POSTGRES_URL.includes('?') ? '&' : '?'}options=-csearch_path%3D${schema}`;
  }
  let child: ChildProcess | null = null;
  try {
    const csv = path.join(dir, 'accounts.csv');
    await writeCsv(csv, rows);
    const bytes = (await stat(csv)).size;
    const keys = ['write', 'read'].map((scope) => {
      const made = spawnSync(process.execPath, [tenure, 'apikey', 'create', '--scope', scope], {
        env,
        encoding: 'utf8',
      });
      if (made.status !== 0) throw new Error(made.stderr);
      return made.stdout.trim().split('\n')[0] ?? '';
    });
    const [writeKey, readKey] = keys as [string, string];
    child = spawn(process.execPath, [tenure, 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    const base = await serverUrl(child);
    const pid = child.pid ?? 0;
    console.log(`${engine}: ${formatCount(rows)} rows (${(bytes / 1e6).toFixed(0)} MB); idle for 6 s, then upload…`);
    const idle = await poll(base, readKey, pid, idleFor(6000));
    const idleRss = Math.max(...idle.rss);
    // The peak (VmHWM) so far includes start-up (migrations); reset it so it measures the upload alone.
    await writeFile(`/proc/${pid}/clear_refs`, '5').catch(() => undefined);
    const started = performance.now();
    const upload = postFile(`${base}/api/v1/imports/accounts`, writeKey, csv);
    const during = await poll(base, readKey, pid, upload);
    const seconds = (performance.now() - started) / 1000;
    const answer = await upload;
    const peak = (await memoryOf(pid)).peak;
    if (answer.status !== 200) console.log(`upload answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
    const ms = (n: number) => `${n.toFixed(0)} ms`;
    const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;
    const line = (name: string, a: readonly number[], b: readonly number[]) => [
      name,
      `${ms(quantile(a, 0.5))} / ${ms(quantile(a, 0.99))}`,
      `${ms(quantile(b, 0.5))} / ${ms(quantile(b, 0.99))} / ${ms(Math.max(...b))}`,
      ratio(quantile(b, 0.5), quantile(a, 0.5)),
    ];
    console.log(
      `\nupload: ${answer.status} in ${seconds.toFixed(1)} s (${formatCount(Math.round(rows / seconds))} rows/s)`,
    );
    console.log(
      formatTable(
        ['measure', 'idle p50 / p99', 'during upload p50 / p99 / max', 'p50 ÷ idle'],
        [
          ['server RSS (peak)', mb(idleRss), mb(peak), ratio(peak, idleRss)],
          line('/api/health/live', idle.live, during.live),
          line('/api/health', idle.ready, during.ready),
          line('/api/v1/meta', idle.meta, during.meta),
        ],
      ),
    );
    console.log(
      `requests failed or timed out (10 s) during the upload: ${during.failures} of ${during.live.length * 3}`,
    );
    return answer.status === 200 && peak < 1e9 ? 0 : 1;
  } finally {
    child?.kill('SIGTERM');
    if (admin) {
      await admin.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.close();
    }
    await rm(dir, { recursive: true, force: true });
  }
}
