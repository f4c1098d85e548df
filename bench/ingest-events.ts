// The events every part of `bench ingest` sends or loads: deterministic Segment track calls, so Tenure's clients
// and the COPY baseline carry the same rows. Each event names an account (context.groupId) and matches exactly
// one rollup feature, so the stored rollup must add up to the events accepted.

export const ACCOUNTS = 500;
export const USERS_PER_ACCOUNT = 8;
export const EVENT_NAMES = [
  'Report Viewed',
  'Report Exported',
  'Dashboard Opened',
  'Filter Applied',
  'Invite Sent',
  'Integration Connected',
  'Comment Added',
  'Search Performed',
] as const;

/** Catalog features: the first half of the event names; the rest roll up as 'event:<name>'. */
export const CATALOG = EVENT_NAMES.slice(0, 4).map((event, i) => ({ key: `feature_${i}`, event }));

export interface BenchEvent {
  type: 'track';
  messageId: string;
  userId: string;
  event: string;
  timestamp: string;
  properties: { plan: string; value: number; path: string };
  context: { groupId: string; library: { name: string; version: string } };
}

/** Event number `n` of client `client` (messageIds unique across clients and runs of one bench). */
export function benchEvent(run: string, client: number, n: number, at: Date): BenchEvent {
  const account = (client * 7919 + n * 31) % ACCOUNTS;
  const user = (n * 13) % USERS_PER_ACCOUNT;
  const event = EVENT_NAMES[(n * 5 + client) % EVENT_NAMES.length] ?? 'Report Viewed';
  return {
    type: 'track',
    messageId: `${run}-${client}-${n}`,
    userId: `user-${account}-${user}`,
    event,
    timestamp: at.toISOString(),
    properties: { plan: account % 3 === 0 ? 'business' : 'team', value: n % 1000, path: `/app/${event.length}` },
    context: { groupId: `acct-${account}`, library: { name: 'bench', version: '1' } },
  };
}
