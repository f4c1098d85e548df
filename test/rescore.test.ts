// Rescoring after a change, not only daily: imports (tickets too), ingested usage and a survey answer each queue
// one health.score and one churn.score job, later than now; a burst of changes leaves one job of each kind waiting.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ServiceContext } from '../src/services/context.ts';
import { CHURN_RESCORE_DELAY_MS, HEALTH_RESCORE_DELAY_MS } from '../src/services/health/rescore.ts';
import { importTickets } from '../src/services/health/import-tickets.ts';
import { importAccounts } from '../src/services/import-accounts.ts';
import { createIngestor, ingestBatch } from '../src/services/ingest.ts';
import { createSurvey } from '../src/services/surveys/definitions.ts';
import { answerInApp } from '../src/services/surveys/in-app.ts';
import type { Store } from '../src/store/types.ts';
import { engines, testContext } from './helpers/store.ts';

const NOW = new Date('2026-03-02T09:00:00Z');
const TICKETS = 'ticket_id,account_id,opened_at,closed_at,priority,csat\nt1,acme,2026-03-01T10:00:00Z,,high,\n';
let seq = 0;
const track = (userId: string) => ({ type: 'track', messageId: `m${++seq}`, userId, event: 'Report Exported' });
const group = (userId: string, groupId: string) => ({ type: 'group', messageId: `g${++seq}`, userId, groupId });

for (const engine of engines()) {
  describe(`rescoring after changes (${engine.name})`, () => {
    let store: Store;
    let ctx: ServiceContext;
    const queued = async () =>
      (
        await store.query<{ kind: string; due: string }>(
          `SELECT kind, (extract(epoch FROM run_at) * 1000)::bigint AS due FROM jobs
           WHERE kind IN ('health.score', 'churn.score') AND state = 'queued' ORDER BY kind`,
        )
      ).map((j) => `${j.kind}+${(Number(j.due) - NOW.getTime()) / 60_000}m`);
    const clear = () => store.execute(`DELETE FROM jobs`);
    const expected = [
      `churn.score+${CHURN_RESCORE_DELAY_MS / 60_000}m`,
      `health.score+${HEALTH_RESCORE_DELAY_MS / 60_000}m`,
    ];

    before(async () => {
      store = await engine.open();
      ctx = { ...testContext(store), now: () => NOW };
    });
    after(() => store.close());

    it('queues one of each after imports, however many, and the tickets import among them', async () => {
      await importAccounts({ ctx, input: { text: 'id,name\nacme,Acme\nglobex,Globex\n', name: 'a.csv' } });
      assert.deepEqual(await queued(), expected);
      await importTickets({ ctx, input: { text: TICKETS, name: 't.csv' } });
      await importAccounts({ ctx, input: { text: 'id,name\nacme,Acme Corp\n', name: 'a.csv' } });
      assert.deepEqual(await queued(), expected, 'still one of each');
      await clear();
      await importTickets({ ctx, input: { text: TICKETS, name: 't.csv' } });
      assert.deepEqual(await queued(), [], 'an import that changed nothing queues nothing');
      await importTickets({ ctx, input: { text: TICKETS.replace(',high,', ',low,'), name: 't.csv' } });
      assert.deepEqual(await queued(), expected);
    });

    it('queues after ingested usage (a batch, and the server ingestor), none for duplicates only', async () => {
      await clear();
      const messages = [group('u-1', 'acme'), track('u-1')];
      await ingestBatch({ ctx, messages, receivedAt: NOW });
      assert.deepEqual(await queued(), expected);
      await clear();
      await ingestBatch({ ctx, messages, receivedAt: NOW });
      assert.deepEqual(await queued(), [], 'duplicates change nothing');
      const ingestor = createIngestor({ ctx });
      await ingestor.ingest({ messages: [track('u-1')], receivedAt: NOW });
      await ingestor.ingest({ messages: [track('u-1')], receivedAt: NOW });
      await ingestor.close();
      assert.deepEqual(await queued(), expected);
    });

    it('queues after a survey answer, not after a dismissal', async () => {
      const survey = await createSurvey({ ctx, input: { name: 'In-app NPS', kind: 'nps', question: 'Recommend us?' } });
      await clear();
      await answerInApp({ ctx, body: { userId: 'u-1', surveyId: survey.id, dismissed: true } });
      assert.deepEqual(await queued(), []);
      await store.execute(`DELETE FROM survey_responses`);
      await answerInApp({ ctx, body: { userId: 'u-1', surveyId: survey.id, score: 3 } });
      assert.deepEqual(await queued(), expected);
    });
  });
}
