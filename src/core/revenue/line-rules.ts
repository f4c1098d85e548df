// What a subscription's invoice lines say beyond their amounts: unpaid invoices (grace after the due date),
// voided ones (paused collection), cancellations, and prorations that should land on the next period's amount.
import type { DayNumber } from '../period.ts';
import type { ResolvedSettings } from './types.ts';

/** One recurring line as the rules see it: its subscription, service period, invoice status and due day. */
export interface RuledLine {
  subscriptionId: string | null;
  start: DayNumber;
  end: DayNumber;
  proration: boolean;
  /** 'paid' (and any other settled status), 'open', 'uncollectible' or 'void'. */
  status: string;
  /** Due day of an unpaid line's invoice (its period start when the invoice has none). */
  due: DayNumber;
  /** Monthly amount, native minor units (set by the caller before snapProrations). */
  monthly: number;
}

/** What the subscription object says about the lines billed for it. */
export interface LineLifecycle {
  /** Day the cancellation was made (Stripe canceled_at), or null. */
  canceledAt: DayNumber | null;
  /** Collection is paused now (Stripe pause_collection). */
  paused: boolean;
}

const UNPAID = new Set(['open', 'uncollectible']);

export const isUnpaid = (status: string) => UNPAID.has(status);

/** First day an unpaid invoice due on `due` no longer counts: it counts through the grace's last day. */
export const graceEnd = (due: DayNumber, settings: Pick<ResolvedSettings, 'pastDueGraceDays'>) =>
  due + settings.pastDueGraceDays + 1;

function bySubscription(lines: readonly RuledLine[]): RuledLine[][] {
  const groups = new Map<string, RuledLine[]>();
  const alone: RuledLine[][] = [];
  for (const line of lines) {
    if (line.subscriptionId === null) {
      alone.push([line]);
      continue;
    }
    const list = groups.get(line.subscriptionId);
    if (list) list.push(line);
    else groups.set(line.subscriptionId, [line]);
  }
  return [...groups.values(), ...alone];
}

/**
 * Which void lines count: under pause 'keep', one whose period no other line of its subscription bills,
 * when collection is paused now or a later line was billed (the pause ended). Under 'churn', none.
 */
export function keptVoidLines(
  lines: readonly RuledLine[],
  lifecycles: ReadonlyMap<string, LineLifecycle>,
  settings: Pick<ResolvedSettings, 'pause'>,
): Set<RuledLine> {
  const kept = new Set<RuledLine>();
  if (settings.pause !== 'keep') return kept;
  for (const group of bySubscription(lines)) {
    const paused = lifecycles.get(group[0]?.subscriptionId ?? '')?.paused ?? false;
    const billed = group.filter((l) => l.status !== 'void');
    for (const line of group) {
      if (line.status !== 'void' || line.subscriptionId === null) continue;
      const covered = billed.some((b) => !b.proration && b.start < line.end && line.start < b.end);
      const resumed = billed.some((b) => b.start >= line.end);
      if (!covered && (paused || resumed)) kept.add(line);
    }
  }
  return kept;
}

/**
 * The day each counted line stops counting (its period end unless cut): an unpaid line, and every unpaid line
 * after it until a paid one, stops at the grace end of the first unpaid invoice of the run (pause 'keep' spares
 * a paused subscription); with churnRecognition 'cancellation', a line stops on its subscription's canceled_at.
 */
export function lineEnds(
  lines: readonly RuledLine[],
  lifecycles: ReadonlyMap<string, LineLifecycle>,
  settings: Pick<ResolvedSettings, 'pastDueGraceDays' | 'pause' | 'churnRecognition'>,
): Map<RuledLine, DayNumber> {
  const ends = new Map<RuledLine, DayNumber>();
  for (const group of bySubscription(lines)) {
    const life = lifecycles.get(group[0]?.subscriptionId ?? '');
    const spared = settings.pause === 'keep' && (life?.paused ?? false);
    let cut: DayNumber | null = null;
    for (const line of [...group].sort((a, b) => a.start - b.start || a.end - b.end)) {
      let end = line.end;
      if (!isUnpaid(line.status) || spared) cut = null;
      else {
        cut ??= graceEnd(line.due, settings);
        end = Math.min(end, cut);
      }
      if (settings.churnRecognition === 'cancellation' && life?.canceledAt != null)
        end = Math.min(end, life.canceledAt);
      ends.set(line, end);
    }
  }
  return ends;
}

/**
 * Stripe rounds each proration line to a minor unit; scaled back to a whole period they can miss the amount the
 * next period bills by a few units, which would read as a second, tiny movement. When a subscription's lines in
 * force on a period's last day (regular + prorations) come within that rounding of the next period's regular
 * lines, the latest proration takes the difference, so the change is one movement of the right amount.
 */
export function snapProrations(lines: readonly RuledLine[]): void {
  if (!lines.some((l) => l.proration)) return;
  for (const group of bySubscription(lines)) {
    if (!group.some((l) => l.proration)) continue;
    const regular = group.filter((l) => !l.proration);
    const periods = new Map<string, { start: DayNumber; end: DayNumber }>();
    for (const r of regular) periods.set(`${r.start}:${r.end}`, { start: r.start, end: r.end });
    for (const { start, end } of periods.values()) {
      const prorations = group.filter((l) => l.proration && l.start >= start && l.end === end && l.start > start);
      if (prorations.length === 0) continue;
      const next = regular.filter((r) => r.start === end);
      if (next.length === 0) continue;
      const sum = (list: readonly RuledLine[]) => list.reduce((total, l) => total + l.monthly, 0);
      const atEnd = sum(regular.filter((r) => r.start === start && r.end === end)) + sum(prorations);
      const target = sum(next);
      const tolerance = prorations.reduce((t, p) => t + (end - start) / (p.end - p.start) / 2 + 1, 1);
      const latest = prorations.reduce((a, b) =>
        b.start > a.start || (b.start === a.start && Math.abs(b.monthly) > Math.abs(a.monthly)) ? b : a,
      );
      if (atEnd !== target && Math.abs(atEnd - target) <= tolerance) latest.monthly += target - atEnd;
    }
  }
}
