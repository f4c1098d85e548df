// Reference customers and the built-in playbook templates (such as "Ask for a reference").
import { Type, type Static } from 'typebox';
import { Currency, DayText, Minor, MonthText, Nullable, Obj, integerInput, jsonObject } from './common.ts';

export const ReferenceQuery = Type.Object(
  {
    min_tenure_months: Type.Optional(
      integerInput({ minimum: 0, maximum: 600, description: 'months paid at least (default: the setting, 12)' }),
    ),
    owner: Type.Optional(Type.String({ maxLength: 200, description: "only this CSM's accounts" })),
  },
  { additionalProperties: false },
);

export const ReferenceCandidate = Obj({
  accountKey: Type.Integer({ description: "the account's Tenure id (as in /api/v1/accounts/:id)" }),
  accountId: Type.String({ description: "the account's external id" }),
  name: Type.String(),
  owner: Nullable(Type.String()),
  mrrMinor: Minor,
  nps: Type.Integer({ description: 'the latest NPS answer (9 or 10)' }),
  npsOn: DayText,
  healthScore: Nullable(Type.Integer()),
  adoptionLevel: Type.Literal('high'),
  featureUsageRate: Nullable(Type.Number()),
  tenureMonths: Type.Integer({ description: 'months since the paid stretch running today began' }),
  paidSince: MonthText,
  reasons: Type.Array(Type.String(), { description: 'why it qualifies, one line per criterion' }),
});
export type ReferenceCandidateView = Static<typeof ReferenceCandidate>;

export const ReferenceList = Obj({
  asOf: DayText,
  minTenureMonths: Type.Integer(),
  currency: Currency,
  items: Type.Array(ReferenceCandidate),
});
export type ReferenceListView = Static<typeof ReferenceList>;

export const PlaybookTemplate = Obj({
  key: Type.String(),
  name: Type.String(),
  description: Type.String(),
  installed: Type.Boolean({ description: 'a playbook of this name exists' }),
  playbook: jsonObject('the JSON installed, as `playbooks import` reads it'),
});
export const PlaybookTemplateList = Obj({ items: Type.Array(PlaybookTemplate) });
export type PlaybookTemplateListView = Static<typeof PlaybookTemplateList>;
export const TemplateKeyParams = Type.Object({ key: Type.String({ minLength: 1, maxLength: 60 }) });
