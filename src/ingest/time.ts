// ISO 8601 instants as Segment sends them, and clock-skew correction.

const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Parses an ISO 8601 date or date-time to epoch milliseconds; UTC when no offset is given (README convention).
 * Returns null for anything else, including impossible calendar dates (2025-02-30) that `Date.parse` rolls over,
 * and years before 1970.
 */
export function parseIsoInstant(text: string): number | null {
  const m = ISO_8601.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const millis = Number((m[7] ?? '').slice(0, 3).padEnd(3, '0'));
  // Before 1970 is no product usage, and Date.UTC would read years 0-99 as 19xx.
  if (year < 1970 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  if (new Date(local).getUTCDate() !== day) return null;
  return local - offsetMinutes(m[8]) * 60_000;
}

function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z' || zone === 'z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
  return zone.startsWith('-') ? -minutes : minutes;
}

/**
 * When the event happened by the server's clock. Devices' clocks drift, so Segment's rule applies:
 * timestamp + (receivedAt − sentAt) when the client says when it sent the message; the timestamp as is
 * otherwise; receivedAt when there is no timestamp.
 */
export function correctClockSkew(at: { timestamp: number | null; sentAt: number | null; receivedAt: number }): number {
  if (at.timestamp === null) return at.receivedAt;
  if (at.sentAt === null) return at.timestamp;
  return at.timestamp + (at.receivedAt - at.sentAt);
}
