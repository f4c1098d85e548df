// The demo company's support tickets: accounts that adopt less open more tickets and rate support lower, more so
// in the months before they contract or churn, with noise, so support load predicts trouble as it does in life.
import { createRandom } from './random.ts';
import type { DemoCompany } from './types.ts';

export interface DemoTicket {
  ticket_id: string;
  account_external_id: string;
  opened_at: string;
  closed_at: string | null;
  priority: string;
  csat: number | null;
}

const DAY_MS = 86_400_000;
const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

/** Tickets over the last 180 days before the cutoff, for accounts paying in that span. */
export function demoTickets(company: DemoCompany): DemoTicket[] {
  const end = Date.parse(`${company.cutoff}T00:00:00Z`);
  const start = end - 180 * DAY_MS;
  const tickets: DemoTicket[] = [];
  for (const p of company.profiles) {
    const first = p.events[0];
    if (!first || Date.parse(`${first.on}T00:00:00Z`) > end) continue;
    const churn = p.events.find((e) => e.kind === 'churn');
    const stop = churn ? Math.min(end, Date.parse(`${churn.on}T00:00:00Z`)) : end;
    if (stop <= start) continue;
    const trouble = p.events
      .filter((e) => e.kind === 'churn' || e.kind === 'contraction')
      .map((e) => Date.parse(`${e.on}T00:00:00Z`));
    const random = createRandom(company.seed, 'tickets', p.external_id);
    // Tickets a month: about 0.5 for a keen adopter, 3 for a reluctant one.
    const monthly = 0.5 + 2.5 * (1 - p.adoptionPropensity);
    let n = 0;
    for (let day = Math.max(start, Date.parse(`${first.on}T00:00:00Z`)); day < stop; day += DAY_MS) {
      const nearTrouble = trouble.some((t) => t - day > 0 && t - day < 75 * DAY_MS);
      if (!random.chance((monthly * (nearTrouble ? 2.5 : 1)) / 30)) continue;
      const opened = day + random.int(8, 18) * 3_600_000;
      const hours = random.int(1, 96);
      const closed = opened + hours * 3_600_000 < end ? new Date(opened + hours * 3_600_000).toISOString() : null;
      const mood = p.adoptionPropensity - (nearTrouble ? 0.35 : 0) + 0.25 * random.normal();
      tickets.push({
        ticket_id: `${p.external_id}-T${++n}`,
        account_external_id: p.external_id,
        opened_at: new Date(opened).toISOString(),
        closed_at: closed,
        priority: random.weighted(PRIORITIES, [4, 5, 2, nearTrouble ? 1 : 0.3]),
        csat: closed !== null && random.chance(0.6) ? Math.max(1, Math.min(5, Math.round(1.5 + 4 * mood))) : null,
      });
    }
  }
  return tickets;
}
