// The account page's usage: adoption level, seats, active users day by day or week by week, features used and
// not used by module, and the flags (decline, expansion, onboarding, time to first value), each explained.
import { useMemo, useState } from 'react';
import { activeUsersOption } from '../charts/adoption.ts';
import { Card, Kpi, Segmented } from '../components/Card.tsx';
import { Chart } from '../components/Chart.tsx';
import { Empty, Loadable } from '../components/States.tsx';
import { daysEnding, LEVEL_LABELS, type AccountAdoption, type AccountUsage } from '../lib/adoption.ts';
import { countOf, formatCount, formatDate, formatPercent } from '../lib/format.ts';
import { useApi } from '../lib/use-api.ts';
import { FeaturesByModule } from './account-features.tsx';

const milestoneText = (m: AccountAdoption['milestones30']) => (!m || m.total === 0 ? '—' : `${m.reached}/${m.total}`);

function milestoneDetail(m30: AccountAdoption['milestones30'], m90: AccountAdoption['milestones90']): string {
  if (m90?.due) return 'final';
  return m30?.due ? '90-day horizon not over yet' : 'horizons not over yet';
}

function trendText(a: AccountAdoption): { value: string; detail: string; tone?: 'good' | 'bad' } {
  const { change, recentActiveUsers, previousActiveUsers, declining } = a.trend;
  const detail = `${formatCount(previousActiveUsers)} → ${formatCount(recentActiveUsers)} active users`;
  if (change === null) return { value: '—', detail: 'nobody active in the 4 weeks before' };
  const value = `${change >= 0 ? '▲' : '▼'} ${formatPercent(Math.abs(change), 0)}`;
  return { value, detail, ...(declining ? { tone: 'bad' as const } : change > 0 ? { tone: 'good' as const } : {}) };
}

function Flags({ a }: { a: AccountAdoption }) {
  const trend = trendText(a);
  const expansion = [
    a.expansion.seatsNearLimit ? 'seats near the limit' : '',
    a.expansion.outOfPlanFeatures.length > 0 ? `${a.expansion.outOfPlanFeatures.length} features outside the plan` : '',
  ].filter(Boolean);
  return (
    <div className="grid grid-kpi" data-testid="usage-kpis">
      <Kpi
        label="Adoption level"
        value={a.level ? LEVEL_LABELS[a.level] : '—'}
        detail={`${formatPercent(a.featureUsageRate, 0)} of features · ${formatPercent(a.seatUtilization, 0)} of seats`}
        tone={a.level === 'high' ? 'good' : a.level === 'low' ? 'bad' : undefined}
        explain="The lower of the feature-usage level and the seat level (low, mid, high): a high account uses much of what it bought in breadth and in reach. Thresholds: README, Adoption metrics."
      />
      <Kpi
        label="Feature usage rate"
        value={formatPercent(a.featureUsageRate)}
        detail={`${a.featuresUsed} of ${a.featuresIncluded} features of the plan`}
        explain="Features of the account's plan used in the window ÷ features the plan includes. Features outside the plan never raise it."
      />
      <Kpi
        label="Seat utilization"
        value={formatPercent(a.seatUtilization)}
        detail={
          a.licensedSeats === null
            ? 'no seat count known'
            : `${formatCount(a.activeUsers)} of ${formatCount(a.licensedSeats)} seats active`
        }
        explain="Distinct users active in the window ÷ licensed seats in force on the day measured. It can exceed 100%."
      />
      <Kpi
        label="Active users"
        value={formatCount(a.activeUsers)}
        detail={`DAU ${a.dau.toFixed(1)} · WAU ${a.wau.toFixed(1)} · MAU ${a.mau.toFixed(1)}`}
        explain={`Distinct users with an event in the window. DAU, WAU, MAU: users active that day, in the 7 and in the 30 days ending it, averaged over the window. Stickiness (DAU ÷ MAU): ${formatPercent(a.stickiness)}.`}
      />
      <Kpi
        label={a.trend.declining ? 'Usage declining' : 'Usage trend'}
        value={trend.value}
        detail={trend.detail}
        tone={trend.tone}
        explain="Distinct active users in the last 4 weeks against the 4 weeks before. A drop of 30% or more raises the decline flag: hidden churn, which comes before a downgrade."
      />
      <Kpi
        label="Expansion signal"
        value={a.expansion.signal ? 'Yes' : 'No'}
        detail={expansion.join(' · ') || 'none'}
        tone={a.expansion.signal ? 'good' : undefined}
        explain="Raised when seat utilization reaches 90% of the licence, or a feature outside the plan is used by a quarter of the account's active users."
      />
      <Kpi
        label="Onboarding 30 · 90 days"
        value={`${milestoneText(a.milestones30)} · ${milestoneText(a.milestones90)}`}
        detail={`milestones reached · ${milestoneDetail(a.milestones30, a.milestones90)}`}
        explain="Of the plan's 30-day (90-day) onboarding milestones, how many were first used within 30 (90) days of the first paid day."
      />
      <Kpi
        label="Time to first value"
        value={a.timeToFirstValueDays === null ? '—' : countOf(a.timeToFirstValueDays, 'day')}
        detail={a.firstValueDay ? `first value ${formatDate(a.firstValueDay)}` : 'not reached yet'}
        explain={`Days from the first paid day (${formatDate(a.firstPaidDay)}) to the first use of a core feature (an onboarding milestone); 0 when used during the trial.`}
      />
    </div>
  );
}

