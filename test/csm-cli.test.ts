// `tenure managers import` and `tenure report csm --by team` end to end: a bad managers file names its line and
// writes nothing; the team CSV has one row per team and a company row whose ARR is the company's.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runTenure, tempDir } from './helpers/cli.ts';

describe('tenure report csm by team', () => {
  const dir = tempDir();
  const dataDir = path.join(dir, 'data');
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const ok = (args: string[]) => {
    const r = runTenure([...args, '--data-dir', dataDir]);
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };

  it('imports managers all or nothing and rolls the owners up into teams and the company', () => {
    for (const who of ['alice', 'bob', 'boss']) {
      ok(['user', 'add', '--email', `${who}@x.io`, '--role', 'csm', '--password', 'correct horse battery']);
    }
    ok(['import', 'accounts', write('a.csv', 'id,name,owner_csm\nacme,Acme,alice@x.io\nglobex,Globex,bob@x.io\n')]);
    ok([
      'import',
      'subscriptions',
      write(
        's.csv',
        'subscription_id,customer_id,start_date,end_date,monthly_amount\na1,acme,2025-01-01,,100\ng1,globex,2025-01-01,,500\n',
      ),
    ]);
    const bad = runTenure([
      'managers',
      'import',
      write('bad.csv', 'user_email,manager_email\nalice@x.io,boss@x.io\nnobody@x.io,boss@x.io\n'),
      '--data-dir',
      dataDir,
    ]);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /bad\.csv:3: field "user_email"/);
    assert.match(
      ok(['managers', 'import', write('m.csv', 'user_email,manager_email\nalice@x.io,boss@x.io\nbob@x.io,\n')]),
      /read 2, changed 1, unchanged 1/,
    );
    const csv = ok([
      'report',
      'csm',
      '--by',
      'team',
      '--format',
      'csv',
      '--interval',
      'quarter',
      '--as-of',
      '2025-12-31',
      '--periods',
      '1',
    ]);
    const lines = csv.trim().split('\n');
    assert.ok(lines[0]?.startsWith('period,level,team,owners,accounts,arr,'));
    assert.deepEqual(
      lines.slice(1).map((l) => l.split(',').slice(0, 6).join(',')),
      ['2025-Q4,team,,1,1,6000.00', '2025-Q4,team,boss@x.io,1,1,1200.00', '2025-Q4,company,,2,2,7200.00'],
    );
    const owners = ok([
      'report',
      'csm',
      '--format',
      'csv',
      '--interval',
      'quarter',
      '--as-of',
      '2025-12-31',
      '--periods',
      '1',
    ]);
    const header = owners.split('\n')[0]?.split(',') ?? [];
    assert.ok(header.indexOf('team') > header.indexOf('attainment'));
    assert.ok(owners.includes('2025-Q4,alice@x.io,1,1200.00,'));
    assert.equal(ok(['report', 'csm', '--owner', 'nobody@x.io']), 'No revenue of --owner nobody@x.io.\n');
    const bogus = runTenure(['report', 'csm', '--by', 'region', '--data-dir', dataDir]);
    assert.notEqual(bogus.status, 0);
    assert.match(bogus.stderr, /--by must be owner or team/);
  });
});
