// Product-usage ingestion: validate a Segment batch, then write it in one transaction (message ids, end users,
// raw events, daily rollups) that is durable before the caller answers. `createIngestor` adds the server's
// backpressure gate and group commit on top of the same write.
import { prepareBatch, type PreparedBatch, type Rejected } from '../ingest/batch.ts';
import { createWriteQueue } from '../ingest/gate.ts';
import { userUpdates } from '../ingest/identity.ts';
import type { UsageMessage } from '../ingest/message.ts';
import { rollUp, type RollupEvent } from '../ingest/rollup.ts';
import { StoreError, type Queryable, type Store } from '../store/types.ts';
import {
  addDailyUsage,
  assignPendingByGroup,
  assignPendingByUser,
  dropUsageBefore,
  ensurePartitions,
  featuresForEvents,
  insertEvents,
  insertMessageIds,
  syncWal,
  upsertUsers,
  walSegment,
} from '../store/usage.ts';
import type { ServiceContext } from './context.ts';
import { queueRescoring } from './health/rescore.ts';

export interface IngestResult {
  /** Messages stored now. */
  accepted: number;
  /** Messages already stored (a retry) or repeated within the request: not counted again. */
  duplicates: number;
  rejected: Rejected[];
}

export interface IngestRequest {
  messages: readonly unknown[];
  receivedAt: Date;
  /** The batch-level sentAt, when the sender gave one. */
  sentAt?: Date | null | undefined;
  /** Stored with each event: 'segment' for the HTTP API, 'import' for files. */
  source?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Months known to have their partition, so a write does not ask the database every time. */
export type PartitionCache = Set<string>;

const monthOf = (ms: number) => new Date(ms).toISOString().slice(0, 7);

function prepare(request: IngestRequest): PreparedBatch {
  return prepareBatch(request.messages, {
    receivedAt: request.receivedAt.getTime(),
    sentAt: request.sentAt ? request.sentAt.getTime() : null,
  });
}

/**
 * Creates the month partitions these messages need (each in its own transaction), unless already known. Months
 * older than the retention window get none: their rows go to the default partition, which retention empties, so
 * bogus old timestamps cannot make hundreds of tables.
 */
export async function preparePartitions(
  store: Store,
  messages: readonly UsageMessage[],
  options: { retentionDays: number; known?: PartitionCache | undefined },
): Promise<void> {
  const newest = messages.reduce((max, m) => Math.max(max, m.receivedAt), 0);
  const oldestKept = monthOf(newest - options.retentionDays * DAY_MS);
  const months = [...new Set(messages.map((m) => monthOf(m.occurredAt)))].filter((m) => m >= oldestKept);
  if (months.every((m) => options.known?.has(m))) return;
  await ensurePartitions(store, months);
  for (const m of months) options.known?.add(m);
}

/**
 * Writes validated messages (each messageId once) inside the caller's transaction, their partitions made:
 * message ids, end users, events waiting for a user who now has an account, raw events, daily rollups.
 * Returns the message ids that were new.
 */
export async function writeUsageIn(
  tx: Queryable,
  messages: readonly UsageMessage[],
  source: string,
): Promise<Set<string>> {
  const ids = await insertMessageIds(tx, messages);
  const events = messages.filter((m) => ids.has(m.messageId));
  const newlyMapped = await upsertUsers(tx, userUpdates(events));
  const waiting = await assignPendingByUser(tx, newlyMapped);
  const accounts = await insertEvents(tx, events, source);
  const stored: RollupEvent[] = events.map((e) => ({ ...e, accountId: accounts.get(e.messageId) ?? null }));
  await addToRollup(tx, [...waiting, ...stored]);
  return ids;
}

/** Adds events to the daily rollup under the catalog features they match as the catalog stands now. */
async function addToRollup(tx: Queryable, events: readonly RollupEvent[]): Promise<void> {
  const names = new Set(events.flatMap((e) => (e.event === null ? [] : [e.event])));
  await addDailyUsage(tx, rollUp(events, await featuresForEvents(tx, [...names])));
}

/**
 * Writes validated messages in one transaction and returns the ids that were new. On the embedded store the
 * WAL is fsynced before it returns, so an acknowledged event survives a crash.
 */
export async function writeUsage(
  store: Store,
  messages: readonly UsageMessage[],
  options: { source: string; retentionDays: number; partitions?: PartitionCache },
): Promise<Set<string>> {
  if (messages.length === 0) return new Set();
  await preparePartitions(store, messages, { retentionDays: options.retentionDays, known: options.partitions });
  return durably(store, () => store.transaction((tx) => writeUsageIn(tx, messages, options.source)));
}

/** Runs a write and, on the embedded store, fsyncs the WAL it wrote before returning. */
export async function durably<T>(store: Store, write: () => Promise<T>): Promise<T> {
  const since = await walSegment(store);
  const result = await write();
  await syncWal(store, since);
  return result;
}

/** Validates and stores one batch of Segment messages, all in one transaction. */
export async function ingestBatch({ ctx, ...request }: { ctx: ServiceContext } & IngestRequest): Promise<IngestResult> {
  const prepared = prepare(request);
  const fresh = await writeUsage(ctx.store, prepared.messages, {
    source: request.source ?? 'segment',
    retentionDays: ctx.config.usage.retentionDays,
  });
  // New usage moves health and churn risk: one rescoring waits for the whole stream of batches.
  if (fresh.size > 0) await queueRescoring(ctx.store, () => ctx.now());
  return {
    accepted: fresh.size,
    duplicates: prepared.duplicates + prepared.messages.length - fresh.size,
    rejected: prepared.rejected,
  };
}

/**
 * Gives events waiting for an account (their groupId named an account not imported yet) the account that
 * exists now, and rolls them up. The usage.resolve-pending job runs it hourly; run it after importing accounts to catch up at once.
 */
export async function resolvePendingUsage({ ctx }: { ctx: ServiceContext }): Promise<{ events: number }> {
  return ctx.store.transaction(async (tx) => {
    const byGroup = await assignPendingByGroup(tx);
    // Every user with an account, not only those just mapped: on PostgreSQL a user's event written concurrently
    // with the call mapping the user can miss the mapping.
    const byUser = await assignPendingByUser(tx, null);
    const events = [...byGroup.events, ...byUser];
    await addToRollup(tx, events);
    return { events: events.length };
  });
}

/** Retention: drops raw events older than `usage.retentionDays` (whole months); rollups stay. */
export async function pruneUsage({ ctx, now }: { ctx: ServiceContext; now: Date }): Promise<{ months: string[] }> {
  const cutoff = new Date(now.getTime() - ctx.config.usage.retentionDays * DAY_MS);
  return { months: await dropUsageBefore(ctx.store, cutoff) };
}

export interface Ingestor {
  /** Validates and stores a request's messages; rejects with OverloadedError when too much is pending. */
  ingest(request: IngestRequest): Promise<IngestResult>;
  readonly pending: number;
  /** Waits for every accepted request to be written. */
  close(): Promise<void>;
}

interface Job {
  prepared: PreparedBatch;
  source: string;
}

/** Events written per transaction at most: big enough to amortize a commit, small enough to keep latency. */
const MAX_EVENTS_PER_WRITE = 5000;
/**
 * On the embedded store a transaction holds its one session and every other query (a dashboard page, a health
 * check) waits for it: 200 events take about 35 ms on a 2-core machine, and still amortize the commit.
 */
const EMBEDDED_MAX_EVENTS_PER_WRITE = 200;

/** Writes several requests in one transaction; a messageId repeated across them counts for the first. */
async function writeJobs(
  ctx: ServiceContext,
  jobs: readonly Job[],
  partitions: PartitionCache,
): Promise<IngestResult[]> {
  const claimed = new Set<string>();
  const mine = jobs.map((job) =>
    job.prepared.messages.filter((m) => {
      if (claimed.has(m.messageId)) return false;
      claimed.add(m.messageId);
      return true;
    }),
  );
  const source = jobs[0]?.source ?? 'segment';
  const fresh = await writeUsage(ctx.store, mine.flat(), {
    source,
    retentionDays: ctx.config.usage.retentionDays,
    partitions,
  });
  return jobs.map((job, i) => {
    const accepted = (mine[i] ?? []).filter((m) => fresh.has(m.messageId)).length;
    const duplicates = job.prepared.duplicates + job.prepared.messages.length - accepted;
    return { accepted, duplicates, rejected: job.prepared.rejected };
  });
}

/** Data exceptions (22xxx) and program limits (54xxx): the value, not the store, is at fault. */
const refusesValue = (error: unknown) => error instanceof StoreError && /^(22|54)/.test(error.code ?? '');

/**
 * A request whose write the store refused for a value the checks let through: each message is written alone,
 * so only those the store refuses are rejected (with the store's reason) and the others are kept.
 */
async function writeJobAlone(ctx: ServiceContext, job: Job, partitions: PartitionCache): Promise<IngestResult> {
  const result: IngestResult = {
    accepted: 0,
    duplicates: job.prepared.duplicates,
    rejected: [...job.prepared.rejected],
  };
  for (const [i, message] of job.prepared.messages.entries()) {
    const alone = { messages: [message], positions: [i], duplicates: 0, rejected: [] };
    try {
      const [one] = await writeJobs(ctx, [{ ...job, prepared: alone }], partitions);
      result.accepted += one?.accepted ?? 0;
      result.duplicates += one?.duplicates ?? 0;
    } catch (error) {
      if (!refusesValue(error)) throw error;
      const reason = `the store refused this message: ${(error as Error).message}`;
      result.rejected.push({
        index: job.prepared.positions[i] ?? i,
        messageId: message.messageId,
        reason,
        rejection: { field: undefined, expected: 'a value the store accepts', found: (error as Error).message },
      });
    }
  }
  result.rejected.sort((a, b) => a.index - b.index);
  return result;
}

/**
 * The server's ingestion: backpressure (429 beyond `usage.maxPendingBatches`) and group commit. Retention and
 * events waiting for an account are jobs (usage.prune, usage.resolve-pending); months pruned meanwhile are older
 * than the retention window, which `preparePartitions` never asks the partition cache about.
 */
export function createIngestor({ ctx }: { ctx: ServiceContext }): Ingestor {
  const partitions: PartitionCache = new Set();
  // New usage queues a rescoring (one waits at a time); asked at most once a minute, off the hot path's queries.
  let rescoreAskedAt = -Infinity;
  const rescore = async (results: readonly IngestResult[]) => {
    const now = ctx.now().getTime();
    if (now - rescoreAskedAt < 60_000 || !results.some((r) => r.accepted > 0)) return;
    rescoreAskedAt = now;
    await queueRescoring(ctx.store, () => ctx.now());
  };
  const queue = createWriteQueue<Job, IngestResult>({
    maxPending: ctx.config.usage.maxPendingBatches,
    writers: ctx.config.usage.writers ?? (ctx.store.kind === 'pglite' ? 1 : 4),
    maxWeight: ctx.store.kind === 'pglite' ? EMBEDDED_MAX_EVENTS_PER_WRITE : MAX_EVENTS_PER_WRITE,
    weight: (job) => job.prepared.messages.length,
    flush: async (jobs) => {
      let results: IngestResult[];
      try {
        results = await writeJobs(ctx, jobs, partitions);
      } catch (error) {
        const [only] = jobs;
        if (jobs.length !== 1 || !only || !refusesValue(error)) throw error;
        results = [await writeJobAlone(ctx, only, partitions)];
      }
      await rescore(results);
      return results;
    },
  });
  return {
    ingest: (request) => queue.submit({ prepared: prepare(request), source: request.source ?? 'segment' }),
    get pending() {
      return queue.pending;
    },
    close: () => queue.drain(),
  };
}
