// Outbound webhooks to a real receiver on 127.0.0.1: a receiver down for 10 minutes (test clock) gets every event
// afterwards, each signature verified with the standardwebhooks package; a receiver answering 500 exhausts the
// 8 tries over about a day and a replay then delivers; a slow receiver times out and is retried.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { JOB_KINDS } from '../src/jobs/kinds.ts';
import { createRunner, type Runner } from '../src/jobs/runner.ts';
import type { ServiceContext } from '../src/services/context.ts';
import { importSubscriptions } from '../src/services/import-subscriptions.ts';
import { getJob } from '../src/store/jobs.ts';
import {
  addEndpoint,
  listDeliveries,
  removeEndpoint,
  replayDelivery,
  sendTestEvent,
} from '../src/services/webhooks/endpoints.ts';
import { emitEvent } from '../src/services/webhooks/events.ts';
import type { Store } from '../src/store/types.ts';
import { startReceiver, verifyReceived } from './helpers/receiver.ts';
import { engines, testConfig, testContext } from './helpers/store.ts';

const SUBSCRIPTIONS = `subscription_id,customer_id,start_date,end_date,monthly_amount
s1,acme,2026-01-01,,100
s2,globex,2026-02-01,,250
s3,acme,2026-03-01,2026-06-01,20
`;
const MINUTE = 60_000;

