// The demo company's survey answers, consistent with each account's story: an NPS wave about every six months
// per paying account (a few of its people asked; some dismiss, some never answer), CSAT after support contacts
// and a CES after onboarding. Scores follow the account's adoption propensity and its health, which fades before
// a churn or a contraction (usage.ts `stateOn`): accounts heading for churn answer lower, high adopters promote.
// A quarter of the accounts write their comments in Chinese. Deterministic by seed.
import { dayOf, formatDay } from '../period.ts';
import { createRandom, type Random } from './random.ts';
import type { DemoCompany, DemoProfile } from './types.ts';
import { stateOn } from './usage.ts';

export const DEMO_SURVEYS = [
  { name: 'Relationship NPS', kind: 'nps' },
  { name: 'Support CSAT', kind: 'csat' },
  { name: 'Onboarding effort', kind: 'ces' },
] as const;

/** A `survey_responses` row before its survey and account ids are known. */
export interface DemoResponse {
  response_id: string;
  survey: (typeof DEMO_SURVEYS)[number]['name'];
  kind: 'nps' | 'csat' | 'ces';
  score: number | null;
  comment: string | null;
  responded_at: string;
  account_external_id: string;
  user_id: string;
  channel: 'email' | 'in_app' | 'link';
  dismissed: boolean;
}

type Mood = 'low' | 'mid' | 'high';
const COMMENTS: Record<'en' | 'zh', Record<Mood, readonly string[]>> = {
  en: {
    low: [
      'Report exports are too slow',
      'The data sync keeps failing and support takes days to answer',
      'Too expensive for what we use',
      'Nobody followed up before our renewal',
      'Dashboards are confusing, my team stopped using them',
      'Missing integrations we need; export is slow',
    ],
    mid: [
      'Good product, but reports could be faster',
      'Works fine, onboarding took longer than expected',
      'Useful dashboards, pricing is a bit high',
      'Solid, wish the mobile view were better',
    ],
    high: [
      'Our CSMs live in the health dashboard',
      'Great support and the renewal forecast saves us hours',
      'Easy to set up, the whole team uses it',
      'Recommended it to two peers already',
    ],
  },
  zh: {
    low: [
      '报表导出太慢了',
      '数据同步经常出错，客服回复很慢',
      '价格太贵，用到的功能不多',
      '续约前没人联系我们',
      '仪表盘看不懂，团队已经不用了',
      '报表不准确，导出也慢',
    ],
    mid: [
      '产品不错，但报表可以更快',
      '功能够用，上手花了一些时间',
      '仪表盘有用，价格有点高',
      '整体稳定，希望手机端更好',
    ],
    high: [
      '健康评分非常有用',
      '客服响应及时，续约预测帮我们省了很多时间',
      '上手很快，整个团队都在用',
      '已经推荐给同行了',
    ],
  },
};

const NPS_EVERY_DAYS = 182;

function moodOf(score: number, high: number, low: number): Mood {
  return score >= high ? 'high' : score <= low ? 'low' : 'mid';
}

const clampRound = (x: number, low: number, high: number) => Math.max(low, Math.min(high, Math.round(x)));

/** The timestamp of a day at a working hour drawn from the stream. */
const at = (random: Random, day: number) =>
  `${formatDay(day)}T${String(random.int(1, 14)).padStart(2, '0')}:${String(random.int(0, 59)).padStart(2, '0')}:00.000Z`;

function accountResponses(seed: number, profile: DemoProfile, cutoff: number): DemoResponse[] {
  const random = createRandom(seed, 'surveys', profile.external_id);
  const first = profile.events[0];
  if (!first) return [];
  const zh = random.chance(0.25);
  const out: DemoResponse[] = [];
  const a = profile.adoptionPropensity;
  const comment = (mood: Mood) => (random.chance(0.4) ? random.pick(COMMENTS[zh ? 'zh' : 'en'][mood]) : null);
  const push = (r: Omit<DemoResponse, 'response_id' | 'account_external_id'>) =>
    out.push({
      ...r,
      response_id: `demo-${profile.external_id}-${out.length + 1}`,
      account_external_id: profile.external_id,
    });
  const start = dayOf(first.on);

  // CES once, a month into the first subscription.
  const onboarded = start + random.int(25, 45);
  const onboarding = stateOn(profile.events, onboarded);
  if (onboarded <= cutoff && onboarding && random.chance(0.6)) {
    const score = clampRound(2.5 + 4.5 * a + random.normal(), 1, 7);
    push({
      survey: 'Onboarding effort',
      kind: 'ces',
      score,
      comment: null,
      responded_at: at(random, onboarded),
      user_id: `${profile.external_id}-u0`,
      channel: 'in_app',
      dismissed: false,
    });
  }

  // NPS waves while paying: the account's people, each answering, dismissing, or ignoring the invitation.
  for (let day = start + random.int(60, 150); day <= cutoff; day += NPS_EVERY_DAYS + random.int(-20, 20)) {
    const state = stateOn(profile.events, day);
    if (!state) continue;
    const people = 1 + random.int(0, Math.min(3, Math.max(0, state.seats - 1)));
    for (let p = 0; p < people; p++) {
      const when = day + random.int(0, 10);
      if (when > cutoff || random.chance(0.3)) continue;
      const user = `${profile.external_id}-u${p}`;
      const channel = random.pick(['email', 'in_app', 'link'] as const);
      if (random.chance(0.15)) {
        push({
          survey: 'Relationship NPS',
          kind: 'nps',
          score: null,
          comment: null,
          responded_at: at(random, when),
          user_id: user,
          channel,
          dismissed: true,
        });
        continue;
      }
      const health = stateOn(profile.events, when)?.health ?? state.health;
      const score = clampRound(3.9 + 8 * a - (1 - health) * 6 + 1.3 * random.normal(), 0, 10);
      push({
        survey: 'Relationship NPS',
        kind: 'nps',
        score,
        comment: comment(moodOf(score, 9, 6)),
        responded_at: at(random, when),
        user_id: user,
        channel,
        dismissed: false,
      });
    }
  }

  // CSAT after some support contacts: about one a quarter for half of the quarters.
  for (let day = start + random.int(20, 90); day <= cutoff; day += random.int(70, 110)) {
    const state = stateOn(profile.events, day);
    if (!state || !random.chance(0.5)) continue;
    const score = clampRound(3 + 2.3 * a - (1 - state.health) * 3 + 0.9 * random.normal(), 1, 5);
    push({
      survey: 'Support CSAT',
      kind: 'csat',
      score,
      comment: score <= 2 ? comment('low') : null,
      responded_at: at(random, day),
      user_id: `${profile.external_id}-u${random.int(0, 2)}`,
      channel: 'email',
      dismissed: false,
    });
  }
  return out;
}

/** Every demo account's answers and dismissals, account by account. */
export function demoSurveyResponses(company: DemoCompany): DemoResponse[] {
  const cutoff = dayOf(company.cutoff);
  return company.profiles.flatMap((p) => accountResponses(company.seed, p, cutoff));
}
