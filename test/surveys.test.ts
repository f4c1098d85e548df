import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { buildApp } from '../src/http/app.ts';
import { createApiKey } from '../src/services/api-keys.ts';
import { importAccounts, importContacts } from '../src/services/import-accounts.ts';
import { importResponses } from '../src/services/surveys/import-responses.ts';
import { cesReport, csatReport, npsReport } from '../src/services/surveys/reports.ts';
import type { ServiceContext } from '../src/services/context.ts';
import type { Store } from '../src/store/types.ts';
import { runTenure, tempDir } from './helpers/cli.ts';
import { countRows, rejectsWith, withStore } from './helpers/import.ts';
import { engines, testContext } from './helpers/store.ts';

const ACCOUNTS = 'id,name\nacme,Acme\nglobex,Globex\n';
const CONTACTS = 'account_id,email\nglobex,li@globex.cn\n';
const HEADER = 'response_id,survey,kind,score,comment,responded_at,account_id,contact_email,user_id';
const COMMENT_ZH = '产品很好用，但是报表太慢了';

// January (UTC): 10, 9, 8, 6, 3 → 2 promoters, 1 passive, 2 detractors; February: 10, 9, 7; April: 0.
// CSAT: January 5, 4, 2 (2 of 3 satisfied); February 5, 3 (1 of 2).
const RESPONSES = [
  HEADER,
  'r1,Q1 NPS,nps,10,Great,2026-01-05T10:00:00Z,acme,,',
  `r2,Q1 NPS,nps,9,"${COMMENT_ZH}",2026-01-06T10:00:00+08:00,,LI@globex.cn,`,
  'r3,Q1 NPS,nps,8,,2026-01-07,,,u-7',
  'r4,Q1 NPS,nps,6,"slow, and ""buggy""",2026-01-20T12:00:00Z,acme,,',
  'r5,Q1 NPS,nps,3,,2026-02-01T03:00:00+08:00,acme,,',
  'r6,Q1 NPS,nps,10,,2026-02-10T09:00:00Z,acme,,',
  'r7,Q1 NPS,nps,9,,2026-02-11T09:00:00Z,globex,,',
  'r8,Q1 NPS,nps,7,,2026-02-28T23:59:59Z,acme,,',
  'r9,Q2 NPS,nps,0,,2026-04-02T09:00:00Z,acme,,',
  'c1,Support CSAT,csat,5,,2026-01-03T09:00:00Z,acme,,',
  'c2,Support CSAT,csat,4,,2026-01-04T09:00:00Z,acme,,',
  'c3,Support CSAT,csat,2,,2026-01-05T09:00:00Z,globex,,',
  'c4,Support CSAT,csat,5,,2026-02-04T09:00:00Z,acme,,',
  'c5,Support CSAT,csat,3,,2026-02-05T09:00:00Z,acme,,',
  'e1,Effort,ces,2,,2026-01-08T09:00:00Z,acme,,',
  'e2,Effort,ces,7,,2026-01-09T09:00:00Z,acme,,',
  'e3,Effort,ces,5,,2026-01-10T09:00:00Z,globex,,',
].join('\n');

async function world(store: Store): Promise<ServiceContext> {
  const ctx = testContext(store);
  await importAccounts({ ctx, input: { text: ACCOUNTS, name: 'accounts.csv' } });
  await importContacts({ ctx, input: { text: CONTACTS, name: 'contacts.csv' } });
  // A product user, as event ingestion maps a Segment userId to an account.
  await store.execute(
    `INSERT INTO usage_users (user_key, account_id, first_seen_at, last_seen_at)
     SELECT 'u-7', id, now(), now() FROM accounts WHERE external_id = 'acme'`,
  );
  return ctx;
}

const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

