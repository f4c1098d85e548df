import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { derivedMessageId, parseMessage, type BatchInfo, type UsageMessage } from './message.ts';
import type { Outcome } from './outcome.ts';

const receivedAt = Date.UTC(2025, 5, 1, 12);
const batch: BatchInfo = { receivedAt, sentAt: null };

function parsed(raw: unknown, info: BatchInfo = batch): UsageMessage {
  const outcome = parseMessage(raw, info);
  assert.equal(outcome.kind, 'ok', outcome.kind === 'dead-letter' ? outcome.reason : outcome.kind);
  return (outcome as { value: UsageMessage }).value;
}

function rejected(raw: unknown, info: BatchInfo = batch): string {
  const outcome: Outcome<UsageMessage> = parseMessage(raw, info);
  assert.equal(outcome.kind, 'dead-letter');
  return (outcome as { reason: string }).reason;
}

const track = { type: 'track', messageId: 'm1', userId: 'u1', event: 'Report Created' };

describe('parseMessage', () => {
  it('maps a track call', () => {
    const m = parsed({ ...track, properties: { format: 'pdf' }, context: { groupId: 'acme' } });
    assert.deepEqual(m, {
      messageId: 'm1',
      type: 'track',
      event: 'Report Created',
      userId: 'u1',
      anonymousId: null,
      userKey: 'u1',
      groupId: 'acme',
      properties: { format: 'pdf' },
      context: { groupId: 'acme' },
      occurredAt: receivedAt,
      receivedAt,
    });
  });

  it('keys anonymous users by anonymousId, and reads numeric ids as text', () => {
    assert.equal(parsed({ ...track, userId: undefined, anonymousId: 'a-7' }).userKey, 'anon:a-7');
    assert.equal(parsed({ ...track, userId: 42 }).userKey, '42');
  });

  it('names page and screen calls $page and $screen, with their name among the properties', () => {
    const page = parsed({ type: 'page', messageId: 'p', userId: 'u', name: 'Reports', properties: { path: '/r' } });
    assert.equal(page.event, '$page');
    assert.deepEqual(page.properties, { path: '/r', name: 'Reports' });
    assert.equal(parsed({ type: 'screen', messageId: 's', anonymousId: 'a' }).event, '$screen');
  });

  it('takes the account of a group call from groupId and keeps its traits', () => {
    const g = parsed({ type: 'group', messageId: 'g', userId: 'u', groupId: 'acme', traits: { plan: 'pro' } });
    assert.equal(g.groupId, 'acme');
    assert.equal(g.event, null);
    assert.deepEqual(g.properties, { plan: 'pro' });
    assert.match(rejected({ type: 'group', messageId: 'g', userId: 'u' }), /"groupId"/);
  });

  it("reads an identify's account from context.groupId, else from traits.company.id", () => {
    const identify = { type: 'identify', messageId: 'i', userId: 'u' };
    assert.equal(parsed({ ...identify, traits: { company: { id: 'acme' } } }).groupId, 'acme');
    assert.equal(parsed({ ...identify, context: { groupId: 'x' }, traits: { company: { id: 'y' } } }).groupId, 'x');
    assert.equal(parsed({ ...identify, traits: { company: { id: [] } } }).groupId, null);
  });

  it('corrects clock skew from the message sentAt, else the batch sentAt', () => {
    const noSentAt = { ...track, timestamp: '2025-06-01T12:10:00Z' };
    const skewed = { ...noSentAt, sentAt: '2025-06-01T12:15:00Z' };
    assert.equal(parsed(skewed).occurredAt, Date.UTC(2025, 5, 1, 11, 55));
    assert.equal(
      parsed(noSentAt, { receivedAt, sentAt: Date.UTC(2025, 5, 1, 12, 5) }).occurredAt,
      receivedAt + 5 * 60_000,
    );
    assert.equal(parsed(noSentAt).occurredAt, Date.UTC(2025, 5, 1, 12, 10));
  });

  it('rejects each invalid field with what was expected and what was found', () => {
    const cases: [unknown, RegExp][] = [
      [[1, 2], /expected a message object, found \[1,2\]/],
      [{ ...track, type: 'alias' }, /"type": expected one of track, identify, group, page, screen, found "alias"/],
      [{ ...track, messageId: '' }, /"messageId": expected a non-empty string/],
      [{ ...track, userId: undefined }, /"userId": expected a userId or an anonymousId/],
      [{ ...track, userId: { id: 1 } }, /"userId": expected a non-empty string, found \{"id":1\}/],
      [{ ...track, event: '' }, /"event": expected the event name/],
      [{ ...track, event: undefined }, /"event": expected the event name, a non-empty string, found nothing/],
      [{ ...track, properties: ['a'] }, /"properties": expected an object/],
      [{ type: 'identify', messageId: 'i', userId: 'u', traits: 'vip' }, /"traits": expected an object/],
      [{ ...track, context: 3 }, /"context": expected an object/],
      [{ ...track, context: { groupId: true } }, /"context.groupId"/],
      [{ ...track, timestamp: '2025-02-30T00:00:00Z' }, /"timestamp": expected an ISO 8601 date-time/],
      [{ ...track, timestamp: 1748779200000 }, /"timestamp": expected an ISO 8601 date-time/],
      [{ ...track, sentAt: 'now' }, /"sentAt": expected an ISO 8601/],
      [{ ...track, timestamp: '2025-06-03T12:00:00Z' }, /"timestamp": expected a time at most a day ahead/],
    ];
    for (const [raw, reason] of cases) assert.match(rejected(raw), reason);
  });

  it('rejects text PostgreSQL cannot store, too deep a nesting and too long an id, naming where', () => {
    const deep = (n: number): unknown => (n === 0 ? 'leaf' : { a: deep(n - 1) });
    const cases: [unknown, RegExp][] = [
      [{ ...track, properties: { note: 'a\u0000b' } }, /"properties.note": expected text without NUL/],
      [{ ...track, event: 'x\ud800' }, /"event": expected text without unpaired UTF-16 surrogates/],
      [{ ...track, properties: { list: ['ok', '\udc00'] } }, /"properties.list\[1\]": expected text without unpaired/],
      [{ ...track, properties: { 'a\u0000': 1 } }, /expected a key of text without NUL/],
      [{ ...track, properties: deep(64) }, /expected objects and arrays nested at most 64 levels deep/],
      [{ ...track, userId: 'u'.repeat(1025) }, /"userId": expected an id of at most 1024 bytes, found 1025 bytes/],
      [{ ...track, messageId: 'é'.repeat(513) }, /"messageId": expected an id of at most 1024 bytes/],
    ];
    for (const [raw, reason] of cases) assert.match(rejected(raw), reason);
    // The limits themselves are fine: 64 levels below the message, 1024 bytes, a well-paired emoji.
    parsed({ ...track, properties: deep(63) as Record<string, unknown>, userId: 'u'.repeat(1024), event: '💥 \ufffd' });
  });

  it('rejects an event time before 1970 after clock-skew correction (a sentAt far ahead)', () => {
    const ahead = { ...track, timestamp: '2025-06-01T12:00:00Z', sentAt: '9999-01-01T00:00:00Z' };
    assert.match(rejected(ahead), /"timestamp": expected a time from 1970 on once corrected by the sentAt/);
    const batchAhead = { receivedAt, sentAt: Date.UTC(9000, 0, 1) };
    assert.match(rejected({ ...track, timestamp: '2025-06-01T12:00:00Z' }, batchAhead), /by the batch sentAt/);
    // A sentAt far behind moves the event ahead: refused as ahead of the server clock.
    const behind = { ...track, timestamp: '2025-06-01T12:00:00Z', sentAt: '1970-01-01T00:00:00Z' };
    assert.match(rejected(behind), /at most a day ahead of the server clock/);
  });

  it('requires a timestamp when the batch says so (historical imports)', () => {
    assert.match(rejected(track, { ...batch, requireTimestamp: true }), /"timestamp": expected when the event/);
  });

  it('derives a stable messageId when none is sent, the same for a retry with a new sentAt', () => {
    const untimed = { type: 'track', userId: 'u', event: 'E' };
    const raw = { ...untimed, timestamp: '2025-06-01T10:00:00Z' };
    const id = parsed({ ...raw, sentAt: '2025-06-01T10:00:01Z' }).messageId;
    assert.equal(
      parsed({ ...raw, sentAt: '2025-06-01T10:05:00Z' }, { receivedAt: receivedAt + 1, sentAt: null }).messageId,
      id,
    );
    assert.notEqual(parsed({ ...raw, event: 'F' }).messageId, id);
    // Without a timestamp, the moment of receipt is part of what the message is.
    assert.notEqual(derivedMessageId(untimed, 1), derivedMessageId(untimed, 2));
  });
});
