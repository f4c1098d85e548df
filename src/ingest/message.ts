// Parse and validate one Segment message (https://segment.com/docs/connections/spec/common/) into the shape
// Tenure stores. Pure apart from hashing: no store, no clock (receivedAt is handed in).
import { createHash } from 'node:crypto';
import { findJsonProblem } from '../core/text.ts';
import { badValue, deadLetter, ok, type Outcome } from './outcome.ts';
import { correctClockSkew, parseIsoInstant } from './time.ts';

export const MESSAGE_TYPES = ['track', 'identify', 'group', 'page', 'screen'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** Page and screen calls roll up under these event names. */
export const PAGE_EVENT = '$page';
export const SCREEN_EVENT = '$screen';

/** A message more than this far ahead of the server's clock (after skew correction) is refused. */
export const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;
/** Ids (messageId, userId, anonymousId, groupId) are keys of btree indexes, which hold at most 2704 bytes. */
export const MAX_ID_BYTES = 1024;

export interface UsageMessage {
  messageId: string;
  type: MessageType;
  /** track: the event name; page: '$page'; screen: '$screen'; identify and group: null. */
  event: string | null;
  userId: string | null;
  anonymousId: string | null;
  /** The end user: userId, or 'anon:' + anonymousId. */
  userKey: string;
  /** The account named: a group call's groupId, else context.groupId (identify: also traits.company.id). */
  groupId: string | null;
  /** track, page, screen: properties (page/screen `name` folded in); identify, group: traits. */
  properties: Record<string, unknown>;
  context: Record<string, unknown>;
  /** Epoch ms, corrected for the sender's clock skew. */
  occurredAt: number;
  receivedAt: number;
}

export interface BatchInfo {
  receivedAt: number;
  /** The batch-level `sentAt` (analytics-node sends it there), used when a message has none. */
  sentAt: number | null;
  /** Historical imports need each message's own time. */
  requireTimestamp?: boolean;
}

type Fields = Record<string, unknown>;

const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);

function optionalObject(raw: Fields, field: string): Outcome<Fields> {
  const value = raw[field];
  if (value === undefined || value === null) return ok({});
  return isObject(value) ? ok(value) : badValue(field, 'an object', value);
}

/** Segment ids are strings; numbers are accepted and kept as their decimal text. */
function optionalId(raw: Fields, field: string): Outcome<string | null> {
  const value = raw[field];
  if (value === undefined || value === null) return ok(null);
  if (typeof value === 'string' && value.trim() !== '') {
    const bytes = Buffer.byteLength(value);
    return bytes <= MAX_ID_BYTES
      ? ok(value)
      : deadLetter(field, `an id of at most ${MAX_ID_BYTES} bytes`, `${bytes} bytes`);
  }
  if (typeof value === 'number' && Number.isFinite(value)) return ok(String(value));
  return badValue(field, 'a non-empty string', value);
}

function optionalInstant(raw: Fields, field: string): Outcome<number | null> {
  const value = raw[field];
  if (value === undefined || value === null) return ok(null);
  const ms = typeof value === 'string' ? parseIsoInstant(value) : null;
  return ms !== null ? ok(ms) : badValue(field, 'an ISO 8601 date-time from 1970 on', value);
}

/** A stable id for a message sent without one: its content, so a retry of it is still recognised. */
export function derivedMessageId(raw: Fields, receivedAt: number): string {
  // sentAt differs between a message and its retry; everything else is the same.
  const hash = createHash('sha256').update(JSON.stringify({ ...raw, sentAt: null }));
  // Without its own timestamp a message is only the same as itself within one receipt.
  if (raw.timestamp === undefined || raw.timestamp === null) hash.update(`@${receivedAt}`);
  return `derived-${hash.digest('base64url').slice(0, 32)}`;
}

function parseType(raw: Fields): Outcome<MessageType> {
  const type = typeof raw.type === 'string' ? raw.type.toLowerCase() : raw.type;
  if (MESSAGE_TYPES.includes(type as MessageType)) return ok(type as MessageType);
  return badValue('type', `one of ${MESSAGE_TYPES.join(', ')}`, raw.type);
}

function parseEventName(raw: Fields, type: MessageType): Outcome<string | null> {
  if (type === 'page') return ok(PAGE_EVENT);
  if (type === 'screen') return ok(SCREEN_EVENT);
  if (type !== 'track') return ok(null);
  const event = raw.event;
  return typeof event === 'string' && event.trim() !== ''
    ? ok(event)
    : badValue('event', 'the event name, a non-empty string', event);
}

