// Renewal checkpoints, checked daily by the `renewal.checkpoints` job: webhook `renewal.due` at 180, 90 and 30 days
// before a contract's due day, and `renewal.closed` once its renewal is decided (renewed or churned). Each is sent
// once per contract: renewal_checkpoints records what was sent, in the transaction that queues the event.
import { buildFxTable } from '../../core/fx.ts';
import { dayOf } from '../../core/period.ts';
import { renewalOutcomes } from '../../core/renewals/renewals.ts';
import { claimCheckpoint } from '../../store/renewals-data.ts';
import { nowOf, withTransaction, type ServiceContext } from '../context.ts';
import { todayUtc } from '../revenue.ts';
import { emitEvent } from '../webhooks/events.ts';

export const CHECKPOINTS_JOB = 'renewal.checkpoints';

/** Days before the due day at which renewal.due is sent. */
export const CHECKPOINT_DAYS = [180, 90, 30] as const;

/**
 * renewal.closed is sent for renewals due from this many days before the end of the grace on: importing years of
 * contract history sends none for the long-closed ones.
 */
export const CLOSED_LOOKBACK_DAYS = 30;

type StoredContract = {
  contract_id: string;
  account_id: number;
  external_id: string;
  name: string;
  start_on: string;
  end_on: string;
  arr_minor: number;
  currency: string;
  auto_renew: boolean;
  notice_days: number | null;
  exclusion_reason: string | null;
  source: string;
};

/**
 * Sends the checkpoints due today (the clock is ctx.now): for each contract not excluded and not yet renewed whose
 * due day is 180 days away or less, renewal.due for the nearest checkpoint passed (a contract imported 20 days
 * before its due day gets the 30-day one only); for each renewal renewed or churned, renewal.closed.
 */
export async function sendRenewalCheckpoints({
  ctx,
}: {
  ctx: ServiceContext;
}): Promise<{ due: number; closed: number }> {
  const today = todayUtc(nowOf(ctx));
  const todayDay = dayOf(today);
  return withTransaction(ctx, async ({ tx }) => {
    const rows = await tx.query<StoredContract>(
      `SELECT c.contract_id, c.account_id, a.external_id, a.name, c.start_on, c.end_on, c.arr_minor,
              trim(c.currency) AS currency, c.auto_renew, c.notice_days, c.exclusion_reason, c.source
       FROM contracts c JOIN accounts a ON a.id = c.account_id ORDER BY c.end_on, c.contract_id`,
    );
    // Statuses read dates only: amounts stay in each contract's own currency (no FX rate needed).
    const outcomes = renewalOutcomes(
      rows.map((r) => ({
        contractId: r.contract_id,
        accountId: r.account_id,
        startDate: r.start_on,
        endDate: r.end_on,
        arrMinor: r.arr_minor,
        currency: ctx.config.reportingCurrency,
        exclusionReason: r.exclusion_reason,
      })),
      buildFxTable([], ctx.config.reportingCurrency),
      ctx.config.renewals,
      today,
    );
    const at = nowOf(ctx);
    let due = 0;
    let closed = 0;
    const oldestClosed = todayDay - ctx.config.renewals.graceDays - CLOSED_LOOKBACK_DAYS;
    for (const [i, r] of rows.entries()) {
      const outcome = outcomes[i];
      if (!outcome || outcome.status === 'excluded') continue;
      const dueDay = dayOf(r.end_on);
      const contract = {
        contractId: r.contract_id,
        accountId: r.account_id,
        accountExternalId: r.external_id,
        accountName: r.name,
        startDate: r.start_on,
        dueDate: r.end_on,
        arrMinor: r.arr_minor,
        currency: r.currency,
        autoRenew: r.auto_renew,
        noticeDays: r.notice_days,
        source: r.source,
      };
      if (outcome.status === 'pending' && dueDay > todayDay) {
        const left = dueDay - todayDay;
        const days = [...CHECKPOINT_DAYS].reverse().find((d) => left <= d);
        if (days !== undefined) {
          if (await claimCheckpoint(tx, { contractId: r.contract_id, kind: 'due', days, dueOn: r.end_on, at })) {
            await emitEvent({ store: tx, now: () => nowOf(ctx) }, 'renewal.due', {
              ...contract,
              daysBefore: days,
              daysLeft: left,
            });
            due++;
          }
        }
      }
      if ((outcome.status === 'renewed' || outcome.status === 'churned') && dueDay >= oldestClosed) {
        if (await claimCheckpoint(tx, { contractId: r.contract_id, kind: 'closed', days: 0, dueOn: r.end_on, at })) {
          await emitEvent({ store: tx, now: () => nowOf(ctx) }, 'renewal.closed', {
            ...contract,
            status: outcome.status,
            renewedBy: outcome.renewedBy,
          });
          closed++;
        }
      }
    }
    return { due, closed };
  });
}
