// The coverage tier beside an account wherever a list shows one (accounts, renewals, tasks): looked up for the
// listed ids only, after the list itself, so a tier change shows at once even where the list is cached.
import type { ServiceContext } from './context.ts';
import { accountTiers, listTiers } from './tiers.ts';

export interface TierLabel {
  tier: string | null;
  tierName: string | null;
}

/** Each id's tier today; ids that are not paying customers (or no tier defined) are left out. */
export async function tiersOf(ctx: ServiceContext, ids: readonly number[]): Promise<Map<number, TierLabel>> {
  if (ids.length === 0 || (await listTiers(ctx)).length === 0) return new Map();
  const rows = await accountTiers({ ctx, accountKeys: [...new Set(ids)] });
  return new Map(rows.map((r) => [r.accountKey, { tier: r.tier, tierName: r.tierName }]));
}

/** The items, each with its account's tier (`idOf`: the account's key). */
export async function withTierOf<T extends object>(
  ctx: ServiceContext,
  items: readonly T[],
  idOf: (item: T) => number,
): Promise<(T & TierLabel)[]> {
  const tiers = await tiersOf(ctx, items.map(idOf));
  const none: TierLabel = { tier: null, tierName: null };
  return items.map((i) => ({ ...i, ...(tiers.get(idOf(i)) ?? none) }));
}

/** The page with each item's tier (`id` is the account's key). */
export async function withTiers<T extends { id: number }>(
  ctx: ServiceContext,
  page: { total: number; items: T[] },
): Promise<{ total: number; items: (T & TierLabel)[] }> {
  return { ...page, items: await withTierOf(ctx, page.items, (i) => i.id) };
}
