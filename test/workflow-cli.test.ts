// The workflow CLI end to end: import a playbook file (a bad one names the field path and writes nothing), list
// playbooks, and tasks as CSV with the exact columns.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runTenure, tempDir } from './helpers/cli.ts';

describe('tenure playbooks and tasks', () => {
  const dir = tempDir();
  const dataDir = path.join(dir, 'data');
  const write = (name: string, value: unknown) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, JSON.stringify(value));
    return file;
  };
  const playbook = {
    name: 'Usage declining',
    trigger: { signal: 'usage_declining' },
    steps: [{ type: 'task', assignee: 'owner', title: 'Call the champion', due_in_days: 3 }],
  };

  it('refuses a bad file naming the field, imports a good one and lists it', () => {
    const bad = runTenure([
      'playbooks',
      'import',
      write('bad.json', { ...playbook, steps: [{ type: 'task', assignee: 'owner' }] }),
      '--data-dir',
      dataDir,
    ]);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /bad\.json: field "steps\[0\]\.title" expected a non-empty text/);
    const good = runTenure(['playbooks', 'import', write('good.json', playbook), '--data-dir', dataDir]);
    assert.equal(good.status, 0, good.stderr);
    assert.match(good.stdout, /Imported 1 playbook\(s\): 1 new, 0 replaced/);
    const list = runTenure(['playbooks', 'list', '--data-dir', dataDir]);
    assert.match(list.stdout, /Usage declining\s+usage_declining\s+active/);
    const csv = runTenure(['tasks', 'list', '--format', 'csv', '--status', 'open', '--data-dir', dataDir]);
    assert.equal(csv.status, 0, csv.stderr);
    assert.equal(
      csv.stdout.split('\n')[0],
      'task_id,account_id,playbook,title,assignee,status,due_date,created_at,account_name,snoozed_until,overdue,tier',
    );
    // A value nested too deeply to show is named as such (showing it overflowed the stack), and nothing is written.
    const deep = path.join(dir, 'deep.json');
    fs.writeFileSync(deep, `{"name":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`);
    const refused = runTenure(['playbooks', 'import', deep, '--data-dir', dataDir]);
    assert.notEqual(refused.status, 0);
    assert.match(
      refused.stderr,
      /deep\.json: field "name" expected a non-empty text.*, found "an object nested too deeply to show"/,
    );
    assert.match(runTenure(['playbooks', 'list', '--data-dir', dataDir]).stdout, /Usage declining/);
    const badDay = runTenure(['tasks', 'snooze', '1', '--until', '2026-02-30', '--data-dir', dataDir]);
    assert.equal(badDay.status, 2);
    assert.match(badDay.stderr, /--until must be a calendar day YYYY-MM-DD .*found "2026-02-30"/);
    const badStatus = runTenure(['tasks', 'list', '--status', 'finished', '--data-dir', dataDir]);
    assert.equal(badStatus.status, 2);
    assert.match(
      badStatus.stderr,
      /--status must be one of open, snoozed, done, closed_auto, cancelled, found "finished"/,
    );
  });
});
