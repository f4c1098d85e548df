// Value reports by email on each engine: the daily schedule queues one row and one send job per upcoming renewal or
// business review and recipient (sponsors and champions with an email, or the review's own recipient), once; the
// send mails the PDF and a share link over SMTP, raises value_report.sent, and keeps failures on the row.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ServiceContext } from '../src/services/context.ts';
import { setValueSettings } from '../src/services/value/report.ts';
import { scheduleValueReports, setReviewSchedule } from '../src/services/value/schedule.ts';
import { sendValueReport } from '../src/services/value/send.ts';
import { openValueShareLink } from '../src/services/value/share.ts';
import { addEndpoint } from '../src/services/webhooks/endpoints.ts';
import type { Store } from '../src/store/types.ts';
import { startSmtpServer } from './helpers/smtp.ts';
import { engines, testContext } from './helpers/store.ts';
import { addCatalog, addCustomer, addDailyUsage, addHandoff } from './helpers/value.ts';

const DAY = 86_400_000;
const START = Date.parse('2026-10-15T07:00:00Z');

for (const engine of engines()) {
  describe(`value report emails (${engine.name})`, () => {
    let store: Store;
    let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
    let clock = START;
    let acme: number;
    let beta: number;
    const context = (url: string): ServiceContext => ({
      ...testContext(store, {
        smtp: { url, from: 'Northwind <cs@northwind.test>' },
        publicUrl: 'https://tenure.example.com',
      }),
      now: () => new Date(clock),
    });
    const sendJobs = async () =>
      (
        await store.query<{ id: number; payload: { sendId: number } }>(
          `SELECT id, payload FROM jobs WHERE kind = 'value_report.send' ORDER BY id`,
        )
      ).map((j) => j.payload.sendId);

    before(async () => {
      store = await engine.open();
      smtp = await startSmtpServer();
      await addCatalog(store);
      acme = await addCustomer(store, 'acme-mail', { name: 'Acme Mail' });
      beta = await addCustomer(store, 'beta-mail', { name: 'Beta Mail' });
      await addDailyUsage(store, acme, '2026-08-05', 3, 'report_generated', 2);
      await addHandoff(store, acme, [
        { name: 'Sam Sponsor', email: 'sam@acme.test', role: 'sponsor' },
        { name: 'Cy Champion', email: 'cy@acme.test', role: 'champion' },
        { name: 'Uma User', email: 'uma@acme.test', role: 'user' },
        { name: 'No Mail', email: null, role: 'sponsor' },
      ]);
      await store.execute(
        `INSERT INTO contracts (contract_id, account_id, start_on, end_on, arr_minor, currency, source) VALUES
           ('C-ACME', $1, '2025-12-01', '2026-12-01', 120000, 'USD', 'test'),
           ('C-LATER', $1, '2026-12-01', '2027-12-01', 120000, 'USD', 'test')`,
        [acme],
      );
      await setValueSettings({ ctx: context(smtp.url), input: { companyName: 'Northwind' } });
      await addEndpoint({ ctx: context(smtp.url), url: 'https://example.com/hook', events: 'value_report.sent' });
    });
    after(async () => {
      await smtp.close();
      await store.close();
    });

    it('queues each upcoming renewal and review once per recipient', async () => {
      const ctx = context(smtp.url);
      await setReviewSchedule({
        ctx,
        accountId: beta,
        input: { reviewOn: '2026-10-20', cadenceMonths: 3, recipient: 'cfo@beta.test' },
      });
      const first = await scheduleValueReports({ ctx });
      assert.deepEqual(first, { queued: 3, skipped: 0 });
      assert.deepEqual(await scheduleValueReports({ ctx }), { queued: 0, skipped: 0 });
      const rows = await store.query<{ to_address: string; occasion: string; period_from: string; period_to: string }>(
        `SELECT to_address, occasion, period_from, period_to FROM value_report_sends ORDER BY to_address`,
      );
      assert.deepEqual(
        rows.map((r) => [r.to_address, r.occasion, r.period_from, r.period_to]),
        [
          // Renewal: the contract year so far (from its first month to the last full month).
          ['cfo@beta.test', 'review', '2026-07', '2026-09'],
          ['cy@acme.test', 'renewal', '2025-12', '2026-09'],
          ['sam@acme.test', 'renewal', '2025-12', '2026-09'],
        ],
      );
      assert.equal((await sendJobs()).length, 3);
    });

    it('mails the PDF and a share link, marks the row sent and raises value_report.sent', async () => {
      const ctx = context(smtp.url);
      for (const sendId of await sendJobs()) {
        assert.equal(await sendValueReport(ctx, { sendId, attempt: 1, maxAttempts: 5 }), 'sent');
      }
      assert.equal(smtp.received.length, 3);
      const sam = smtp.received.find((m) => m.to.includes('sam@acme.test'));
      assert.ok(sam);
      assert.match(sam.raw, /Subject: =\?UTF-8\?Q\?Northwind=3A_your_value_report/);
      assert.match(sam.raw, /Content-Type: application\/pdf/);
      assert.match(sam.raw.replace(/=\r?\n/g, ''), /https:\/\/tenure\.example\.com\/r\/[\w-]+\.[\w-]+/);
      const sent = await store.query<{ status: string; attempts: number }>(
        `SELECT status, attempts FROM value_report_sends`,
      );
      assert.ok(sent.every((r) => r.status === 'sent' && r.attempts === 1));
      // Sending again does nothing.
      const [firstId] = await sendJobs();
      assert.equal(await sendValueReport(ctx, { sendId: firstId!, attempt: 2, maxAttempts: 5 }), 'skipped');
      const events = await store.query<{ body: string }>(
        `SELECT body FROM webhook_events WHERE type = 'value_report.sent'`,
      );
      assert.equal(events.length, 3);
      assert.match(JSON.stringify(events), /acme-mail/);
    });

    it('keeps a failure on the row and retries; the last try marks it failed', async () => {
      clock = START + 10 * DAY; // 2026-10-25: beta's review passed, so it moves on by its cadence
      const ctx = context('smtp://127.0.0.1:1');
      await scheduleValueReports({ ctx });
      const [review] = await store.query<{ review_on: string }>(
        `SELECT review_on FROM value_report_schedules WHERE account_id = $1`,
        [beta],
      );
      assert.equal(review?.review_on, '2027-01-20');
      const [row] = await store.query<{ id: number }>(
        `INSERT INTO value_report_sends (account_id, occasion, occasion_key, period_from, period_to, to_address, created_at)
         VALUES ($1, 'manual', 'x', '2026-07', '2026-09', 'sam@acme.test', now()) RETURNING id`,
        [acme],
      );
      const sendId = row!.id;
      await assert.rejects(sendValueReport(ctx, { sendId, attempt: 1, maxAttempts: 2 }));
      const after1 = await store.query<{ status: string; attempts: number; error: string | null }>(
        `SELECT status, attempts, error FROM value_report_sends WHERE id = $1`,
        [sendId],
      );
      assert.equal(after1[0]?.status, 'queued');
      assert.equal(after1[0]?.attempts, 1);
      assert.ok(after1[0]?.error);
      await assert.rejects(sendValueReport(ctx, { sendId, attempt: 2, maxAttempts: 2 }));
      const [after2] = await store.query<{ status: string }>(`SELECT status FROM value_report_sends WHERE id = $1`, [
        sendId,
      ]);
      assert.equal(after2?.status, 'failed');
      assert.equal(smtp.received.length, 3);
    });

    it('mails on a later try the link its first try made: one link per email, and it opens', async () => {
      const [row] = await store.query<{ id: number }>(
        `INSERT INTO value_report_sends (account_id, occasion, occasion_key, period_from, period_to, to_address, created_at)
         VALUES ($1, 'manual', 'retry', '2026-07', '2026-09', 'cy@acme.test', now()) RETURNING id`,
        [acme],
      );
      const sendId = row!.id;
      const links = async () =>
        (await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM value_report_links`))[0]?.n ?? 0;
      const before = await links();
      await assert.rejects(sendValueReport(context('smtp://127.0.0.1:1'), { sendId, attempt: 1, maxAttempts: 5 }));
      assert.equal(await links(), before + 1, 'the failed try made the link');
      assert.equal(await sendValueReport(context(smtp.url), { sendId, attempt: 2, maxAttempts: 5 }), 'sent');
      assert.equal(await links(), before + 1, 'the second try made none');
      const mail = smtp.received.at(-1);
      assert.ok(mail && mail.to.includes('cy@acme.test'));
      const token = /\/r\/([\w-]+\.[\w-]+)/.exec(mail.raw.replace(/=\r?\n/g, ''))?.[1];
      assert.ok(token);
      const opened = await openValueShareLink({ ctx: context(smtp.url), token });
      assert.equal(opened.state, 'ok');
      const [kept] = await store.query<{ link_id: number; opens: number }>(
        `SELECT s.link_id, l.open_count AS opens FROM value_report_sends s JOIN value_report_links l ON l.id = s.link_id
          WHERE s.id = $1`,
        [sendId],
      );
      assert.equal(kept?.opens, 1, 'the mailed token is the recorded link');
    });
  });
}
