// The adoption page's tiles: accounts measured, the three levels with their share of MRR, feature usage, seats,
// and the two flags; each explains its figure on hover with the thresholds the server used.
import { Kpi } from '../components/Card.tsx';
import type { AdoptionOverview, AdoptionSettings } from '../lib/adoption.ts';
import { countOf, formatCount, formatDate, formatMoney, formatPercent } from '../lib/format.ts';

const pct = (v: number) => formatPercent(v, 0);

/** The level rule in words, with the thresholds in force. */
export function levelRule(s: AdoptionSettings): Record<'low' | 'mid' | 'high', string> {
  const f = s.featureUsageRate;
  const seats = s.seatUtilization;
  return {
    low: `Feature usage rate under ${pct(f.mid)} or seat utilization under ${pct(seats.mid)}: customers who get little value. Userly's adoption research: most do not renew.`,
    mid: `Feature usage rate of at least ${pct(f.mid)} and seat utilization of at least ${pct(seats.mid)}, but not both high. Userly's adoption research: about half churn at the next renewal.`,
    high: `Feature usage rate of at least ${pct(f.high)} and seat utilization of at least ${pct(seats.high)}: they use much of what they bought, in breadth and in reach.`,
  };
}

export function declineRule(s: AdoptionSettings): string {
  const min = s.declineMinActiveUsers ?? 1;
  const floor = min > 1 ? `, among accounts with at least ${min} active users before` : '';
  return `Distinct active users in the last ${s.declineWeeks} weeks down ${pct(s.declineRate)} or more against the ${s.declineWeeks} weeks before${floor}: "hidden churn", a leading indicator of a downgrade or churn.`;
}

export function expansionRule(s: AdoptionSettings): string {
  return `Seat utilization at ${pct(s.seatExpansionUtilization)} of the licence or more, or a feature outside the plan used by at least ${pct(s.outOfPlanUserShare)} of the account's active users.`;
}

export function AdoptionKpis({ data, currency }: { data: AdoptionOverview; currency: string }) {
  const { summary, settings } = data;
  const rules = levelRule(settings);
  const level = (id: 'low' | 'mid' | 'high') => data.levels.find((l) => l.level === id);
  const mrr = (rows: { mrrMinor: number }[]) => rows.reduce((a, r) => a + r.mrrMinor, 0);
  const tile = (id: 'low' | 'mid' | 'high', label: string, tone?: 'good' | 'bad') => {
    const l = level(id);
    return (
      <Kpi
        label={label}
        value={formatCount(l?.accounts ?? 0)}
        detail={`${formatPercent(l?.accountShare)} of accounts · ${formatPercent(l?.mrrShare)} of MRR`}
        tone={tone}
        explain={`${rules[id]} ${formatMoney(l?.mrrMinor ?? 0, currency)} of MRR.`}
      />
    );
  };
  return (
    <div className="grid grid-kpi" data-testid="adoption-kpis">
      <Kpi
        label="Accounts measured"
        value={formatCount(summary.accounts)}
        detail={`${formatMoney(data.mrrMinor, currency, true)} MRR · ${formatCount(summary.activeUsers)} active users`}
        explain={`Accounts paying on ${formatDate(data.asOf)} that match the filters, each measured over the ${countOf(data.windowDays, 'day')} up to that day.`}
      />
      {tile('low', 'Low adoption', 'bad')}
      {tile('mid', 'Mid adoption')}
      {tile('high', 'High adoption', 'good')}
      <Kpi
        label="Feature usage rate"
        value={formatPercent(summary.featureUsageRate)}
        detail="mean of the accounts"
        explain="Per account: features of its plan used in the window ÷ features its plan includes; here the mean over the accounts. Userly's adoption research finds it often under 10%."
      />
      <Kpi
        label="Seat utilization"
        value={formatPercent(summary.seatUtilization)}
        detail={`stickiness ${formatPercent(summary.stickiness)} (DAU ÷ MAU)`}
        explain="Σ distinct users active in the window ÷ Σ licensed seats, over the accounts with a seat count. Stickiness: mean of daily ÷ monthly active users."
      />
      <Kpi
        label="Usage declining"
        value={formatCount(summary.declining)}
        detail={`${formatMoney(mrr(data.declining), currency, true)} MRR at risk`}
        tone={summary.declining > 0 ? 'bad' : undefined}
        explain={declineRule(settings)}
      />
      <Kpi
        label="Expansion signals"
        value={formatCount(summary.expansionSignals)}
        detail={`${formatMoney(mrr(data.expansion), currency, true)} MRR today`}
        tone={summary.expansionSignals > 0 ? 'good' : undefined}
        explain={expansionRule(settings)}
      />
    </div>
  );
}
