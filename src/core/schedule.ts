// Recurring schedules: five-field cron expressions ("minute hour day-of-month month day-of-week") evaluated on the
// wall clock of an IANA time zone, with the zone's offsets read from Intl. A wall time that does not exist (clocks
// go forward) runs as much later as the clocks jumped; one that occurs twice (clocks go back) runs the first time:
// Temporal's 'compatible' disambiguation.

export interface CronSchedule {
  readonly source: string;
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly daysOfWeek: ReadonlySet<number>;
  /** Cron's rule: when both day fields are restricted, a day matching either runs. */
  readonly domRestricted: boolean;
  readonly dowRestricted: boolean;
}

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

const ALIASES: Record<string, string> = {
  '@hourly': '0 * * * *',
  '@daily': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
};

function parseField(text: string, field: (typeof FIELDS)[number], source: string): number[] {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) throw new RangeError(`schedule "${source}": ${field.name} "${part}" is not a number, range, list or step`);
    const from = m[1] === '*' ? field.min : Number(m[2]);
    const to = m[1] === '*' ? field.max : m[3] !== undefined ? Number(m[3]) : m[4] ? field.max : from;
    const step = m[4] ? Number(m[4]) : 1;
    if (from < field.min || to > field.max || from > to || step < 1) {
      throw new RangeError(`schedule "${source}": ${field.name} "${part}" is outside ${field.min}-${field.max}`);
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

/** Parses "m h dom mon dow" (numbers, *, ranges, lists, steps) or @hourly/@daily/@weekly/@monthly. */
export function parseCron(expression: string): CronSchedule {
  const source = expression.trim();
  const parts = (ALIASES[source] ?? source).split(/\s+/);
  if (parts.length !== 5) {
    throw new RangeError(`schedule "${source}" must have five fields: minute hour day-of-month month day-of-week`);
  }
  const [minutes, hours, dom, months, dow] = FIELDS.map((field, i) => parseField(parts[i] ?? '', field, source)) as [
    number[],
    number[],
    number[],
    number[],
    number[],
  ];
  return {
    source,
    minutes,
    hours,
    daysOfMonth: new Set(dom),
    months: new Set(months),
    daysOfWeek: new Set(dow.map((d) => d % 7)),
    domRestricted: parts[2] !== '*',
    dowRestricted: parts[4] !== '*',
  };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether Intl knows this IANA time zone name. */
export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock of `timeZone` at instant `ms`, as milliseconds of a UTC calendar with the same fields. */
export function wallClock(timeZone: string, ms: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second) + (((ms % 1000) + 1000) % 1000);
}

const offsetAt = (timeZone: string, ms: number) => wallClock(timeZone, ms) - ms;
const HOUR_MS = 3_600_000;

/** The instant a wall-clock time happens in `timeZone` ('compatible': gaps shift forward, overlaps take the first). */
export function instantOf(timeZone: string, wall: number): number {
  const before = offsetAt(timeZone, wall - 24 * HOUR_MS);
  const after = offsetAt(timeZone, wall + 24 * HOUR_MS);
  const candidates = [wall - before, wall - after].filter((t) => wallClock(timeZone, t) === wall);
  if (candidates.length > 0) return Math.min(...candidates);
  // In a gap: the wall time read with the offset before the jump lands as far past the gap as the jump.
  return wall - before;
}

const DAY_MS = 24 * HOUR_MS;
/** Long enough for any valid expression (Feb 29 on a given weekday repeats within 28 years). */
const SEARCH_DAYS = 366 * 28;

function dayMatches(s: CronSchedule, day: Date): boolean {
  if (!s.months.has(day.getUTCMonth() + 1)) return false;
  const dom = s.daysOfMonth.has(day.getUTCDate());
  const dow = s.daysOfWeek.has(day.getUTCDay());
  if (s.domRestricted && s.dowRestricted) return dom || dow;
  if (s.domRestricted) return dom;
  if (s.dowRestricted) return dow;
  return true;
}

/** The first instant strictly after `afterMs` at which the schedule runs in `timeZone`. */
export function nextRun(schedule: CronSchedule, timeZone: string, afterMs: number): number {
  const startWall = wallClock(timeZone, afterMs);
  const firstDay = Math.floor(startWall / DAY_MS) * DAY_MS;
  for (let i = 0; i < SEARCH_DAYS; i++) {
    const day = firstDay + i * DAY_MS;
    if (!dayMatches(schedule, new Date(day))) continue;
    for (const h of schedule.hours) {
      for (const m of schedule.minutes) {
        const at = instantOf(timeZone, day + h * HOUR_MS + m * 60_000);
        if (at > afterMs) return at;
      }
    }
  }
  throw new RangeError(`schedule "${schedule.source}" never runs`);
}
