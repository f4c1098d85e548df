// Committed ARR (GET /api/v1/revenue/committed-arr): the request and the complete answer.
import { Type, type Static } from 'typebox';
import { DayText, Obj } from './common.ts';
import { AsOf } from './segments.ts';

export const CommittedArrQuery = Type.Object({
  asOf: AsOf,
  rollup: Type.Optional(
    Type.Enum(['account', 'parent'], {
      description: 'parent: child accounts count under their top-most parent (parent_id)',
    }),
  ),
});
export type CommittedArrQuery = Static<typeof CommittedArrQuery>;

const ScheduledChange = Obj({
  date: Type.String({ description: 'YYYY-MM-DD: the day the subscription stops (churn) or starts paying' }),
  accountId: Type.Union([Type.Integer(), Type.String()]),
  accountName: Type.String(),
  subscriptionId: Type.String(),
  mrrMinor: Type.Number(),
  arrMinor: Type.Number(),
});

export const CommittedArrResponse = Obj(
  {
    currency: Type.String(),
    asOf: DayText,
    arrMinor: Type.Number({ description: '12 × MRR in force on asOf' }),
    scheduledChurnArrMinor: Type.Number({ description: 'ARR of cancellations already scheduled after asOf' }),
    futureStartsArrMinor: Type.Number({ description: 'ARR of subscriptions signed to start paying after asOf' }),
    committedArrMinor: Type.Number({ description: 'ARR − scheduled churn + future starts' }),
    scheduledChurn: Type.Array(ScheduledChange),
    futureStarts: Type.Array(ScheduledChange),
  },
  'Committed ARR on asOf and the scheduled changes behind it',
);
export type CommittedArrResponse = Static<typeof CommittedArrResponse>;