for (const engine of engines()) {
  describe(`outbound webhooks (${engine.name})`, () => {
    let store: Store;
    let t = Date.parse('2026-11-30T09:00:00Z');
    let ctx: ServiceContext;
    let runner: Runner;
    const advance = async (ms: number) => {
      t += ms;
      return runner.runDue();
    };
    before(async () => {
      store = await engine.open();
      ctx = {
        // A second, not 300 ms: a loaded 2-core machine can take longer than that to answer a local receiver.
        ...testContext(store, { webhooks: { ...testConfig().webhooks, timeoutMs: 1000 } }),
        now: () => new Date(t),
      };
      runner = createRunner({ ctx, kinds: JOB_KINDS });
    });
    const receivers: { close(): void }[] = [];
    const receive = async () => {
      const r = await startReceiver(() => new Date(t));
      receivers.push(r);
      return r;
    };
    after(async () => {
      for (const r of receivers) r.close();
      await store.close();
    });

    it('delivers every event to a receiver that was down for 10 minutes, each signature valid', async () => {
      const receiver = await receive();
      const endpoint = await addEndpoint({ ctx, url: receiver.url });
      assert.match(endpoint.secret, /^whsec_[A-Za-z0-9+/]+=*$/);
      await receiver.down();
      const start = t;
      await importSubscriptions({ ctx, input: { text: SUBSCRIPTIONS, name: 'subscriptions.csv' } });
      await sendTestEvent({ ctx, id: endpoint.id });
      // Runs the revenue refresh the import queued (raising ledger.changed for both accounts) and a first try of each.
      await runner.runDue();
      while (t - start < 10 * MINUTE) await advance(MINUTE);
      assert.equal(receiver.received.length, 0);
      const waiting = await listDeliveries({ ctx, endpointId: endpoint.id });
      assert.equal(waiting.total, 4);
      for (const d of waiting.items) {
        assert.equal(d.state, 'pending');
        assert.ok(d.jobId !== null, `delivery ${d.id} (${d.eventType}) has its job`);
        assert.equal(d.attempts, 3, 'tried at 0 s, 80 s and 5 min 20 s');
        assert.ok(
          d.log.every((a) => a.status === null && /ECONNREFUSED|fetch failed/.test(a.error ?? '')),
          d.lastError ?? '',
        );
      }
      await receiver.up();
      while (receiver.received.length < 4 && t - start < 60 * MINUTE) await advance(MINUTE);
      assert.equal(t - start, 18 * MINUTE, 'the fourth try comes 12 minutes after the third');

      const bodies = receiver.received.map(
        (r) => verifyReceived(endpoint.secret, r) as { type: string; data: Record<string, unknown> },
      );
      assert.deepEqual(bodies.map((b) => b.type).sort(), [
        'import.finished',
        'ledger.changed',
        'ledger.changed',
        'webhook.test',
      ]);
      assert.equal(new Set(receiver.received.map((r) => r.id)).size, 4, 'one message each, none twice');
      const { startedAt, ...imported } = bodies.find((b) => b.type === 'import.finished')?.data ?? {};
      assert.match(String(startedAt), /^\d{4}-\d{2}-\d{2}T/);
      assert.deepEqual(imported, {
        kind: 'csv:subscriptions',
        source: 'subscriptions.csv',
        read: 3,
        created: 3,
        updated: 0,
        unchanged: 0,
      });
      const ledger = bodies.filter((b) => b.type === 'ledger.changed').map((b) => String(b.data.externalId));
      assert.deepEqual(ledger.sort(), ['acme', 'globex']);
      assert.throws(() => verifyReceived('whsec_' + Buffer.alloc(24, 1).toString('base64'), receiver.received[0]!));
      const delivered = await listDeliveries({ ctx, endpointId: endpoint.id });
      for (const d of delivered.items) {
        assert.equal(d.state, 'delivered');
        assert.deepEqual(
          d.log.map((a) => a.status),
          [null, null, null, 204],
        );
      }
      await removeEndpoint({ ctx, id: endpoint.id });
    });

    it('gives up after 8 tries over about a day against a receiver answering 500; a replay then delivers', async () => {
      const receiver = await receive();
      receiver.setMode('error');
      const endpoint = await addEndpoint({ ctx, url: receiver.url, events: 'webhook.test' });
      const emitted = await emitEvent(ctx, 'webhook.test', { n: 1 });
      const start = t;
      await runner.runDue();
      while (t - start < 30 * 60 * MINUTE) await advance(10 * MINUTE);
      const [delivery] = (await listDeliveries({ ctx, endpointId: endpoint.id })).items;
      assert.equal(delivery?.state, 'failed');
      assert.equal(delivery.attempts, 8);
      assert.deepEqual(
        delivery.log.map((a) => a.status),
        [500, 500, 500, 500, 500, 500, 500, 500],
      );
      const span = Date.parse(delivery.log.at(-1)!.attemptedAt) - Date.parse(delivery.log[0]!.attemptedAt);
      assert.ok(span >= 24 * 60 * MINUTE && span <= 25 * 60 * MINUTE, `last try ${span / 3_600_000} h after the first`);
      assert.equal((await getJob(store, emitted!.jobIds[0]!))?.state, 'dead');

      receiver.setMode('ok');
      await replayDelivery({ ctx, id: delivery.id });
      await runner.runDue();
      assert.equal(receiver.received.length, 1);
      assert.equal(receiver.received[0]?.id, emitted?.messageId, 'a replay keeps the message id');
      verifyReceived(endpoint.secret, receiver.received[0]!);
      const [after] = (await listDeliveries({ ctx, endpointId: endpoint.id })).items;
      assert.equal(after?.state, 'delivered');
      assert.equal(after.log.at(-1)?.status, 204);
      await removeEndpoint({ ctx, id: endpoint.id });
    });

    it('retries a receiver that does not answer within the timeout, and sends nothing to a removed endpoint', async () => {
      const receiver = await receive();
      receiver.setMode({ slowMs: 3000 });
      // Subscribed to another type: a test event still reaches it when asked for.
      const endpoint = await addEndpoint({ ctx, url: receiver.url, events: ['import.finished'] });
      await sendTestEvent({ ctx, id: endpoint.id });
      await runner.runDue();
      receiver.setMode('ok');
      await advance(80_000);
      const [delivery] = (await listDeliveries({ ctx, endpointId: endpoint.id })).items;
      assert.equal(delivery?.state, 'delivered');
      assert.deepEqual(
        delivery.log.map((a) => [a.status, a.error]),
        [
          [null, 'no answer within 1000 ms'],
          [204, null],
        ],
      );
      await removeEndpoint({ ctx, id: endpoint.id });
      assert.equal(await emitEvent(ctx, 'webhook.test', {}), null, 'no endpoint left: nothing stored');
      await assert.rejects(sendTestEvent({ ctx, id: endpoint.id }), /no webhook endpoint/);
      await new Promise((resolve) => setTimeout(resolve, 3100));
    });
  });
}
