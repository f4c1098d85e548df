import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MAX_EVENT_BYTES, prepareBatch } from './batch.ts';

const info = { receivedAt: Date.UTC(2025, 5, 1), sentAt: null };
const track = (messageId: string, extra: Record<string, unknown> = {}) => ({
  type: 'track',
  messageId,
  userId: 'u',
  event: 'E',
  ...extra,
});

describe('prepareBatch', () => {
  it('rejects a message over 32 KB with its index and id, and keeps the rest', () => {
    const big = track('big', { properties: { blob: 'x'.repeat(MAX_EVENT_BYTES) } });
    const justUnder = track('ok', { properties: { blob: 'x'.repeat(MAX_EVENT_BYTES - 200) } });
    const prepared = prepareBatch([justUnder, big], info);
    assert.deepEqual(
      prepared.messages.map((m) => m.messageId),
      ['ok'],
    );
    assert.equal(prepared.rejected.length, 1);
    assert.equal(prepared.rejected[0]?.index, 1);
    assert.equal(prepared.rejected[0]?.messageId, 'big');
    assert.match(prepared.rejected[0]?.reason ?? '', /at most 32768 bytes \(32 KB\), found 3\d{4} bytes/);
  });

  it('counts a messageId repeated within the batch once', () => {
    const prepared = prepareBatch([track('a'), track('b'), track('a', { event: 'Other' })], info);
    assert.deepEqual(
      prepared.messages.map((m) => [m.messageId, m.event]),
      [
        ['a', 'E'],
        ['b', 'E'],
      ],
    );
    assert.equal(prepared.duplicates, 1);
  });

  it('accounts for every message exactly once: accepted, duplicate or rejected', () => {
    const message = fc.record({
      id: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
      valid: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(message, { maxLength: 40 }), (spec) => {
        const raws = spec.map(({ id, valid }) => (valid ? track(id) : track(id, { event: 7 })));
        const p = prepareBatch(raws, info);
        const ids = p.messages.map((m) => m.messageId);
        const validIds = new Set(spec.filter((s) => s.valid).map((s) => s.id));
        return (
          p.messages.length + p.duplicates + p.rejected.length === raws.length &&
          new Set(ids).size === ids.length &&
          ids.length === validIds.size &&
          p.rejected.every((r) => spec[r.index]?.valid === false)
        );
      }),
    );
  });
});
