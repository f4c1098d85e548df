// The overview's table: every figure per period, exported as CSV with raw numbers.
import type { Column } from '../components/Table.tsx';
import { formatCount, formatMoney, formatPercent, toMajor } from '../lib/format.ts';
import type { MetricsRow } from '../../../src/contract/revenue.ts';

export function metricsColumns(currency: string): Column<MetricsRow>[] {
  const money = (key: string, header: string, value: (r: MetricsRow) => number | null) => ({
    key,
    header,
    align: 'right' as const,
    csv: (r: MetricsRow) => {
      const v = value(r);
      return v === null ? null : toMajor(v, currency);
    },
    render: (r: MetricsRow) => formatMoney(value(r), currency),
  });
  const rate = (key: string, header: string, value: (r: MetricsRow) => number | null) => ({
    key,
    header,
    align: 'right' as const,
    csv: (r: MetricsRow) => value(r),
    render: (r: MetricsRow) => formatPercent(value(r)),
  });
  return [
    {
      key: 'period',
      header: 'Period',
      csv: (r) => r.period.label,
      render: (r) => r.period.label + (r.complete ? '' : ' (to date)'),
    },
    money('mrr', 'MRR', (r) => r.mrrMinor),
    money('arr', 'ARR', (r) => r.arrMinor),
    {
      key: 'customers',
      header: 'Customers',
      align: 'right',
      csv: (r) => r.payingCustomers,
      render: (r) => formatCount(r.payingCustomers),
    },
    money('new', 'New', (r) => r.newMrrMinor),
    money('expansion', 'Expansion', (r) => r.expansionMrrMinor),
    money('contraction', 'Contraction', (r) => r.contractionMrrMinor),
    money('churn', 'Churn', (r) => r.churnMrrMinor),
    money('reactivation', 'Reactivation', (r) => r.reactivationMrrMinor),
    money('fx', 'FX', (r) => r.fxMinor),
    rate('logo', 'Logo churn', (r) => r.logoChurnRate),
    rate('gross', 'Gross MRR churn', (r) => r.grossMrrChurnRate),
    rate('net', 'Net MRR churn', (r) => r.netMrrChurnRate),
    rate('nrr', 'NRR', (r) => r.nrr),
    rate('grr', 'GRR', (r) => r.grr),
    rate('nrr12m', 'NRR 12m', (r) => r.nrr12m),
    rate('grr12m', 'GRR 12m', (r) => r.grr12m),
    rate('existing', 'From existing', (r) => r.existingCustomerMrrShare),
  ];
}
