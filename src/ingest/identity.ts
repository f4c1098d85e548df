// Who the end users of a batch are and which account each names: one update per user key, merged in
// time order, so the store sees each user once per write (an upsert may not touch a row twice).
import type { UsageMessage } from './message.ts';

export interface UserUpdate {
  user_key: string;
  /** The latest account id (group) the user's messages named, or null when none named one. */
  group_id: string | null;
  /** identify traits, later ones winning; group traits describe the account and are not kept here. */
  traits: Record<string, unknown>;
  first_seen_at: string;
  last_seen_at: string;
}

interface Seen {
  groupId: string | null;
  groupAt: number;
  traits: Record<string, unknown>;
  first: number;
  last: number;
}

export function userUpdates(messages: readonly UsageMessage[]): UserUpdate[] {
  const users = new Map<string, Seen>();
  const inTimeOrder = [...messages].sort((a, b) => a.occurredAt - b.occurredAt);
  for (const m of inTimeOrder) {
    const seen = users.get(m.userKey) ?? {
      groupId: null,
      groupAt: -Infinity,
      traits: {},
      first: m.occurredAt,
      last: 0,
    };
    if (m.groupId !== null && m.occurredAt >= seen.groupAt) {
      seen.groupId = m.groupId;
      seen.groupAt = m.occurredAt;
    }
    if (m.type === 'identify') seen.traits = { ...seen.traits, ...m.properties };
    seen.last = m.occurredAt;
    users.set(m.userKey, seen);
  }
  // Sorted by key: concurrent writers lock users' rows in the same order and cannot deadlock.
  return [...users.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([userKey, s]) => ({
      user_key: userKey,
      group_id: s.groupId,
      traits: s.traits,
      first_seen_at: new Date(s.first).toISOString(),
      last_seen_at: new Date(s.last).toISOString(),
    }));
}
