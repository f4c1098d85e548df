// What a trigger is: a signal name, how its options are read from the playbook's JSON, and which accounts match
// it today. A new signal (health band, churn risk…) is one module beside these, listed once in index.ts.
import type { ServiceContext } from '../../context.ts';
import type { At, Json } from '../fields.ts';

/** Accounts that match today, each with a short reason shown in the run log and the task. */
export type Matches = Map<number, string>;

export interface TriggerModule<P = unknown> {
  signal: string;
  /** One line for `tenure playbooks list` and the README. */
  description: string;
  /** The option names it takes besides `signal`. */
  options: readonly string[];
  /** Reads and checks the options (throws an InputError naming the field path). */
  parse(trigger: Json, at: At): P;
  /** The accounts matching on `today` (YYYY-MM-DD, UTC). */
  match(ctx: ServiceContext, options: P, today: string): Promise<Matches>;
}

export const defineTrigger = <P>(module: TriggerModule<P>): TriggerModule => module;

/** `today` moved by `days` (negative: back), as YYYY-MM-DD. */
export const addDays = (today: string, days: number): string =>
  new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** A date column as PGlite (text) or node-postgres (Date) returns it, as YYYY-MM-DD. */
export const dayText = (d: string | Date): string =>
  typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10);
