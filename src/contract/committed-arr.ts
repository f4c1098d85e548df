// Committed ARR (GET /api/v1/revenue/committed-arr): the request and the complete answer.
import { Type, type Static } from 'typebox';

export const CommittedArrQuery = Type.Object({
  asOf: Type.Optional(
    Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'as-of day, YYYY-MM-DD (UTC); default today' }),
  ),
  rollup: Type.Optional(
    Type.Enum(['account', 'parent'], {
      description: 'parent: child accounts count under their top-most parent (parent_id)',
    }),
  ),
});
export type CommittedArrQuery = Static<typeof CommittedArrQuery>;

const ScheduledChange = Type.Object(
  {
    date: Type.String({ description: 'YYYY-MM-DD: the day the subscription stops (churn) or starts paying' }),
    accountId: Type.Union([Type.Integer(), Type.String()]),
    accountName: Type.String(),
    subscriptionId: Type.String(),
    mrrMinor: Type.Number(),
    arrMinor: Type.Number(),
  },
  { additionalProperties: false },
);

export const CommittedArrResponse = Type.Object(
  {
    currency: Type.String(),
    asOf: Type.String(),
    arrMinor: Type.Number({ description: '12 × MRR in force on asOf' }),
    scheduledChurnArrMinor: Type.Number({ description: 'ARR of cancellations already scheduled after asOf' }),
    futureStartsArrMinor: Type.Number({ description: 'ARR of subscriptions signed to start paying after asOf' }),
    committedArrMinor: Type.Number({ description: 'ARR − scheduled churn + future starts' }),
    scheduledChurn: Type.Array(ScheduledChange),
    futureStarts: Type.Array(ScheduledChange),
  },
  { additionalProperties: false },
);
export type CommittedArrResponse = Static<typeof CommittedArrResponse>;
