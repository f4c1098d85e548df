import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { commandWords, lockPathOf } from '../src/store/lock.ts';
import { tempDir } from './helpers/cli.ts';

const child = path.resolve(import.meta.dirname, 'helpers/lock-child.ts');

function deadPid(): number {
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(dead.stdout);
}

interface Contender {
  outcome: Promise<string>;
  exited: Promise<void>;
  release: () => void;
}

/** Starts a contender: its outcome is its first line; a holder keeps the lock until `release` closes its stdin. */
function contend(args: string[]): Contender {
  const p = spawn(process.execPath, [child, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  const exited = new Promise<void>((resolve, reject) => {
    p.on('error', reject);
    p.on('exit', () => {
      resolve();
    });
  });
  const outcome = new Promise<string>((resolve) => {
    p.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    void exited.then(() => {
      resolve(out.trim());
    });
  });
  return { outcome, exited, release: () => p.stdin.end() };
}

describe('the data dir lock', () => {
  it('after a crash, 20 rounds of simultaneous start-ups leave exactly one holder each', async () => {
    const crashed = deadPid();
    const contenders = 3;
    for (let round = 0; round < 20; round++) {
      const dataDir = path.join(tempDir('tenure-lock-'), 'data');
      const stale = { pid: crashed, hostname: os.hostname(), command: 'tenure serve', since: new Date().toISOString() };
      fs.writeFileSync(lockPathOf(dataDir), JSON.stringify(stale));
      const startAt = String(Date.now() + 700);
      const started = Array.from({ length: contenders }, () => contend([dataDir, startAt]));
      const outcomes = await Promise.all(started.map((c) => c.outcome));
      for (const c of started) c.release();
      await Promise.all(started.map((c) => c.exited));
      const held = outcomes.filter((o) => o === 'held').length;
      assert.equal(held, 1, `round ${round}: ${outcomes.join(', ')}`);
      assert.equal(outcomes.filter((o) => o === 'locked').length, contenders - 1, outcomes.join(', '));
      assert.equal(fs.existsSync(lockPathOf(dataDir)), false, 'the holder released the lock on exit');
      assert.deepEqual(
        fs.readdirSync(path.dirname(dataDir)).filter((f) => f.includes('.lock')),
        [],
        'no temporary or guard files left',
      );
    }
  });

  it('names the command words, never options, values or file names', () => {
    const node = process.execPath;
    assert.equal(
      commandWords([node, '/x/bin/tenure.js', 'user', 'add', '--password', 'hunter22222']),
      'tenure user add',
    );
    assert.equal(
      commandWords([node, '/x/bin/tenure.js', '--data-dir', '/d', 'import', 'accounts', 'secret.csv']),
      'tenure import accounts',
    );
    assert.equal(commandWords([node, '/x/bin/tenure.js', 'user', '--password=hunter22222', 'add']), 'tenure user');
    assert.equal(commandWords([node, '/x/bin/tenure.js', 'apikey', 'revoke', 'abc123']), 'tenure apikey revoke');
  });
});
