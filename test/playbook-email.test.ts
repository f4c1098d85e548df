// A playbook's email step goes out through a real SMTP server (one playbook.email job per email); a failure is kept
// on the queued email with its message and tried again, the last try marks it failed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { JOB_KINDS } from '../src/jobs/kinds.ts';
import { createRunner } from '../src/jobs/runner.ts';
import type { ServiceContext } from '../src/services/context.ts';
import { evaluatePlaybooks } from '../src/services/playbooks/evaluate.ts';
import { importPlaybooks } from '../src/services/playbooks/playbooks.ts';
import type { Store } from '../src/store/types.ts';
import { addAccount } from './helpers/adoption.ts';
import { startSmtpServer } from './helpers/smtp.ts';
import { engines, testContext } from './helpers/store.ts';

const NOW = Date.parse('2026-03-31T09:00:00Z');

const welcome = (segment: string) => ({
  name: `Welcome ${segment}`,
  trigger: { signal: 'segment', segment },
  steps: [{ type: 'email', to: 'owner', subject: `Kick-off for ${segment}`, body: 'Book the kick-off call.' }],
});

for (const engine of engines()) {
  describe(`playbook email (${engine.name})`, () => {
    let store: Store;
    let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
    before(async () => {
      store = await engine.open();
      smtp = await startSmtpServer();
      await store.query(
        `INSERT INTO users (email, name, role, password_hash) VALUES ('dana@example.com', 'Dana', 'csm', 'x')`,
      );
      await addAccount(store, 'ACME', 'Acme', { ownerCsm: 'Dana', segment: 'enterprise' });
      await addAccount(store, 'BIRCH', 'Birch', { ownerCsm: 'Dana', segment: 'smb' });
    });
    after(async () => {
      await smtp.close();
      await store.close();
    });
    const context = (url: string): ServiceContext => ({
      ...testContext(store, { smtp: { url, from: 'Tenure <cs@tenure.test>' } }),
      now: () => new Date(NOW),
    });

    it('sends the email to the owner through SMTP and marks it sent', async () => {
      const ctx = context(smtp.url);
      await importPlaybooks({ ctx, file: 'p.json', text: JSON.stringify(welcome('enterprise')) });
      await evaluatePlaybooks({ ctx });
      await createRunner({ ctx, kinds: JOB_KINDS }).runDue();
      assert.equal(smtp.received.length, 1);
      assert.deepEqual(smtp.received[0]?.to, ['dana@example.com']);
      assert.match(smtp.received[0]?.raw ?? '', /Subject: Kick-off for enterprise/);
      const rows = await store.query<{ status: string; attempts: number; error: string | null }>(
        `SELECT status, attempts, error FROM playbook_emails`,
      );
      assert.deepEqual(rows, [{ status: 'sent', attempts: 1, error: null }]);
    });

    it('keeps a failure on the email and leaves it queued for the next try', async () => {
      const ctx = context('smtp://127.0.0.1:1');
      await importPlaybooks({ ctx, file: 'p.json', text: JSON.stringify(welcome('smb')) });
      await evaluatePlaybooks({ ctx });
      await createRunner({ ctx, kinds: JOB_KINDS }).runDue();
      const [row] = await store.query<{ status: string; attempts: number; error: string | null }>(
        `SELECT status, attempts, error FROM playbook_emails WHERE subject = 'Kick-off for smb'`,
      );
      assert.equal(row?.status, 'queued');
      assert.equal(row?.attempts, 1);
      assert.match(row?.error ?? '', /ECONNREFUSED|connect/);
      assert.equal(smtp.received.length, 1, 'nothing more was received');
    });
  });
}
