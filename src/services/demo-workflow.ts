// The demo's CS workflow, written through the same verbs a team uses: coverage tiers by ARR and segment, the
// CSMs as Tenure users (so playbook tasks have someone to go to), handoff files for the accounts that started in
// the last six months with outcomes tied to catalog features, their success plans (milestones completed from usage,
// some late), and a few playbooks whose tasks come from one real evaluation. Deterministic: every choice is a hash
// of the account's id, every day counted from asOf.
import { randomBytes } from 'node:crypto';
import { nowOf, type ServiceContext } from './context.ts';
import { listFeatures } from './features.ts';
import { importHandoffs } from './handoff/handoff.ts';
import { defineTemplates, evaluateSuccessPlans, listTemplates } from './handoff/success-plans.ts';
import { evaluatePlaybooks } from './playbooks/evaluate.ts';
import { importPlaybooks } from './playbooks/playbooks.ts';
import { installPlaybookTemplate } from './playbooks/templates.ts';
import { createReportCache } from './report-cache.ts';
import { todayUtc } from './revenue.ts';
import { defineTiers } from './tiers.ts';
import { createUser } from './users.ts';

/** Accounts whose first day is at most this many days before asOf get a handoff file. */
const RECENT_DAYS = 183;

export const DEMO_TIERS = [
  { key: 'high-touch', name: 'High-touch', rules: { min_arr_minor: 6_000_000 }, target_accounts_per_csm: 25 },
  {
    key: 'mid-touch',
    name: 'Mid-touch',
    rules: { min_arr_minor: 1_200_000 },
    target_accounts_per_csm: 80,
    target_arr_per_csm_minor: 250_000_000,
  },
  { key: 'tech-touch', name: 'Tech-touch', rules: {}, target_accounts_per_csm: 400 },
];

const task = (title: string, due: number, checklist: string[]) => ({
  type: 'task',
  assignee: 'owner',
  title,
  due_in_days: due,
  checklist,
});
export const DEMO_PLAYBOOKS = [
  {
    name: 'Usage declining: call the champion',
    trigger: { signal: 'usage_declining' },
    steps: [task('Call the champion about falling usage', 3, ['Check the usage chart', 'Book a call'])],
    max_new_tasks: 1000,
  },
  {
    name: 'NPS detractor: close the loop',
    trigger: { signal: 'nps_detractor', within_days: 30 },
    steps: [task('Close the loop with the detractor', 2, ['Read the comment', 'Call within 48 hours'])],
    max_new_tasks: 1000,
  },
  {
    name: 'Renewal in 90 days: prepare',
    trigger: { signal: 'renewal_within', days: 90 },
    steps: [task('Prepare the renewal', 14, ['Review usage and health', 'Agree the renewal plan'])],
    max_new_tasks: 1000,
  },
  {
    name: 'Red health: save plan',
    trigger: { signal: 'health_band', band: 'red' },
    steps: [task('Write a save plan', 5, ['Find the root cause', 'Agree next steps with the sponsor'])],
    max_new_tasks: 1000,
  },
];

const GOALS = [
  'Board reporting without spreadsheets',
  'Every team onboarded within 90 days',
  'Retire the legacy tool before its renewal',
  'Cut the monthly close from five days to two',
  'One view of customer health for leadership',
  'Self-serve analytics for the operations team',
];
const RISKS = [
  'Champion changes role next quarter',
  'IT security review still open',
  'Budget owner not met yet',
  'Competing internal tool built by the data team',
];
const FIRST = ['Ana', 'Ben', 'Chloé', 'David', 'Elena', 'Farid', 'Grace', 'Hiro', 'Inès', 'Jonas', 'Kemi', 'Luca'];
const LAST = ['Ruiz', 'Okafor', 'Martin', 'Schmidt', 'Rossi', 'Haddad', 'Kim', 'Tanaka', 'Dubois', 'Berg'];

