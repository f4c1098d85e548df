// What `npm start` does before serving: an empty store gets the demo company and a demo admin whose sign-in is
// printed (and kept in `settings`, so later starts print it again); a store with data but no user needs an admin.
import { randomBytes } from 'node:crypto';
import type { ServiceContext } from './context.ts';
import { loadDemo, type DemoSummary } from './demo.ts';
import { countUsers, createUser } from './users.ts';

export const DEMO_EMAIL = 'demo@tenure.local';
const SETTING = 'demo_sign_in';

export interface StartPlan {
  demo: DemoSummary | null;
  /** The demo admin's sign-in, while that user exists. */
  signIn: { email: string; password: string } | null;
  /** True when the store holds data but nobody can sign in. */
  needsAdmin: boolean;
}

async function storedSignIn(ctx: ServiceContext): Promise<StartPlan['signIn']> {
  const [row] = await ctx.store.query<{ value: { email: string; password: string } }>(
    `SELECT s.value FROM settings s JOIN users u ON lower(u.email) = s.value->>'email' WHERE s.key = $1 AND NOT u.disabled`,
    [SETTING],
  );
  return row?.value ?? null;
}

export async function prepareStart({
  ctx,
  demo = true,
  demoAccounts,
  asOf,
}: {
  ctx: ServiceContext;
  demo?: boolean;
  demoAccounts?: number | undefined;
  asOf?: string;
}): Promise<StartPlan> {
  const [row] = await ctx.store.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM accounts) + (SELECT count(*) FROM fx_rates) AS n`,
  );
  const users = await countUsers({ ctx });
  if ((row?.n ?? 0) > 0 || users > 0 || !demo) {
    return { demo: null, signIn: await storedSignIn(ctx), needsAdmin: users === 0 };
  }
  const summary = await loadDemo({
    ctx,
    ...(asOf ? { asOf } : {}),
    ...(demoAccounts ? { accounts: demoAccounts } : {}),
  });
  const password = randomBytes(12).toString('base64url');
  await createUser({ ctx, email: DEMO_EMAIL, password, role: 'admin', name: 'Demo admin' });
  const signIn = { email: DEMO_EMAIL, password };
  await ctx.store.execute(`INSERT INTO settings (key, value) VALUES ($1, $2::jsonb)`, [
    SETTING,
    JSON.stringify(signIn),
  ]);
  return { demo: summary, signIn, needsAdmin: false };
}
