import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { userUpdates } from './identity.ts';
import type { UsageMessage } from './message.ts';

const at = (minute: number) => Date.UTC(2025, 5, 1, 12, minute);
function message(fields: Partial<UsageMessage> & { occurredAt: number }): UsageMessage {
  return {
    messageId: String(fields.occurredAt),
    type: 'track',
    event: 'E',
    userId: 'u',
    anonymousId: null,
    userKey: 'u',
    groupId: null,
    properties: {},
    context: {},
    receivedAt: at(59),
    ...fields,
  };
}

describe('userUpdates', () => {
  it('gives each user one update: the latest group named, identify traits merged in time order, first and last seen', () => {
    const updates = userUpdates([
      message({ occurredAt: at(5), type: 'identify', event: null, properties: { name: 'B', role: 'admin' } }),
      message({ occurredAt: at(1), type: 'identify', event: null, properties: { name: 'A', email: 'a@x' } }),
      message({ occurredAt: at(3), groupId: 'late' }),
      message({ occurredAt: at(2), type: 'group', event: null, groupId: 'early', properties: { plan: 'pro' } }),
      message({ occurredAt: at(4), userKey: 'anon:z', userId: null, anonymousId: 'z' }),
    ]);
    assert.deepEqual(updates, [
      {
        user_key: 'anon:z',
        group_id: null,
        traits: {},
        first_seen_at: new Date(at(4)).toISOString(),
        last_seen_at: new Date(at(4)).toISOString(),
      },
      {
        user_key: 'u',
        group_id: 'late',
        traits: { name: 'B', email: 'a@x', role: 'admin' },
        first_seen_at: new Date(at(1)).toISOString(),
        last_seen_at: new Date(at(5)).toISOString(),
      },
    ]);
  });
});
