// The CLI beside a running server on the embedded store: commands run inside `tenure serve` over its owner-only
// socket, and the served API sees what they wrote at once. Real child processes on one data dir.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runTenure, tempDir } from './helpers/cli.ts';

const tenure = path.resolve(import.meta.dirname, '../bin/tenure.js');
const PASSWORD = 'a long enough password';

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  return env;
}

/** Runs `tenure` asynchronously (the server runs beside it), with optional stdin and working directory. */
function tenureAsync(args: string[], options: { input?: string; cwd?: string } = {}) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [tenure, ...args], { env: childEnv(), cwd: options.cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdin.end(options.input ?? '');
    child.on('exit', (status) => {
      resolve({ status, stdout, stderr });
    });
  });
}

describe('the CLI beside a running server', () => {
  const dir = tempDir();
  const dataDir = path.join(dir, 'data');
  const cli = (...args: string[]) => tenureAsync(['--data-dir', dataDir, ...args]);
  let url = '';
  let stop: () => Promise<number | null> = () => Promise.resolve(null);
  let readKey = '';

  before(async () => {
    assert.equal(
      runTenure([
        '--data-dir',
        dataDir,
        'user',
        'add',
        '--email',
        'root@example.com',
        '--role',
        'admin',
        '--password',
        PASSWORD,
      ]).status,
      0,
    );
    const created = runTenure(['--data-dir', dataDir, 'apikey', 'create', '--scope', 'read']);
    readKey = created.stdout.trim();
    const server = spawn(process.execPath, [tenure, '--data-dir', dataDir, 'serve', '--port', '0'], {
      env: childEnv(),
    });
    let output = '';
    url = await new Promise<string>((resolve, reject) => {
      server.stderr.on('data', (c: Buffer) => (output += c.toString()));
      server.stdout.on('data', (c: Buffer) => {
        output += c.toString();
        const found = /running at (http:\/\/\S+)/.exec(output)?.[1];
        if (found) resolve(found.replace(/\/$/, ''));
      });
      server.once('exit', (code) => {
        reject(new Error(`tenure serve exited with ${code}:\n${output}`));
      });
    });
    stop = () =>
      new Promise((done) => {
        server.once('exit', done);
        server.kill('SIGTERM');
      });
  });
  after(() => stop());

  it('listens on a socket beside the data dir that only this OS user can open', () => {
    const stat = fs.statSync(`${dataDir}.sock`);
    assert.ok(stat.isSocket());
    assert.equal(stat.mode & 0o777, 0o600);
    const lock = JSON.parse(fs.readFileSync(`${dataDir}.lock`, 'utf8')) as { command: string };
    assert.equal(lock.command, 'tenure serve');
  });

  it('adds a user (password prompted on the CLI side) who can sign in to the served API at once', async () => {
    const added = await tenureAsync(
      ['--data-dir', dataDir, 'user', 'add', '--email', 'cara@example.com', '--role', 'csm'],
      {
        input: `${PASSWORD}\n`,
      },
    );
    assert.equal(added.status, 0, added.stderr);
    assert.match(added.stdout, /Added csm cara@example.com/);
    const signIn = await fetch(`${url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'cara@example.com', password: PASSWORD }),
    });
    assert.equal(signIn.status, 200);
    const refused = await cli('user', 'add', '--email', 'cara@example.com', '--role', 'csm', '--password', PASSWORD);
    assert.equal(refused.status, 2, 'bad input still exits 2 through the server');
    assert.match(refused.stderr, /already exists/);
  });

  it('revokes an API key that the served API refuses at once', async () => {
    const headers = { authorization: `Bearer ${readKey}` };
    assert.equal((await fetch(`${url}/api/v1/session`, { headers })).status, 200, 'the key works (and is remembered)');
    const prefix = readKey.split('_')[1] ?? '';
    const revoked = await cli('apikey', 'revoke', prefix);
    assert.equal(revoked.status, 0, revoked.stderr);
    assert.equal((await fetch(`${url}/api/v1/session`, { headers })).status, 401);
    const created = await cli('apikey', 'create', '--scope', 'read');
    assert.equal(created.status, 0, created.stderr);
    const key = created.stdout.trim();
    assert.equal((await fetch(`${url}/api/v1/session`, { headers: { authorization: `Bearer ${key}` } })).status, 200);
  });

  it("imports a file named relative to the CLI's directory, reports, and shows status", async () => {
    fs.writeFileSync(path.join(dir, 'accounts.csv'), 'id,name,owner_csm\nacme,Acme,cara@example.com\n');
    const imported = await tenureAsync(['--data-dir', 'data', 'import', 'accounts', 'accounts.csv'], { cwd: dir });
    assert.equal(imported.status, 0, imported.stderr);
    assert.match(imported.stdout, /read 1, created 1/);
    const status = await cli('status', '--format', 'json');
    assert.equal(status.status, 0, status.stderr);
    assert.equal((JSON.parse(status.stdout) as { accounts: number }).accounts, 1);
    const report = await cli('report', 'mrr');
    assert.equal(report.status, 0, report.stderr);
    const badInput = await cli('report', 'mrr', '--as-of', 'yesterday');
    assert.notEqual(badInput.status, 0);
  });

  it('records the CLI as the actor, and refuses a second server', async () => {
    const audit = await cli('audit', 'list', '--actor', 'cli', '--format', 'json');
    assert.equal(audit.status, 0, audit.stderr);
    const verbs = (JSON.parse(audit.stdout) as { entries: { verb: string }[] }).entries.map((e) => e.verb);
    assert.deepEqual(verbs.slice(0, 4), ['import.csv:accounts', 'apikey.create', 'apikey.revoke', 'user.add']);
    const second = await cli('serve', '--port', '0');
    assert.equal(second.status, 1);
    assert.match(second.stderr, /in use by this running server/);
  });

  it('after the server stops, commands run on their own again', async () => {
    assert.equal(await stop(), 0);
    stop = () => Promise.resolve(null);
    assert.equal(fs.existsSync(`${dataDir}.sock`), false);
    const users = await cli('user', 'list', '--format', 'json');
    assert.equal(users.status, 0, users.stderr);
    assert.deepEqual(
      (JSON.parse(users.stdout) as { email: string; accountsOwned: number }[]).map((u) => [u.email, u.accountsOwned]),
      [
        ['root@example.com', 0],
        ['cara@example.com', 1],
      ],
    );
  });
});