/** Properties for usage calls (page/screen `name` and `category` folded in); traits for identify and group. */
function parsePayload(raw: Fields, type: MessageType): Outcome<Fields> {
  if (type === 'identify' || type === 'group') return optionalObject(raw, 'traits');
  const properties = optionalObject(raw, 'properties');
  if (properties.kind !== 'ok' || type === 'track') return properties;
  const extra: Fields = {};
  for (const field of ['name', 'category']) {
    if (typeof raw[field] === 'string' && properties.value[field] === undefined) extra[field] = raw[field];
  }
  return ok({ ...properties.value, ...extra });
}

function parseGroupId(raw: Fields, type: MessageType, context: Fields, traits: Fields): Outcome<string | null> {
  if (type === 'group') {
    const groupId = optionalId(raw, 'groupId');
    if (groupId.kind === 'ok' && groupId.value === null) return deadLetter('groupId', 'the account id of a group call');
    return groupId;
  }
  const fromContext = optionalId(context, 'groupId');
  if (fromContext.kind !== 'ok') return badValue('context.groupId', 'a non-empty string', context.groupId);
  if (fromContext.value !== null || type !== 'identify' || !isObject(traits.company)) return fromContext;
  // Segment's B2B spec names the user's company in identify traits; a malformed one is a trait, not an error.
  const company = optionalId(traits.company, 'id');
  return company.kind === 'ok' ? company : ok(null);
}

function parseTime(raw: Fields, batch: BatchInfo): Outcome<number> {
  const timestamp = optionalInstant(raw, 'timestamp');
  if (timestamp.kind !== 'ok') return timestamp;
  if (timestamp.value === null && batch.requireTimestamp) return deadLetter('timestamp', 'when the event happened');
  const sentAt = optionalInstant(raw, 'sentAt');
  if (sentAt.kind !== 'ok') return sentAt;
  const occurredAt = correctClockSkew({
    timestamp: timestamp.value,
    sentAt: sentAt.value ?? batch.sentAt,
    receivedAt: batch.receivedAt,
  });
  if (occurredAt > batch.receivedAt + MAX_FUTURE_MS) {
    return badValue('timestamp', 'a time at most a day ahead of the server clock', raw.timestamp);
  }
  // A sentAt far ahead of the server's clock moves the event back by as much: it must not leave 1970 on.
  if (occurredAt < 0) {
    const skewed = sentAt.value !== null ? 'sentAt' : 'batch sentAt';
    return badValue(
      'timestamp',
      `a time from 1970 on once corrected by the ${skewed} (clock skew)`,
      raw.timestamp ?? null,
    );
  }
  return ok(occurredAt);
}

interface Identity {
  messageId: string | null;
  userId: string | null;
  anonymousId: string | null;
}

function parseIdentity(raw: Fields): Outcome<Identity> {
  const messageId = optionalId(raw, 'messageId');
  if (messageId.kind !== 'ok') return messageId;
  const userId = optionalId(raw, 'userId');
  if (userId.kind !== 'ok') return userId;
  const anonymousId = optionalId(raw, 'anonymousId');
  if (anonymousId.kind !== 'ok') return anonymousId;
  if (userId.value === null && anonymousId.value === null) return deadLetter('userId', 'a userId or an anonymousId');
  return ok({ messageId: messageId.value, userId: userId.value, anonymousId: anonymousId.value });
}

/** Validates one message against Segment's spec and maps it to a `UsageMessage`. */
export function parseMessage(raw: unknown, batch: BatchInfo): Outcome<UsageMessage> {
  if (!isObject(raw)) return badValue(undefined, 'a message object', raw);
  // Checked first: PostgreSQL refuses such text, and a value nested without bound has no business in a message.
  const problem = findJsonProblem(raw);
  if (problem) return deadLetter(problem.path === '' ? undefined : problem.path, problem.expected);
  const type = parseType(raw);
  if (type.kind !== 'ok') return type;
  const ids = parseIdentity(raw);
  if (ids.kind !== 'ok') return ids;
  const event = parseEventName(raw, type.value);
  if (event.kind !== 'ok') return event;
  const payload = parsePayload(raw, type.value);
  if (payload.kind !== 'ok') return payload;
  const context = optionalObject(raw, 'context');
  if (context.kind !== 'ok') return context;
  const groupId = parseGroupId(raw, type.value, context.value, payload.value);
  if (groupId.kind !== 'ok') return groupId;
  const time = parseTime(raw, batch);
  if (time.kind !== 'ok') return time;
  const { messageId, userId, anonymousId } = ids.value;
  return ok({
    messageId: messageId ?? derivedMessageId(raw, batch.receivedAt),
    type: type.value,
    event: event.value,
    userId,
    anonymousId,
    userKey: userId ?? `anon:${anonymousId}`,
    groupId: groupId.value,
    properties: payload.value,
    context: context.value,
    occurredAt: time.value,
    receivedAt: batch.receivedAt,
  });
}
