// `tenure value-report` and `tenure value-metrics` end to end: a PDF and an HTML page with the same figures, bad
// periods and formats refused with exit 2, value metric definitions added, listed and refused with a clear error.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { openStore } from '../src/store/open.ts';
import { runTenure, tempDir } from './helpers/cli.ts';
import { addCatalog, addCustomer, addDailyUsage, addHandoff } from './helpers/value.ts';

describe('tenure value-report', () => {
  const dir = tempDir();
  const dataDir = path.join(dir, 'data');
  before(async () => {
    assert.equal(runTenure(['status', '--data-dir', dataDir]).status, 0);
    const store = await openStore({ dataDir });
    try {
      await addCatalog(store);
      const id = await addCustomer(store, 'ACME-1', { name: 'Acme Ltd' });
      await addDailyUsage(store, id, '2026-01-10', 4, 'report_generated', 5);
      await addDailyUsage(store, id, '2026-03-10', 7, 'report_generated', 3);
      await addHandoff(store, id);
    } finally {
      await store.close();
    }
  });

  it('adds value metrics, refusing an unknown feature by name', () => {
    const bad = runTenure(
      [
        'value-metrics',
        'add',
        '--name',
        'Hours saved',
        '--feature',
        'nope',
        '--multiplier',
        '0.5',
        '--unit',
        'h',
      ].concat(['--data-dir', dataDir]),
    );
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /field "feature" expected the key of a catalog feature/);
    const nan = runTenure([
      'value-metrics',
      'add',
      '--name',
      'X',
      '--feature',
      'report_generated',
      '--multiplier',
      'lots',
      '--unit',
      'h',
      '--data-dir',
      dataDir,
    ]);
    assert.equal(nan.status, 2);
    assert.match(nan.stderr, /--multiplier must be a number/);
    const ok = runTenure(
      ['value-metrics', 'add', '--name', 'Hours saved', '--feature', 'report_generated', '--multiplier', '0.5'].concat([
        '--unit',
        'h',
        '--data-dir',
        dataDir,
      ]),
    );
    assert.equal(ok.status, 0, ok.stderr);
    const list = runTenure(['value-metrics', 'list', '--data-dir', dataDir]);
    assert.match(list.stdout, /Hours saved\s+report_generated\s+0\.5\s+h/);
  });

  it('writes the PDF and the page with the same figures for a period', () => {
    const pdf = path.join(dir, 'r.pdf');
    const html = path.join(dir, 'r.html');
    const common = ['value-report', 'ACME-1', '--from', '2026-01', '--to', '2026-03', '--data-dir', dataDir];
    const a = runTenure([...common, '--format', 'pdf', '--out', pdf]);
    assert.equal(a.status, 0, a.stderr);
    const b = runTenure([...common, '--format', 'html', '--out', html]);
    assert.equal(b.status, 0, b.stderr);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    const page = fs.readFileSync(html, 'utf8');
    // 4×5 + 7×3 = 41 events × 0.5 h; 4 → 7 active users (+75%).
    for (const figure of ['20.5 h', '4 → 7', '+75%', '2026-01-01 to 2026-03-31']) {
      assert.ok(page.includes(figure), `page lacks ${figure}`);
      assert.ok(text.includes(figure.replace(/\s+/g, '')), `PDF lacks ${figure}`);
    }
  });

  it('refuses a bad period, format or account with exit 2', () => {
    const cases: [string[], RegExp][] = [
      [['ACME-1', '--from', '2026-13'], /--from must be a month/],
      [['ACME-1', '--from', '2026-03', '--to', '2026-01'], /after its end/],
      [['ACME-1', '--format', 'docx'], /--format must be html or pdf/],
      [['ACME-1', '--format', 'pdf'], /needs --out/],
      [['NOPE'], /no account "NOPE"/],
      [['ACME-1', '--email', 'not-an-email'], /--email must be an email address, found "not-an-email"/],
      [['ACME-1', '--format', 'pdf', '--out', path.join(dir, 'missing', 'r.pdf')], /--out: .*missing/],
    ];
    for (const [args, message] of cases) {
      const r = runTenure(['value-report', ...args, '--data-dir', dataDir]);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
    assert.equal(fs.existsSync(path.join(dir, 'missing')), false);
  });

  it('names the settings flag a refused value came from, and changes nothing', () => {
    const before = runTenure(['value-metrics', 'settings', '--data-dir', dataDir]).stdout;
    const cases: [string[], RegExp][] = [
      [['--brand-color', 'red'], /--brand-color must be a colour #RRGGBB, found "red"/],
      [['--company-name', 'Acme', '--link-days', '0'], /--link-days must be .*1 to 365/],
      [['--company-name', ' '], /--company-name must be a name of 1 to 200 characters/],
    ];
    for (const [args, message] of cases) {
      const r = runTenure(['value-metrics', 'settings', ...args, '--data-dir', dataDir]);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
    assert.equal(runTenure(['value-metrics', 'settings', '--data-dir', dataDir]).stdout, before);
  });

  it('lists an account’s share links and withdraws one by id', () => {
    const made = runTenure(['value-report', 'ACME-1', '--share', '--data-dir', dataDir]);
    assert.equal(made.status, 0, made.stderr);
    const list = runTenure(['value-report-links', 'ACME-1', '--format', 'json', '--data-dir', dataDir]);
    assert.equal(list.status, 0, list.stderr);
    const [link] = JSON.parse(list.stdout) as { id: number; status: string; opens: number }[];
    assert.ok(link);
    assert.equal(link.status, 'active');
    const revoked = runTenure(['value-report-revoke', String(link.id), '--data-dir', dataDir]);
    assert.equal(revoked.status, 0, revoked.stderr);
    assert.match(revoked.stdout, new RegExp(`share link ${link.id} .* withdrawn`));
    const table = runTenure(['value-report-links', 'ACME-1', '--data-dir', dataDir]);
    assert.match(table.stdout, new RegExp(`^\\s*${link.id}\\s+\\S+ to \\S+\\s+revoked\\s`, 'm'));
    for (const [args, message] of [
      [['value-report-revoke', '999999'], /no share link 999999/],
      [['value-report-revoke', 'abc'], /LINK_ID must be a link's id/],
      [['value-report-links', 'NOPE'], /no account "NOPE"/],
    ] as [string[], RegExp][]) {
      const r = runTenure([...args, '--data-dir', dataDir]);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
  });
});
