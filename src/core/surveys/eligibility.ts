// Who is asked now: throttling (a person is asked at most once per N days: one window after an answer, another
// after a dismissal or an invitation left unanswered), sampling (a stable share of people per window) and the
// survey's own span (open, inside its wave).

const DAY_MS = 86_400_000;

export interface SurveyTiming {
  status: 'open' | 'closed';
  /** The wave's first and last day (YYYY-MM-DD, UTC), or null for a continuous survey. */
  startsOn: string | null;
  endsOn: string | null;
  throttleAnsweredDays: number;
  throttleDismissedDays: number;
  /** 1–100: the share of eligible people asked in each throttle window. */
  samplePercent: number;
}

/** What Tenure knows of one person's past: their latest answer, dismissal, and invitation (any survey). */
export interface PersonHistory {
  lastAnsweredAt: Date | null;
  lastDismissedAt: Date | null;
  /** The latest invitation sent (or queued) that was never answered nor dismissed. */
  lastUnansweredAskAt: Date | null;
}

export type Eligibility =
  | { eligible: true }
  | { eligible: false; reason: 'closed' | 'before_wave' | 'after_wave' | 'throttled' | 'not_sampled'; until?: Date };

const dayOf = (at: Date) => at.toISOString().slice(0, 10);
const addDays = (at: Date, days: number) => new Date(at.getTime() + days * DAY_MS);

/** Whether the survey asks anyone at `now`: open, and `now` inside its wave when it has one. */
export function surveyIsLive(survey: SurveyTiming, now: Date): Eligibility {
  if (survey.status === 'closed') return { eligible: false, reason: 'closed' };
  const today = dayOf(now);
  if (survey.startsOn !== null && today < survey.startsOn) return { eligible: false, reason: 'before_wave' };
  if (survey.endsOn !== null && today > survey.endsOn) return { eligible: false, reason: 'after_wave' };
  return { eligible: true };
}

/** The day from which a person may be asked again (null: now). The later of the windows that apply wins. */
export function throttledUntil(survey: SurveyTiming, history: PersonHistory): Date | null {
  const ends = [
    history.lastAnsweredAt && addDays(history.lastAnsweredAt, survey.throttleAnsweredDays),
    history.lastDismissedAt && addDays(history.lastDismissedAt, survey.throttleDismissedDays),
    history.lastUnansweredAskAt && addDays(history.lastUnansweredAskAt, survey.throttleDismissedDays),
  ].filter((d): d is Date => d !== null);
  if (ends.length === 0) return null;
  return new Date(Math.max(...ends.map((d) => d.getTime())));
}

/** FNV-1a, 32 bits: a stable, well-spread hash of a short text (no cryptographic strength needed). */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * Whether a person falls in the sample: a hash of survey, person and throttle window, so within one window the
 * same people are in (asking again the same day gives the same answer), and each new window draws afresh.
 */
export function inSample(survey: SurveyTiming & { id: number }, personKey: string, now: Date): boolean {
  if (survey.samplePercent >= 100) return true;
  const windowDays = Math.max(1, survey.throttleAnsweredDays);
  const window = Math.floor(now.getTime() / DAY_MS / windowDays);
  return fnv1a(`${survey.id}:${personKey}:${window}`) % 100 < survey.samplePercent;
}

/** The whole rule for one person and one survey at `now`. */
export function eligibility(
  survey: SurveyTiming & { id: number },
  personKey: string,
  history: PersonHistory,
  now: Date,
): Eligibility {
  const live = surveyIsLive(survey, now);
  if (!live.eligible) return live;
  const until = throttledUntil(survey, history);
  if (until !== null && until > now) return { eligible: false, reason: 'throttled', until };
  if (!inSample(survey, personKey, now)) return { eligible: false, reason: 'not_sampled' };
  return { eligible: true };
}
