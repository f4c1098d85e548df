// The overview's KPI tiles for the latest period, each explained on hover and linked to the records behind it.
import { Kpi } from '../components/Card.tsx';
import { formatChange, formatCount, formatMoney, formatPercent } from '../lib/format.ts';
import { addMonths, FILTER_KEYS, href, pick } from '../lib/query.ts';
import { useLocation } from '../lib/router.ts';
import type { MetricsRow } from '../../../src/contract/revenue.ts';

function change(now: number | null, before: number | null | undefined): string | undefined {
  const text = formatChange(now, before);
  return text === null ? undefined : `${text} vs previous period`;
}

const tone = (good: boolean | null) => (good === null ? undefined : good ? 'good' : 'bad');

export function KpiTiles({ rows, currency }: { rows: MetricsRow[]; currency: string }) {
  const { query } = useLocation();
  const latest = rows.at(-1);
  const previous = rows.at(-2);
  if (!latest) return null;
  const filters = pick(query, FILTER_KEYS);
  const link = (path: string, extra: Record<string, string>) => {
    const params = new URLSearchParams(filters);
    for (const [k, v] of Object.entries(extra)) params.set(k, v);
    return href(path, params);
  };
  const { start, end, label } = latest.period;
  const period = `${label}${latest.complete ? '' : ' (to date)'}`;
  const movements = link('/movements', { from: start, to: end });
  const trailing = link('/movements', { from: addMonths(end, -11), to: end });
  const active = link('/accounts', { status: 'active', sort: 'mrr', order: 'desc' });
  const benchmark = (id: string) => latest.benchmarks.find((b) => b.id === id);
  return (
    <div className="grid grid-kpi" data-testid="kpis">
      <Kpi
        label="MRR"
        value={formatMoney(latest.mrrMinor, currency, true)}
        detail={change(latest.mrrMinor, previous?.mrrMinor) ?? period}
        href={active}
        explain={`Monthly recurring revenue in force at the end of ${period}: ${formatMoney(latest.mrrMinor, currency)}. Listed by account.`}
      />
      <Kpi
        label="ARR"
        value={formatMoney(latest.arrMinor, currency, true)}
        detail={`12 × MRR · ${period}`}
        href={active}
        explain={`Annual recurring revenue = 12 × MRR = ${formatMoney(latest.arrMinor, currency)}.`}
      />
      <Kpi
        label="NRR"
        value={formatPercent(latest.nrr)}
        detail={period}
        tone={tone(latest.nrr === null ? null : latest.nrr >= 1)}
        href={movements}
        explain="Net revenue retention = 1 − (churn + contraction − expansion) ÷ MRR at the start of the period. Links to the period's movements."
      />
      <Kpi
        label="NRR 12m"
        value={formatPercent(latest.nrr12m)}
        detail="trailing 12 months"
        tone={tone(latest.nrr12m === null ? null : latest.nrr12m >= 1)}
        href={trailing}
        explain="Of the customers paying twelve months ago: their MRR now ÷ their MRR then. Links to the twelve months' movements."
      />
      <Kpi
        label="GRR"
        value={formatPercent(latest.grr)}
        detail={period}
        href={link('/movements', { from: start, to: end, kind: 'churn' })}
        explain="Gross revenue retention = 1 − (churn + contraction) ÷ MRR at the start of the period; expansion does not count."
      />
      <Kpi
        label="GRR 12m"
        value={formatPercent(latest.grr12m)}
        detail="trailing 12 months"
        href={link('/movements', { from: addMonths(end, -11), to: end, kind: 'churn' })}
        explain="Of the customers paying twelve months ago: Σ min(MRR now, MRR then) ÷ Σ MRR then."
      />
      <Kpi
        label="Logo churn"
        value={formatPercent(latest.logoChurnRate)}
        detail={`${formatCount(latest.churnedCustomers)} of ${formatCount(latest.startingCustomers)} customers`}
        tone={tone(
          benchmark('logoChurn')?.status === 'pass' ? true : benchmark('logoChurn')?.status === 'fail' ? false : null,
        )}
        href={link('/movements', { from: start, to: end, kind: 'churn' })}
        explain={`Customers churned ÷ customers paying at the start of ${period}. Target: ${benchmark('logoChurn')?.target ?? 'under 5% a month'}.`}
      />
      <Kpi
        label="Active customers"
        value={formatCount(latest.payingCustomers)}
        detail={`${formatCount(latest.newCustomers)} new · ${formatCount(latest.reactivations)} back`}
        href={active}
        explain="Customers paying at the end of the period (MRR above zero)."
      />
    </div>
  );
}
