import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { instantOf, isTimeZone, nextRun, parseCron, wallClock } from './schedule.ts';

const at = (iso: string) => Date.parse(iso);
const next = (cron: string, zone: string, after: string) =>
  new Date(nextRun(parseCron(cron), zone, at(after))).toISOString();

describe('cron schedules in a time zone', () => {
  it('runs a daily job at the wall time of the zone, in winter and in summer', () => {
    assert.equal(next('30 2 * * *', 'Europe/Berlin', '2026-01-10T12:00:00Z'), '2026-01-11T01:30:00.000Z');
    assert.equal(next('30 2 * * *', 'Europe/Berlin', '2026-07-10T12:00:00Z'), '2026-07-11T00:30:00.000Z');
    assert.equal(next('0 9 * * 1', 'America/New_York', '2026-03-04T00:00:00Z'), '2026-03-09T13:00:00.000Z');
    assert.equal(next('0 0 * * *', 'UTC', '2026-03-04T00:00:00Z'), '2026-03-05T00:00:00.000Z');
  });

  it('runs a time skipped by spring-forward as much later as the clocks jumped, once', () => {
    // Berlin 2026-03-29: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist that day.
    assert.equal(next('30 2 * * *', 'Europe/Berlin', '2026-03-28T12:00:00Z'), '2026-03-29T01:30:00.000Z');
    assert.equal(next('30 2 * * *', 'Europe/Berlin', '2026-03-29T01:30:00Z'), '2026-03-30T00:30:00.000Z');
    // New York 2026-03-08: 02:00 EST jumps to 03:00 EDT.
    assert.equal(next('15 2 * * *', 'America/New_York', '2026-03-07T12:00:00Z'), '2026-03-08T07:15:00.000Z');
  });

  it('runs a time repeated by fall-back the first time only', () => {
    // Berlin 2026-10-25: 03:00 CEST falls back to 02:00 CET; 02:30 happens twice, first at 00:30Z.
    assert.equal(next('30 2 * * *', 'Europe/Berlin', '2026-10-24T12:00:00Z'), '2026-10-25T00:30:00.000Z');
    assert.equal(next('30 2 * * *', 'Europe/Berlin', '2026-10-25T00:30:00Z'), '2026-10-26T01:30:00.000Z');
  });

  it('keeps an hourly schedule strictly increasing across both transitions', () => {
    for (const start of ['2026-03-28T20:00:00Z', '2026-10-24T20:00:00Z']) {
      let t = at(start);
      const seen: number[] = [];
      for (let i = 0; i < 12; i++) {
        t = nextRun(parseCron('@hourly'), 'Europe/Berlin', t);
        seen.push(t);
      }
      for (let i = 1; i < seen.length; i++) assert.ok(seen[i]! > seen[i - 1]!);
      assert.ok(seen.every((s) => (s - at(start)) % 3_600_000 === 0));
    }
  });

  it('treats day of month and day of week as either-or when both are given', () => {
    // The 13th, or any Friday: from Monday 2026-02-02 the first is Friday the 6th.
    assert.equal(next('0 12 13 * 5', 'UTC', '2026-02-02T00:00:00Z'), '2026-02-06T12:00:00.000Z');
    assert.equal(next('0 0 29 2 *', 'UTC', '2026-03-01T00:00:00Z'), '2028-02-29T00:00:00.000Z');
    assert.equal(next('*/20 * * * *', 'UTC', '2026-02-02T00:20:00Z'), '2026-02-02T00:40:00.000Z');
  });

  it('refuses malformed expressions and unknown zones, naming the field', () => {
    assert.throws(() => parseCron('61 * * * *'), /minute "61"/);
    assert.throws(() => parseCron('* * *'), /five fields/);
    assert.throws(() => parseCron('0 0 1-x * *'), /day of month/);
    assert.equal(isTimeZone('Europe/Berlin'), true);
    assert.equal(isTimeZone('Mars/Olympus'), false);
  });

  it('maps every instant back to itself through its wall clock (outside overlaps), in any zone', () => {
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Shanghai', 'Australia/Lord_Howe'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: at('2000-01-01'), max: at('2040-01-01') }), (z, ms) => {
        const t = Math.floor(ms / 60_000) * 60_000;
        const back = instantOf(z, wallClock(z, t));
        // Equal, or the earlier of two instants with the same wall time.
        assert.ok(back === t || (back < t && wallClock(z, back) === wallClock(z, t)));
      }),
    );
  });

  it('never returns an instant at or before the one given, and it matches the schedule', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('Europe/Berlin', 'America/New_York', 'Asia/Kolkata'),
        fc.integer({ min: at('2020-01-01'), max: at('2030-01-01') }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 23 }),
        (z, after, minute, hour) => {
          const runAt = nextRun(parseCron(`${minute} ${hour} * * *`), z, after);
          assert.ok(runAt > after);
          assert.ok(runAt - after <= 25 * 3_600_000 + 3_600_000);
          const wall = new Date(wallClock(z, runAt));
          const shifted = wall.getUTCHours() !== hour || wall.getUTCMinutes() !== minute;
          // Only a time inside a spring-forward gap moves, by the jump (an hour in these zones).
          if (shifted) assert.equal(wallClock(z, runAt) - wallClock(z, runAt - 3_600_000), 2 * 3_600_000);
        },
      ),
    );
  });
});
