// Contracts and churn reasons over HTTP: input and output schemas (TypeBox), once, for the routes, the services'
// types and the web app.
import { Type, type Static } from 'typebox';
import { dayInput, Id, integerInput, MAX_OFFSET, MAX_PAGE_SIZE, Minor, Nullable, Obj } from './common.ts';

export const CHURN_REASON_SOURCES = ['app', 'csv', 'stripe'] as const;

export const ChurnReason = Obj({
  reason: Type.String(),
  notes: Nullable(Type.String()),
  source: Type.Enum(CHURN_REASON_SOURCES, { description: 'set in the app, imported (CSV) or read from Stripe' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const ContractView = Obj({
  id: Type.Integer(),
  contractId: Type.String({
    description: 'contract_id: imported as given; derived ones billing:<subscription>:<start>',
  }),
  accountId: Type.Integer(),
  accountExternalId: Type.String(),
  accountName: Type.String(),
  startDate: Type.String({ description: 'first day, YYYY-MM-DD' }),
  endDate: Type.String({ description: 'exclusive end, YYYY-MM-DD: the day its renewal is due' }),
  arrMinor: Minor,
  currency: Type.String(),
  autoRenew: Type.Boolean(),
  noticeDays: Nullable(Type.Integer()),
  exclusionReason: Nullable(Type.String()),
  source: Type.String({
    description: "'csv' (imported) or 'billing' (derived from a subscription billed yearly or longer)",
  }),
  subscriptionId: Nullable(Type.String({ description: 'the subscription a derived contract comes from' })),
  churnReason: Nullable(ChurnReason),
});
export type ContractView = Static<typeof ContractView>;

export const ContractList = Obj({ total: Type.Integer(), items: Type.Array(ContractView) });
export type ContractList = Static<typeof ContractList>;

export const ContractListQuery = Type.Object({
  accountId: Type.Optional(Id),
  endingFrom: Type.Optional(dayInput('contracts ending on or after this day, YYYY-MM-DD')),
  endingBefore: Type.Optional(dayInput('contracts ending before this day, YYYY-MM-DD')),
  limit: Type.Optional(
    integerInput({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 100, description: 'rows per page' }),
  ),
  offset: Type.Optional(integerInput({ minimum: 0, maximum: MAX_OFFSET, default: 0, description: 'rows to skip' })),
});
export type ContractListQuery = Static<typeof ContractListQuery>;

export const ContractIdParams = Type.Object({
  contractId: Type.String({ minLength: 1, maxLength: 200, description: 'the contract_id' }),
});

export const ChurnReasonInput = Type.Object(
  {
    reason: Type.String({ minLength: 1, maxLength: 200 }),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false },
);
export type ChurnReasonInput = Static<typeof ChurnReasonInput>;

export const ExclusionReasonList = Obj({ items: Type.Array(Type.String()) });
export type ExclusionReasonList = Static<typeof ExclusionReasonList>;

export const ExclusionReasonInput = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

export const ExclusionReasonParams = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 200 }) });
