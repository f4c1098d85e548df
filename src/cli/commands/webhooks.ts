import type { Command } from 'commander';
import { JOB_KINDS } from '../../jobs/kinds.ts';
import { createRunner } from '../../jobs/runner.ts';
import { UsageError } from '../../services/errors.ts';
import {
  addEndpoint,
  parseEndpointUrl,
  parseEventTypes,
  listDeliveries,
  listEndpoints,
  removeEndpoint,
  sendTestEvent,
} from '../../services/webhooks/endpoints.ts';
import { withContext } from '../context.ts';
import { toTable } from '../format.ts';

function parseId(value: string, what: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < 1) {
    throw new UsageError(`${what} must be a positive whole number, found "${value}"`);
  }
  return Number(value);
}

/** `tenure webhooks add|list|remove|test`. */
export function registerWebhookCommands(program: Command): void {
  const webhooks = program.command('webhooks').description('signed outbound webhooks (Standard Webhooks)');
  webhooks
    .command('add <url>')
    .description('add an endpoint; prints its id, and its signing secret on the last line (shown only here)')
    .option('--events <types>', 'comma-separated event types (default: all)')
    .option('--description <text>', 'what the endpoint is for')
    .action(async (url: string, options: { events?: string; description?: string }, command: Command) => {
      const checked = { url: parseEndpointUrl(url), events: parseEventTypes(options.events) };
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const endpoint = await addEndpoint({ ctx, ...checked, description: options.description });
        process.stdout.write(`Added webhook endpoint ${endpoint.id}: ${endpoint.url}\n`);
        process.stdout.write(`Events: ${endpoint.eventTypes?.join(', ') ?? 'all'}\n`);
        process.stdout.write(`Signing secret (keep it now; it is not shown again):\n${endpoint.secret}\n`);
      });
    });
  webhooks
    .command('list')
    .description('endpoints, with their latest delivery')
    .action(async (_options: unknown, command: Command) => {
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const rows = [];
        for (const e of await listEndpoints({ ctx })) {
          const last = (await listDeliveries({ ctx, endpointId: e.id, limit: 1 })).items[0];
          rows.push({
            id: e.id,
            url: e.url,
            events: e.eventTypes?.join(',') ?? 'all',
            last_delivery: last ? `${last.eventType} ${last.state} ${last.lastStatus ?? last.lastError ?? ''}` : '',
          });
        }
        process.stdout.write(toTable(['id', 'url', 'events', 'last_delivery'], rows));
      });
    });
  webhooks
    .command('remove <id>')
    .description('remove an endpoint: nothing more is sent to it (its delivery log stays)')
    .action(async (id: string, _options: unknown, command: Command) => {
      const endpointId = parseId(id, 'ID');
      await withContext(command.optsWithGlobals(), async (ctx) => {
        if (!(await removeEndpoint({ ctx, id: endpointId })))
          throw new UsageError(`there is no webhook endpoint ${id}`);
        process.stdout.write(`Removed webhook endpoint ${endpointId}.\n`);
      });
    });
  webhooks
    .command('test [id]')
    .description('send a webhook.test event to one endpoint (or all) now; failed tries are retried by the jobs')
    .action(async (id: string | undefined, _options: unknown, command: Command) => {
      const endpointId = id === undefined ? undefined : parseId(id, 'ID');
      await withContext(command.optsWithGlobals(), async (ctx) => {
        const sent = await sendTestEvent({ ctx, id: endpointId });
        const runner = createRunner({ ctx, kinds: JOB_KINDS });
        await runner.runDue({ ids: sent.jobIds });
        let failed = 0;
        const deliveries = (await listDeliveries({ ctx, limit: 1000 })).items.filter((d) =>
          sent.deliveryIds.includes(d.id),
        );
        for (const d of deliveries) {
          const answer = d.lastStatus !== null ? `answered ${d.lastStatus}` : (d.lastError ?? 'not sent');
          if (d.state !== 'delivered') failed++;
          process.stdout.write(`Endpoint ${d.endpointId} (${d.url}): ${d.state}, ${answer}\n`);
        }
        if (failed > 0)
          throw new Error(`${failed} test delivery(ies) failed; the jobs runner retries them with backoff`);
      });
    });
}