for (const engine of engines()) {
  describe(`survey responses on ${engine.name}`, () => {
    it('imports, maps answers to accounts by id, contact email or user id, and reports NPS and CSAT', async () => {
      await withStore(engine, async (store) => {
        const ctx = await world(store);
        await store.execute(`UPDATE jobs SET state = 'done' WHERE kind = 'revenue.refresh'`);
        const summary = await importResponses({ ctx, input: { text: RESPONSES, name: 'responses.csv' } });
        assert.deepEqual([summary.kind, summary.read, summary.created, summary.updated], ['csv:responses', 17, 17, 0]);
        const mapped = await store.query(
          `SELECT r.response_id, a.external_id FROM survey_responses r JOIN accounts a ON a.id = r.account_id
           WHERE r.response_id IN ('r2', 'r3') ORDER BY 1`,
        );
        assert.deepEqual(mapped, [
          { response_id: 'r2', external_id: 'globex' },
          { response_id: 'r3', external_id: 'acme' },
        ]);
        const [zh] = await store.query(`SELECT comment FROM survey_responses WHERE response_id = 'r2'`);
        assert.equal(zh?.comment, COMMENT_ZH);
        const [found] = await store.query(`SELECT response_id FROM survey_responses WHERE comment LIKE $1`, ['%报表%']);
        assert.equal(found?.response_id, 'r2');

        const monthly = await npsReport(ctx, { interval: 'month', asOf: '2026-03-15' });
        assert.deepEqual(
          monthly.map((r) => [r.period, r.responses, r.promoters, r.passives, r.detractors, round1(r.nps)]),
          [
            ['2026-01', 5, 2, 1, 2, 0],
            ['2026-02', 3, 2, 1, 0, 66.7],
            ['2026-03', 0, 0, 0, 0, null],
          ],
        );
        // January: p = q = 0.4, se = sqrt(0.8 / 5) = 0.4, so 0 ± 78.4.
        assert.deepEqual([round1(monthly[0]?.ciLow ?? null), round1(monthly[0]?.ciHigh ?? null)], [-78.4, 78.4]);
        const quarterly = await npsReport(ctx, { interval: 'quarter', asOf: '2026-06-30' });
        assert.deepEqual(
          quarterly.map((r) => [r.period, r.responses, r.nps, r.ciLow, r.ciHigh]),
          [
            ['2026-Q1', 8, 25, quarterly[0]?.ciLow, quarterly[0]?.ciHigh],
            ['2026-Q2', 1, -100, -100, -100],
          ],
        );
        const q2only = await npsReport(ctx, { interval: 'month', asOf: '2026-06-30', survey: 'Q2 NPS' });
        assert.deepEqual(
          q2only.map((r) => [r.period, r.responses]),
          [
            ['2026-04', 1],
            ['2026-05', 0],
            ['2026-06', 0],
          ],
        );
        const csat = await csatReport(ctx, { interval: 'month', asOf: '2026-02-28' });
        assert.deepEqual(
          csat.map((r) => [r.period, r.responses, r.satisfied, round1(r.csat)]),
          [
            ['2026-01', 3, 2, 66.7],
            ['2026-02', 2, 1, 50],
          ],
        );
        // CES: (2 + 7 + 5) / 3 = 4.667 in January.
        const ces = await cesReport(ctx, { interval: 'quarter', asOf: '2026-03-31' });
        assert.deepEqual(
          ces.map((r) => [r.period, r.responses, r.mean?.toFixed(3)]),
          [['2026-Q1', 3, '4.667']],
        );
        assert.deepEqual(await countRows(store, 'surveys', 'import_runs'), { surveys: 4, import_runs: 3 });
        // Answers are no billing data: their import queues no revenue refresh.
        const jobs = await store.query(`SELECT id FROM jobs WHERE kind = 'revenue.refresh' AND state = 'queued'`);
        assert.deepEqual(jobs, []);
        const audited = await store.query(`SELECT verb FROM audit_log WHERE verb = 'import.csv:responses'`);
        assert.equal(audited.length, 1);
      });
    });

    it('is idempotent by response_id: a rerun changes nothing, an edited score is one update', async () => {
      await withStore(engine, async (store) => {
        const ctx = await world(store);
        await importResponses({ ctx, input: { text: RESPONSES, name: 'responses.csv' } });
        const snapshot = `SELECT * FROM survey_responses ORDER BY id`;
        const before = await store.query(snapshot);
        const again = await importResponses({ ctx, input: { text: RESPONSES, name: 'responses.csv' } });
        assert.deepEqual([again.created, again.updated, again.unchanged], [0, 0, 17]);
        assert.deepEqual(await store.query(snapshot), before);
        const edited = RESPONSES.replace('r4,Q1 NPS,nps,6,', 'r4,Q1 NPS,nps,9,');
        const third = await importResponses({ ctx, input: { text: edited, name: 'responses.csv' } });
        assert.deepEqual([third.created, third.updated, third.unchanged], [0, 1, 16]);
        const [jan] = await npsReport(ctx, { interval: 'month', asOf: '2026-01-31' });
        assert.deepEqual([jan?.promoters, jan?.detractors, jan?.nps], [3, 1, 40]);
      });
    });

    it('refuses a file with one bad row whole, naming its line and field', async () => {
      await withStore(engine, async (store) => {
        const ctx = await world(store);
        const cases: [string, string, string[]][] = [
          ['r4,Q1 NPS,nps,6,', 'r4,Q1 NPS,nps,11,', ['bad.csv:5:', 'field "score"', 'from 0 to 10', '"11"']],
          ['c3,Support CSAT,csat,2,', 'c3,Support CSAT,csat,0,', ['bad.csv:13:', 'field "score"', 'from 1 to 5']],
          ['2026-02-11T09:00:00Z,globex', '2026-02-11T09:00:00Z,initech', ['bad.csv:8:', 'field "account_id"']],
          ['LI@globex.cn', 'nobody@globex.cn', ['bad.csv:3:', 'field "contact_email"', 'nobody@globex.cn']],
          [',,u-7', ',,u-unknown', ['bad.csv:4:', 'field "user_id"', 'u-unknown']],
          ['2026-01-20T12:00:00Z', '2026-01-32', ['bad.csv:5:', 'field "responded_at"']],
          ['r5,Q1 NPS,nps', 'r5,Q1 NPS,csat', ['bad.csv:6:', 'field "kind"', 'nps']],
          ['r7,', 'r1,', ['bad.csv:8:', 'field "response_id"', 'line 2']],
          ['c2,Support CSAT,csat', 'c2,Support CSAT,stars', ['bad.csv:12:', 'field "kind"', 'nps, csat or ces']],
        ];
        for (const [from, to, parts] of cases) {
          const bad = RESPONSES.replace(from, to);
          assert.notEqual(bad, RESPONSES, from);
          await rejectsWith(importResponses({ ctx, input: { text: bad, name: 'bad.csv' } }), ...parts);
        }
        await rejectsWith(
          importResponses({ ctx, input: { text: RESPONSES.replace(HEADER, `${HEADER},nps_reason`), name: 'bad.csv' } }),
          'bad.csv:1:',
          'field "nps_reason"',
        );
        assert.deepEqual(await countRows(store, 'survey_responses', 'surveys'), { survey_responses: 0, surveys: 0 });
        // A survey already stored as NPS refuses a CSAT answer under its name.
        await importResponses({ ctx, input: { text: RESPONSES, name: 'responses.csv' } });
        const clash = `${HEADER}\nx1,Q1 NPS,csat,4,,2026-03-01,acme,,`;
        await rejectsWith(importResponses({ ctx, input: { text: clash, name: 'clash.csv' } }), 'clash.csv:2:', 'nps');
      });
    });

    it('takes a responses file through the import route, and refuses a bad one whole (422)', async () => {
      await withStore(engine, async (store) => {
        const ctx = await world(store);
        const write = { authorization: `Bearer ${(await createApiKey({ ctx, scope: 'write' })).key}` };
        const app = await buildApp({ ctx, checkResponses: true });
        try {
          const upload = (name: string, content: string) => {
            const boundary = '----tenure-survey-boundary';
            const payload =
              `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
              `Content-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`;
            return app.inject({
              method: 'POST',
              url: '/api/v1/imports/responses',
              payload,
              headers: { ...write, 'content-type': `multipart/form-data; boundary=${boundary}` },
            });
          };
          const bad = await upload('answers.csv', RESPONSES.replace('r6,Q1 NPS,nps,10,', 'r6,Q1 NPS,nps,ten,'));
          assert.equal(bad.statusCode, 422, bad.body);
          assert.match(bad.json<{ detail: string }>().detail, /answers\.csv:7: field "score"/);
          assert.deepEqual(await countRows(store, 'survey_responses'), { survey_responses: 0 });
          const good = await upload('answers.csv', RESPONSES);
          assert.equal(good.statusCode, 200, good.body);
          assert.deepEqual(
            [good.json<{ kind: string }>().kind, good.json<{ created: number }>().created],
            ['csv:responses', 17],
          );
          const [zh] = await store.query(`SELECT comment FROM survey_responses WHERE response_id = 'r2'`);
          assert.equal(zh?.comment, COMMENT_ZH);
        } finally {
          await app.close();
        }
      });
    });

    it('keeps dismissals out of every score', async () => {
      await withStore(engine, async (store) => {
        const ctx = await world(store);
        const file = [
          `${HEADER},dismissed`,
          'd1,Q1 NPS,nps,10,,2026-01-05,acme,,,',
          'd2,Q1 NPS,nps,,,2026-01-06,acme,,,true',
          'd3,Q1 NPS,nps,0,,2026-01-07,acme,,,yes',
        ].join('\n');
        const summary = await importResponses({ ctx, input: { text: file, name: 'dismissed.csv' } });
        assert.equal(summary.created, 3);
        const [jan] = await npsReport(ctx, { interval: 'month', asOf: '2026-01-31' });
        assert.deepEqual([jan?.responses, jan?.promoters, jan?.detractors, jan?.nps], [1, 1, 0, 100]);
      });
    });
  });
}

describe('tenure report nps and csat (CLI)', () => {
  it('imports a responses file and prints the exact CSV columns and values', () => {
    const dir = tempDir();
    const dataDir = path.join(dir, 'data');
    const write = (name: string, text: string) => {
      fs.writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    const run = (...args: string[]) => {
      const result = runTenure([...args, '--data-dir', dataDir]);
      assert.equal(result.status, 0, result.stderr);
      return result.stdout;
    };
    run('import', 'accounts', write('accounts.csv', ACCOUNTS));
    run('import', 'contacts', write('contacts.csv', CONTACTS));
    // u-7 is no product user in this store: its row names the account instead.
    const file = write('responses.csv', RESPONSES.replace(',,,u-7', ',acme,,u-7'));
    assert.equal(run('import', 'responses', file), 'read 17, created 17, updated 0, unchanged 0\n');
    assert.equal(
      run('report', 'nps', '--format', 'csv', '--as-of', '2026-03-15'),
      'period,responses,promoters,passives,detractors,nps,nps_ci_low,nps_ci_high\n' +
        '2026-01,5,2,1,2,0.0,-78.4,78.4\n' +
        '2026-02,3,2,1,0,66.7,13.3,100.0\n' +
        '2026-03,0,0,0,0,,,\n',
    );
    // Q1: 4 promoters, 2 passives, 2 detractors of 8: NPS 25; se = sqrt((0.75 − 0.0625) / 8) = 0.293151, ±57.458.
    assert.equal(
      run('report', 'nps', '--format', 'csv', '--interval', 'quarter', '--as-of', '2026-06-30'),
      'period,responses,promoters,passives,detractors,nps,nps_ci_low,nps_ci_high\n' +
        '2026-Q1,8,4,2,2,25.0,-32.5,82.5\n' +
        '2026-Q2,1,0,0,1,-100.0,-100.0,-100.0\n',
    );
    assert.equal(
      run('report', 'csat', '--format', 'csv', '--as-of', '2026-02-28'),
      'period,responses,satisfied,csat\n2026-01,3,2,66.7\n2026-02,2,1,50.0\n',
    );
    assert.equal(
      run('report', 'ces', '--format', 'csv', '--as-of', '2026-02-15'),
      'period,responses,ces\n2026-01,3,4.67\n2026-02,0,\n',
    );
    const bad = runTenure(['report', 'nps', '--interval', 'week', '--data-dir', dataDir]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--interval must be one of month, quarter/);
  });
});
