// `tenure surveys create|list|send|close` through the real CLI on an embedded store.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runTenure, tempDir } from './helpers/cli.ts';
import { csvFixture } from './helpers/import.ts';

describe('tenure surveys (CLI)', () => {
  it('creates from flags and from a JSON file, lists the summary as CSV, sends links, and closes', () => {
    const dir = tempDir();
    const dataDir = path.join(dir, 'data');
    const run = (args: string[], status = 0) => {
      const result = runTenure([...args, '--data-dir', dataDir], { TENURE_PUBLIC_URL: 'https://cs.example.com' });
      assert.equal(result.status, status, result.stderr + result.stdout);
      return status === 0 ? result.stdout : result.stderr;
    };
    run(['import', 'accounts', csvFixture('accounts.csv')]);
    run(['import', 'contacts', csvFixture('contacts.csv')]);
    const created = run([
      'surveys',
      'create',
      '--kind',
      'nps',
      '--name',
      '冠军 NPS',
      '--question',
      '您会推荐我们吗？',
      '--language',
      'zh-CN',
      '--follow-up',
      '为什么？',
      '--audience',
      'segment=SMB,role=champion',
      '--throttle-answered-days',
      '60',
    ]);
    assert.match(created, /Created survey 1: 冠军 NPS \(nps, zh-CN\), audience segment=SMB,role=champion, 1 eligible/);
    const file = path.join(dir, 'csat.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ name: 'Support CSAT', kind: 'csat', question: 'How satisfied are you?', samplePercent: 50 }),
    );
    assert.match(
      run(['surveys', 'create', '--file', file]),
      /Created survey 2: Support CSAT \(csat, en\), audience everyone/,
    );
    assert.match(
      run(['surveys', 'create', '--kind', 'nps', '--name', 'x', '--question', 'q', '--audience', 'segment'], 2),
      /--audience/,
    );
    assert.match(
      run(['surveys', 'create', '--kind', 'nps', '--name', '冠军 NPS', '--question', 'q'], 2),
      /already a survey named/,
    );

    const sent = run(['surveys', 'send', '冠军 NPS', '--channel', 'link']);
    assert.match(sent, /1 links; audience 1, throttled 0, not sampled 0/);
    assert.match(sent, /^email,url\ndana@acme\.example,https:\/\/cs\.example\.com\/s\/[\w-]+\.[\w-]+$/m);
    assert.match(run(['surveys', 'send', '1'], 2), /TENURE_SMTP_URL/);
    const list = run(['surveys', 'list', '--format', 'csv']);
    assert.equal(
      list.split('\n')[0],
      'id,name,kind,language,status,audience,eligible,sent,answered,dismissed,failed,response_rate',
    );
    assert.match(list, /^1,冠军 NPS,nps,zh-CN,open,"segment=SMB,role=champion",1,1,0,0,0,0\.0$/m);
    assert.match(run(['surveys', 'close', '1']), /Closed survey 1/);
    assert.match(run(['surveys', 'list', '--format', 'csv']), /^1,冠军 NPS,nps,zh-CN,closed,/m);
    assert.match(run(['surveys', 'send', '1', '--channel', 'link'], 2), /closed/);
  });
});