function UsageView({ usage }: { usage: AccountUsage }) {
  const [grain, setGrain] = useState<'daily' | 'weekly'>('weekly');
  const a = usage.account;
  const option = useMemo(() => {
    const weeks = a.weeklyActiveUsers.length;
    return grain === 'daily'
      ? activeUsersOption(usage.dailyActiveUsers, daysEnding(a.asOf, usage.dailyActiveUsers.length), grain, null)
      : activeUsersOption(
          a.weeklyActiveUsers,
          daysEnding(a.asOf, weeks * 7).filter((_, i) => i % 7 === 6),
          grain,
          a.licensedSeats,
        );
  }, [usage, a, grain]);
  const nothing = usage.dailyActiveUsers.every((n) => n === 0) && !usage.features.some((f) => f.firstUsed);
  return (
    <>
      <Flags a={a} />
      {nothing ? (
        <div className="card">
          <Empty title="No product usage recorded">
            No event from this account's users reached Tenure in the 12 weeks to {formatDate(a.asOf)}.
          </Empty>
        </div>
      ) : (
        <>
          <Card
            title="Active users"
            subtitle={`${grain === 'daily' ? 'Users active each day' : "Distinct users active each week (dates: the week's last day)"}, the 12 weeks to ${formatDate(a.asOf)}`}
            actions={
              <Segmented
                label="Grain"
                value={grain}
                onChange={setGrain}
                options={[
                  { value: 'daily', label: 'Daily' },
                  { value: 'weekly', label: 'Weekly' },
                ]}
              />
            }
          >
            <Chart label="Active users" option={option} height={220} />
          </Card>
          <Card
            title="Features by module"
            subtitle={`The plan's features used and not used in the ${windowText(a)}; hover one for its use`}
          >
            <FeaturesByModule usage={usage} />
          </Card>
        </>
      )}
    </>
  );
}

const windowText = (a: AccountAdoption) => `window ${formatDate(a.windowStart)} – ${formatDate(a.asOf)}`;

export function AccountUsageSection({ id }: { id: string }) {
  const loaded = useApi<AccountUsage>(`/api/v1/accounts/${encodeURIComponent(id)}/usage`);
  return (
    <section className="usage-section" data-testid="account-usage">
      <div className="section-head">
        <h2>Product usage</h2>
        {loaded.data ? (
          <span className="muted small">
            {loaded.data.paying
              ? `Measured on ${formatDate(loaded.data.account.asOf)} over the ${windowText(loaded.data.account)}`
              : `Not paying on ${formatDate(loaded.data.account.asOf)}: measured against its last plan`}
          </span>
        ) : null}
      </div>
      <Loadable loaded={loaded} height={560}>
        {(usage) => <UsageView usage={usage} />}
      </Loadable>
    </section>
  );
}
