// An account becomes a reference candidate: a promoter, healthy, highly adopted and a customer long enough.
import { whole } from '../fields.ts';
import { referenceCustomers } from '../../reference-customers.ts';
import { defineTrigger } from './types.ts';

export const referenceCandidate = defineTrigger<{ minTenureMonths: number | undefined }>({
  signal: 'reference_candidate',
  description:
    'the account is a reference candidate (promoter, health green, adoption high, customer long enough): {"min_tenure_months": 12}',
  options: ['min_tenure_months'],
  parse: (trigger, at) => ({
    minTenureMonths:
      trigger.min_tenure_months === undefined
        ? undefined
        : whole(trigger, 'min_tenure_months', at, { min: 0, max: 600 }),
  }),
  match: async (ctx, { minTenureMonths }) => {
    const { items } = await referenceCustomers({ ctx, minTenureMonths });
    return new Map(items.map((c) => [c.accountKey, c.reasons.join('; ')]));
  },
});
