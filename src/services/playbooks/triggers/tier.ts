// An account is in a coverage tier (by its rules or an unexpired override).
import { accountTiers } from '../../tiers.ts';
import { text } from '../fields.ts';
import { defineTrigger } from './types.ts';

export const tierEntered = defineTrigger<{ tier: string }>({
  signal: 'tier',
  description: 'the account is in a coverage tier: {"tier": "high-touch"} (it enters when its tier changes to it)',
  options: ['tier'],
  parse: (trigger, at) => ({ tier: text(trigger, 'tier', at) }),
  match: async (ctx, { tier }) => {
    const rows = await accountTiers({ ctx, tier });
    return new Map(rows.map((r) => [r.accountKey, `tier ${r.tierName ?? tier} (${r.source})`]));
  },
});
