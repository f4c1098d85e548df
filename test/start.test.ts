// `npm start` end to end: a fresh data dir gets the demo company and a demo admin, the server answers, the printed
// sign-in works, and a second start prints the same sign-in without loading the demo again.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runTenure, tempDir } from './helpers/cli.ts';
import { DBT_FIXTURE } from './helpers/import.ts';

const tenure = path.resolve(import.meta.dirname, '../bin/tenure.js');

interface Started {
  url: string;
  output: string;
  stop(): Promise<number | null>;
}

/** Starts `tenure start --port 0` and resolves once it prints its URL and the lines after it. */
function start(dataDir: string): Promise<Started> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  const child = spawn(
    process.execPath,
    [tenure, '--data-dir', dataDir, 'start', '--port', '0', '--demo-accounts', '150'],
    {
      env,
    },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /running at (http:\/\/\S+)/.exec(output)?.[1];
      if (url && output.includes('Press Ctrl+C')) {
        resolve({
          url,
          output,
          stop: () =>
            new Promise((done) => {
              child.once('exit', (code) => {
                done(code);
              });
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => {
      reject(new Error(`tenure start exited with ${code}:\n${output}`));
    });
  });
}

describe('tenure start', () => {
  it('serves the demo with a working printed sign-in, and keeps it across restarts', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const first = await start(dataDir);
    let signIn: RegExpExecArray | null;
    try {
      assert.match(first.output, /Loaded the demo company: 150 accounts/);
      signIn = /Demo sign-in: (\S+) \/ (\S+)/.exec(first.output);
      assert.ok(signIn, first.output);
      const [, email, password] = signIn;
      const session = await fetch(`${first.url}api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      assert.equal(session.status, 200);
      const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const meta = await fetch(`${first.url}api/v1/meta`, { headers: { cookie } });
      assert.equal(meta.status, 200);
      assert.equal(((await meta.json()) as { counts: { accounts: number } }).counts.accounts, 150);
      for (const path of ['', 'accounts', 'accounts/3?month=2025-01']) {
        const page = await fetch(`${first.url}${path}`);
        assert.equal(page.status, 200, path);
        assert.match(await page.text(), /<div id="root">/, path);
      }
    } finally {
      assert.equal(await first.stop(), 0);
    }
    const second = await start(dataDir);
    try {
      assert.doesNotMatch(second.output, /Loaded the demo company/);
      assert.ok(second.output.includes(`Demo sign-in: ${signIn[1]} / ${signIn[2]}`), second.output);
    } finally {
      await second.stop();
    }
  });

  it('asks for the first admin when the store holds data but no user, and serves nothing', () => {
    const dataDir = path.join(tempDir(), 'data');
    assert.equal(runTenure(['--data-dir', dataDir, 'import', 'subscriptions', DBT_FIXTURE]).status, 0);
    const result = runTenure(['--data-dir', dataDir, 'start', '--port', '0']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /no user who can sign in/);
    assert.match(result.stderr, /tenure user add --email .* --role admin/);
    assert.doesNotMatch(result.stdout, /running at/);
  });
});
