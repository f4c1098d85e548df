// Who a survey may ask: the contacts (with an email) and product users (mapped to an account) its audience names,
// and each person's history for throttling. Reads use the context's transaction when there is one, except the
// plan filter, which needs the revenue ledger: call it outside a transaction.
import type { AudienceView } from '../../contract/surveys-admin.ts';
import type { PersonHistory } from '../../core/surveys/eligibility.ts';
import {
  accountDimensions,
  audienceContacts,
  audienceUsers,
  personTouches,
  type AudienceSql,
} from '../../store/survey-channels.ts';
import { currentPlan, type FilterDimension } from '../account-directory.ts';
import { db, type ServiceContext } from '../context.ts';
import { currentLedger, todayUtc } from '../revenue.ts';

export interface Person {
  /** Stable key for sampling: 'email:…' or 'user:…'. */
  key: string;
  email: string | null;
  userId: string | null;
  contactId: number | null;
  accountId: number;
}

const sqlOf = (a: AudienceView): AudienceSql => ({
  attributes: a.attributes ?? null,
  role: a.role ?? null,
  traits: a.traits ?? null,
});

/** A predicate on account ids for the audience's segment filters (all of them must match). */
export async function accountFilter(ctx: ServiceContext, a: AudienceView): Promise<(accountId: number) => boolean> {
  const checks = Object.entries(a.filters ?? {}).filter(([, v]) => v !== undefined) as [FilterDimension, string][];
  if (checks.length === 0) return () => true;
  const accounts = new Map((await accountDimensions(db(ctx))).map((r) => [r.id, r]));
  const plans = new Map<number, string | null>();
  if (checks.some(([d]) => d === 'plan')) {
    const ledger = await currentLedger({ ctx: { ...ctx, tx: undefined }, asOf: todayUtc(ctx.now()) });
    for (const c of ledger.customers) plans.set(Number(c.accountId), currentPlan(c));
  }
  return (accountId) =>
    checks.every(([dimension, wanted]) => {
      const value = dimension === 'plan' ? plans.get(accountId) : accounts.get(accountId)?.[dimension];
      return (value ?? '(none)') === wanted;
    });
}

/** The audience's contacts with an email (one per email). */
export async function audienceContactsOf(ctx: ServiceContext, a: AudienceView): Promise<Person[]> {
  const matches = await accountFilter(ctx, a);
  const rows = await audienceContacts(db(ctx), sqlOf(a));
  return rows
    .filter((r) => matches(r.accountId))
    .map((r) => ({
      key: `email:${r.email}`,
      email: r.email,
      userId: null,
      contactId: r.contactId,
      accountId: r.accountId,
    }));
}

/** The audience's product users mapped to an account (or just `userId`, when given and in the audience). */
export async function audienceUsersOf(
  ctx: ServiceContext,
  a: AudienceView,
  userId: string | null = null,
): Promise<Person[]> {
  const matches = await accountFilter(ctx, a);
  const rows = await audienceUsers(db(ctx), sqlOf(a), userId);
  return rows
    .filter((r) => matches(r.accountId))
    .map((r) => ({
      key: `user:${r.userId}`,
      email: r.email,
      userId: r.userId,
      contactId: null,
      accountId: r.accountId,
    }));
}

/** People in the audience now: contacts with an email, and product users whose email is no such contact's. */
export async function audienceSize(ctx: ServiceContext, a: AudienceView): Promise<number> {
  const contacts = await audienceContactsOf(ctx, a);
  const emails = new Set(contacts.map((c) => c.email));
  const users = await audienceUsersOf(ctx, a);
  return contacts.length + users.filter((u) => u.email === null || !emails.has(u.email)).length;
}

/** Each person's latest answer, dismissal and unanswered invitation, matched by email or user id. */
export async function historiesOf(ctx: ServiceContext, people: readonly Person[]): Promise<Map<string, PersonHistory>> {
  const touches = await personTouches(
    db(ctx),
    people.flatMap((p) => p.email ?? []),
    people.flatMap((p) => p.userId ?? []),
  );
  const latest = (a: Date | null, b: Date | null) => (a === null ? b : b === null ? a : a > b ? a : b);
  const byEmail = new Map<string, typeof touches>();
  const byUser = new Map<string, typeof touches>();
  for (const t of touches) {
    if (t.email !== null) byEmail.set(t.email, [...(byEmail.get(t.email) ?? []), t]);
    if (t.userId !== null) byUser.set(t.userId, [...(byUser.get(t.userId) ?? []), t]);
  }
  const out = new Map<string, PersonHistory>();
  for (const p of people) {
    let h: PersonHistory = { lastAnsweredAt: null, lastDismissedAt: null, lastUnansweredAskAt: null };
    const mine = [
      ...(p.email === null ? [] : (byEmail.get(p.email) ?? [])),
      ...(p.userId === null ? [] : (byUser.get(p.userId) ?? [])),
    ];
    for (const t of mine) {
      h = {
        lastAnsweredAt: latest(h.lastAnsweredAt, t.lastAnsweredAt),
        lastDismissedAt: latest(h.lastDismissedAt, t.lastDismissedAt),
        lastUnansweredAskAt: latest(h.lastUnansweredAskAt, t.lastUnansweredAskAt),
      };
    }
    out.set(p.key, h);
  }
  return out;
}
