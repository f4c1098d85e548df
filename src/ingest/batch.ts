// The steps one request's messages go through before anything is written: size limit, parse and validate,
// and deduplication within the batch. Each message ends ok, dropped (duplicate) or dead-lettered (rejected).
import { findJsonProblem } from '../core/text.ts';
import { parseMessage, type BatchInfo, type UsageMessage } from './message.ts';
import { deadLetter, ok, type Outcome, type Rejection } from './outcome.ts';

/** Segment's limits: a whole request, and one message in it. */
export const MAX_BATCH_BYTES = 500 * 1024;
export const MAX_EVENT_BYTES = 32 * 1024;

export interface Rejected {
  /** Position of the message in the request (0 for a single-message call). */
  index: number;
  messageId: string | null;
  reason: string;
  /** The reason in parts (field, expected, found), for errors that name a file and line. */
  rejection: Rejection;
}

export interface PreparedBatch {
  /** Valid messages, each messageId once (its first occurrence), in request order. */
  messages: UsageMessage[];
  /** Each message's position in the request. */
  positions: number[];
  /** Later copies of a messageId already in this batch. */
  duplicates: number;
  rejected: Rejected[];
}

export function checkEventSize(raw: unknown): Outcome<unknown> {
  const bytes = Buffer.byteLength(JSON.stringify(raw) ?? '');
  if (bytes <= MAX_EVENT_BYTES) return ok(raw);
  return deadLetter(undefined, `a message of at most ${MAX_EVENT_BYTES} bytes (32 KB)`, `${bytes} bytes`);
}

function rawMessageId(raw: unknown): string | null {
  const id = typeof raw === 'object' && raw !== null ? (raw as { messageId?: unknown }).messageId : undefined;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

/** Runs every step over a request's messages; a message's outcome never depends on the store. */
export function prepareBatch(raws: readonly unknown[], info: BatchInfo): PreparedBatch {
  const seen = new Set<string>();
  const prepared: PreparedBatch = { messages: [], positions: [], duplicates: 0, rejected: [] };
  raws.forEach((raw, index) => {
    // Nesting is bounded before the size is measured: serializing an unbounded nesting would overflow the stack.
    const problem = findJsonProblem(raw);
    const sized = problem
      ? deadLetter(problem.path === '' ? undefined : problem.path, problem.expected)
      : checkEventSize(raw);
    const parsed = sized.kind === 'ok' ? parseMessage(raw, info) : sized;
    if (parsed.kind === 'dead-letter') {
      prepared.rejected.push({
        index,
        messageId: rawMessageId(raw),
        reason: parsed.reason,
        rejection: parsed.rejection,
      });
    } else if (parsed.kind === 'ok') {
      if (seen.has(parsed.value.messageId)) {
        prepared.duplicates++;
      } else {
        seen.add(parsed.value.messageId);
        prepared.messages.push(parsed.value);
        prepared.positions.push(index);
      }
    }
  });
  return prepared;
}