/** A stable small number from a text (FNV-1a), for picks that must not change between loads. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
const pick = <T>(list: readonly T[], seed: number): T => list[seed % list.length] as T;
const plusDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

type Recent = {
  external_id: string;
  name: string;
  first_seen_on: string | Date;
  plan: string | null;
  quantity: number | null;
};

function handoffOf(a: Recent, features: { name: string; plans: readonly string[] }[]) {
  const h = hash(a.external_id);
  const start =
    typeof a.first_seen_on === 'string' ? a.first_seen_on.slice(0, 10) : a.first_seen_on.toISOString().slice(0, 10);
  const seats = a.quantity ?? 10;
  const usable = features.filter((f) => f.plans.length === 0 || (a.plan !== null && f.plans.includes(a.plan)));
  const feature = pick(usable.length ? usable : features, h >>> 3);
  const domain = `${a.name.toLowerCase().replace(/[^a-z0-9]+/g, '')}.example`;
  const person = (n: number, role: string) => {
    const first = pick(FIRST, (h >>> n) + n);
    const last = pick(LAST, (h >>> (n + 4)) + n);
    return {
      name: `${first} ${last}`,
      email: `${first
        .toLowerCase()
        .normalize('NFD')
        .replace(/[^a-z]/g, '')}.${last.toLowerCase()}@${domain}`,
      role,
    };
  };
  return {
    account_id: a.external_id,
    goals: [pick(GOALS, h), pick(GOALS, h + 3)],
    outcomes: [
      {
        metric: 'active users',
        baseline: 0,
        target: Math.max(2, Math.round(seats * 0.7)),
        due_date: plusDays(start, 30),
      },
      {
        metric: `weekly users of ${feature.name}`,
        baseline: 0,
        target: Math.max(2, Math.round(seats * 0.4)),
        due_date: plusDays(start, 90),
      },
    ],
    stakeholders: [person(1, 'sponsor'), person(2, 'champion'), person(3, 'admin')],
    bought: `${seats} seats${a.plan ? ` of ${a.plan}` : ''}`,
    plan: a.plan,
    risks: h % 3 === 0 ? [] : [pick(RISKS, h >>> 5)],
  };
}

/** The CSMs named as owners become users (role csm, a random password an admin can reset) unless they exist. */
async function demoCsms(ctx: ServiceContext): Promise<void> {
  const owners = await ctx.store.query<{ owner_csm: string }>(
    `SELECT DISTINCT owner_csm FROM accounts WHERE owner_csm IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM users u WHERE lower(u.name) = lower(owner_csm)) ORDER BY owner_csm`,
  );
  for (const { owner_csm } of owners) {
    const email = `${owner_csm
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z]+/g, '.')}@demo.tenure.local`;
    const [taken] = await ctx.store.query(`SELECT 1 FROM users WHERE lower(email) = $1`, [email]);
    if (taken) continue;
    await createUser({ ctx, email, password: randomBytes(18).toString('base64url'), role: 'csm', name: owner_csm });
  }
}

/** Loads the workflow part of the demo (after its revenue, usage, surveys, contracts and health). */
export async function loadDemoWorkflow(base: ServiceContext, asOf: string): Promise<void> {
  // Evaluations read "today" from the clock: a demo ending on another day is evaluated on that day.
  // A cache of its own: the adoption report and ledger are read once for every trigger that needs them.
  const cached = { ...base, cache: base.cache ?? createReportCache() };
  const ctx = asOf === todayUtc(nowOf(base)) ? cached : { ...cached, now: () => new Date(`${asOf}T12:00:00Z`) };
  const file = 'demo';
  await defineTiers({ ctx, content: JSON.stringify(DEMO_TIERS), file });
  await demoCsms(ctx);
  const shipped = await listTemplates(ctx);
  const highTouch = {
    key: 'high-touch',
    name: 'High-touch onboarding',
    tier: 'high-touch',
    milestones: [
      { key: 'kickoff', title: 'Executive kickoff held', due_day: 14, signal: null },
      ...(shipped.find((t) => t.key === 'default')?.milestones ?? []),
      { key: 'active-10', title: 'Ten people active in a month', due_day: 60, signal: { active_users: 10 } },
    ],
  };
  await defineTemplates({
    ctx,
    content: JSON.stringify([...shipped.filter((t) => t.key !== 'high-touch'), highTouch]),
    file,
  });
  const recent = await ctx.store.query<Recent>(
    `SELECT a.external_id, a.name, a.first_seen_on, p.plan, p.quantity FROM accounts a
       LEFT JOIN LATERAL (SELECT plan, quantity FROM subscription_periods s WHERE s.account_id = a.id
                           ORDER BY s.start_on DESC, s.id DESC LIMIT 1) p ON true
      WHERE a.first_seen_on > $1::date AND a.first_seen_on <= $2::date ORDER BY a.external_id`,
    [plusDays(asOf, -RECENT_DAYS), asOf],
  );
  const features = await listFeatures({ ctx });
  if (recent.length > 0 && features.length > 0)
    await importHandoffs({ ctx, content: JSON.stringify(recent.map((a) => handoffOf(a, features))), file });
  await evaluateSuccessPlans({ ctx });
  await importPlaybooks({ ctx, text: JSON.stringify(DEMO_PLAYBOOKS), file });
  await installPlaybookTemplate({ ctx, key: 'ask-for-reference' });
  await evaluatePlaybooks({ ctx });
}
