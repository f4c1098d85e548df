// tenure webhooks add|list|test|remove and tenure jobs list|run --once|retry, as a person runs them, against a real
// receiver in this process (the CLI runs in a child process, so this one can answer).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startReceiver, verifyReceived } from './helpers/receiver.ts';
import { tempDir } from './helpers/cli.ts';

const tenure = path.resolve(import.meta.dirname, '../bin/tenure.js');

function run(
  args: readonly string[],
  dataDir: string,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, TENURE_DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, [tenure, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (status) => {
      resolve({ status, stdout, stderr });
    });
  });
}

describe('tenure webhooks and tenure jobs', () => {
  const dataDir = tempDir();
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  before(async () => {
    receiver = await startReceiver(() => new Date());
  });
  after(() => {
    receiver.close();
  });

  it('adds an endpoint printing its id, and its secret on the last line; a test event arrives signed with it', async () => {
    const added = await run(['webhooks', 'add', receiver.url, '--events', 'webhook.test,import.finished'], dataDir);
    assert.equal(added.status, 0, added.stderr);
    const lines = added.stdout.trim().split('\n');
    assert.match(lines[0] ?? '', /^Added webhook endpoint 1: http:\/\/127\.0\.0\.1:\d+\/hooks\/tenure$/);
    const secret = lines.at(-1) ?? '';
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{32}$/);

    const listed = await run(['webhooks', 'list'], dataDir);
    assert.equal(listed.status, 0, listed.stderr);
    assert.match(listed.stdout, /webhook\.test,import\.finished/);
    assert.doesNotMatch(listed.stdout, /whsec_/);

    const tested = await run(['webhooks', 'test', '1'], dataDir);
    assert.equal(tested.status, 0, tested.stderr);
    assert.match(tested.stdout, /Endpoint 1 .*: delivered, answered 204/);
    assert.equal(receiver.received.length, 1);
    const body = verifyReceived(secret, receiver.received[0]!) as { type: string };
    assert.equal(body.type, 'webhook.test');

    const jobs = await run(['jobs', 'list', '--kind', 'webhook.deliver'], dataDir);
    assert.equal(jobs.status, 0, jobs.stderr);
    assert.match(jobs.stdout, /webhook\.deliver\s+done\s+1\/8/);
  });

  it('runs due jobs once and exits, registering the recurring ones; retries a job by id', async () => {
    const ran = await run(['jobs', 'run', '--once'], dataDir);
    assert.equal(ran.status, 0, ran.stderr);
    assert.match(ran.stdout, /^Ran \d+ job\(s\): \d+ succeeded, 0 failed\.$/m);
    const listed = await run(['jobs', 'list', '--format', 'json'], dataDir);
    const page = JSON.parse(listed.stdout) as { items: { id: number; kind: string; schedule: string | null }[] };
    const kinds = page.items.filter((j) => j.schedule !== null).map((j) => j.kind);
    for (const kind of ['usage.prune', 'usage.resolve-pending', 'usage.declining', 'revenue.refresh']) {
      assert.ok(kinds.includes(kind), `${kind} is scheduled: ${kinds.join(', ')}`);
    }
    const retried = await run(['jobs', 'retry', String(page.items[0]?.id)], dataDir);
    assert.equal(retried.status, 0, retried.stderr);
    assert.match(retried.stdout, /is queued to run now/);
  });

  it('exits 2 naming the problem for bad input', async () => {
    for (const args of [
      ['webhooks', 'add', 'ftp://example.com/x'],
      ['webhooks', 'add', 'http://example.com/x', '--events', 'nope'],
      ['jobs', 'retry', 'abc'],
      ['jobs', 'list', '--state', 'sleeping'],
    ]) {
      const result = await run(args, dataDir);
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, /^tenure: /);
    }
    const state = await run(['jobs', 'list', '--state', 'sleeping'], dataDir);
    assert.match(state.stderr, /--state must be one of queued, running, done, dead, found "sleeping"/);
    const removed = await run(['webhooks', 'remove', '1'], dataDir);
    assert.equal(removed.status, 0, removed.stderr);
  });
});
