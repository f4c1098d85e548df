// A newcomer's first day with the CLI: the Node.js check before npm install, `tenure --version`, `tenure explain`
// by name, reports that fit a 120-column terminal, and a lock message naming the data dir itself.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../src/store/open.ts';
import { runTenure, tempDir } from './helpers/cli.ts';

const root = path.resolve(import.meta.dirname, '..');
const checkNode = (version?: string) =>
  spawnSync(process.execPath, [path.join(root, 'bin/check-node.cjs'), ...(version ? [version] : [])], {
    encoding: 'utf8',
  });

describe('the Node.js check npm install runs first', () => {
  it('stops an old Node with one line naming the version needed and how to install it', () => {
    for (const version of ['18.19.0', 'v20.11.1', '22.17.0', '16']) {
      const result = checkNode(version);
      assert.equal(result.status, 1, version);
      const lines = result.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, `one line for ${version}: ${result.stderr}`);
      assert.match(lines[0]!, /needs Node\.js 22\.18 or newer/);
      assert.match(lines[0]!, new RegExp(`this is v${version.replace(/^v/, '').replace(/\./g, '\\.')}\\b`));
      assert.match(lines[0]!, /nodejs\.org|nvm install/);
    }
  });

  it('lets 22.18, 24 and the running Node through silently', () => {
    for (const version of ['22.18.0', '23.0.0', '24.1.0', undefined]) {
      const result = checkNode(version);
      assert.equal(result.status, 0, `${version ?? process.version}: ${result.stderr}`);
      assert.equal(result.stderr, '');
    }
  });

  it('is what npm runs before installing, and before building the dashboard', () => {
    const scripts = (
      JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    assert.equal(scripts.preinstall, 'node bin/check-node.cjs');
    assert.match(scripts.postinstall ?? '', /^node bin\/check-node\.cjs && /);
  });
});

describe('tenure on a demo store', () => {
  let dataDir: string;
  before(() => {
    dataDir = path.join(tempDir(), 'data');
    const demo = runTenure(['demo', '--accounts', '40', '--seed', '3', '--data-dir', dataDir]);
    assert.equal(demo.status, 0, demo.stderr);
    const csv = path.join(tempDir(), 'accounts.csv');
    fs.writeFileSync(csv, 'id,name\nacme-1,Acme Rockets\nacme-2,Acme Anvils\nglobex,Globex Corporation\n');
    const imported = runTenure(['import', 'accounts', csv, '--data-dir', dataDir]);
    assert.equal(imported.status, 0, imported.stderr);
  });
  after(() => {
    fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  });

  it('prints its version', () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    const result = runTenure(['--version']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), version);
  });

  it('explains an account named by its id, its name or part of it; several matches are listed, exit 2', () => {
    const byId = runTenure(['explain', 'globex', '--data-dir', dataDir]);
    assert.equal(byId.status, 0, byId.stderr);
    assert.match(byId.stdout, /^Globex Corporation \(globex\)/);
    const byName = runTenure(['explain', 'globex corporation', '--data-dir', dataDir]);
    assert.equal(byName.stdout, byId.stdout);
    const byPart = runTenure(['explain', 'Rockets', '--data-dir', dataDir]);
    assert.match(byPart.stdout, /^Acme Rockets \(acme-1\)/);
    const several = runTenure(['explain', 'acme', '--data-dir', dataDir]);
    assert.equal(several.status, 2);
    assert.match(several.stderr, /"acme" matches 2 accounts; name one by its id/);
    assert.match(several.stderr, /acme-2 {2}Acme Anvils/);
    assert.match(several.stderr, /acme-1 {2}Acme Rockets/);
    const none = runTenure(['explain', 'Initech', '--data-dir', dataDir]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /no account with id "Initech"/);
  });

  it('fits reports in 120 columns, wrapping wide tables in blocks that repeat the month; --wide does not', () => {
    const reports = [
      ['report', 'mrr'],
      ['report', 'retention'],
      ['report', 'cohorts'],
      ['report', 'adoption'],
    ];
    for (const args of reports) {
      const result = runTenure([...args, '--data-dir', dataDir]);
      assert.equal(result.status, 0, `${args.join(' ')}: ${result.stderr}`);
      const widest = Math.max(...result.stdout.split('\n').map((l) => l.length));
      assert.ok(widest <= 120, `${args.join(' ')} is ${widest} columns wide`);
      const wide = runTenure([...args, '--wide', '--data-dir', dataDir]);
      assert.ok(Math.max(...wide.stdout.split('\n').map((l) => l.length)) > 120, `${args.join(' ')} --wide`);
    }
    // Every block of the wrapped MRR report starts with the month, and each holds every month's row.
    const mrr = runTenure(['report', 'mrr', '--data-dir', dataDir]).stdout.trimEnd();
    const blocks = mrr.split('\n\n');
    assert.ok(blocks.length >= 2, 'wrapped');
    const rowsPerBlock = blocks.map((b) => b.split('\n').length);
    assert.ok(
      rowsPerBlock.every((n) => n === rowsPerBlock[0]),
      'the same rows in every block',
    );
    for (const block of blocks) assert.match(block, /^month\s/);
    const headers = blocks.flatMap((b) => (b.split('\n')[0] ?? '').trim().split(/\s+/).slice(1));
    const wideHeader = runTenure(['report', 'mrr', '--wide', '--data-dir', dataDir]).stdout.split('\n')[0] ?? '';
    assert.deepEqual(headers, wideHeader.trim().split(/\s+/).slice(1), 'every column once, in order');
  });

  it('says the benchmarks are David Skok and Drift’s, never an internal name', () => {
    const retention = runTenure(['report', 'retention', '--data-dir', dataDir]);
    assert.match(retention.stdout, /Benchmarks \(David Skok, Drift\)/);
    assert.doesNotMatch(retention.stdout, /seed/i);
  });

  it('names the data dir itself when it is in use', async () => {
    const store = await openStore({ dataDir });
    try {
      const result = runTenure(['status', '--data-dir', dataDir]);
      assert.equal(result.status, 1);
      assert.match(
        result.stderr,
        new RegExp(`The data dir ${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use`),
      );
    } finally {
      await store.close();
    }
  });
});
