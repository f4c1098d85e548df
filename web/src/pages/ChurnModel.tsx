// The churn model: how well it predicted this company's own past (walk-forward backtest beside the scorecards
// and the baselines, a reliability diagram, churn by risk decile), and the accounts most at risk now, with why.
import type { LatestBacktest, RiskList } from '../../../src/contract/churn.ts';
import { decilesOption, reliabilityOption } from '../charts/churn.ts';
import { Card, PageHeader } from '../components/Card.tsx';
import { Chart } from '../components/Chart.tsx';
import { Empty, Loadable } from '../components/States.tsx';
import { Table, type Column } from '../components/Table.tsx';
import { formatMoney, formatPercent } from '../lib/format.ts';
import { navigate } from '../lib/router.ts';
import { useApi } from '../lib/use-api.ts';
import { BacktestResults, backtestSubtitle } from './model-parts.tsx';

type RiskRow = RiskList['items'][number];

function riskColumns(): Column<RiskRow>[] {
  return [
    { key: 'name', header: 'Account', csv: (r) => r.name },
    {
      key: 'churn',
      header: 'Churn risk',
      csv: (r) => r.churn_probability,
      render: (r) => formatPercent(r.churn_probability),
      align: 'right',
    },
    {
      key: 'contraction',
      header: 'Contraction risk',
      csv: (r) => r.contraction_probability,
      render: (r) => formatPercent(r.contraction_probability),
      align: 'right',
    },
    {
      key: 'arr',
      header: 'ARR',
      csv: (r) => r.arr_minor,
      render: (r) => formatMoney(r.arr_minor, r.currency),
      align: 'right',
    },
    { key: 'reasons', header: 'Why', csv: (r) => r.reasons.join('; '), render: (r) => r.reasons.join(' · ') },
  ];
}

function Backtest({ data }: { data: NonNullable<LatestBacktest['backtest']> }) {
  const report = data.report;
  const model = report.results.find((r) => r.kind === 'model');
  return (
    <>
      <Card title="Backtest" subtitle={backtestSubtitle(report, 'churn', report.churn_rate, 'churned')}>
        <BacktestResults label="Backtest results" results={report.results} exportName="churn-backtest" />
        {report.findings.map((f) => (
          <p key={f.name} className="muted small" data-testid="scorecard-finding">
            Scorecard “{f.name}” does not separate churners: {f.reasons.join('; ')}.
            {report.suggestion
              ? ` The model's weights per standard deviation, as a starting point: ${report.suggestion
                  .slice(0, 5)
                  .map((s) => `${s.feature} ${s.weight >= 0 ? '+' : ''}${s.weight.toFixed(2)}`)
                  .join(', ')}.`
              : ''}
          </p>
        ))}
      </Card>
      <div className="grid grid-2">
        <Card
          title="Reliability"
          subtitle="Observed churn against predicted probability: on the diagonal is well calibrated"
        >
          <Chart
            label="Reliability diagram"
            option={reliabilityOption(report.results.map((r) => ({ name: r.name, bins: r.reliability })))}
            height={300}
          />
        </Card>
        <Card title="Churn by risk decile" subtitle={`${model?.name ?? 'Model'}: decile 1 is the riskiest tenth`}>
          {model ? (
            <Chart label="Churn by risk decile" option={decilesOption(model.deciles)} height={300} />
          ) : (
            <Empty />
          )}
        </Card>
      </div>
    </>
  );
}

export function ChurnModel() {
  const backtest = useApi<LatestBacktest>('/api/v1/health/backtest');
  const risk = useApi<RiskList>('/api/v1/health/risk?limit=25');
  return (
    <div className="page" data-testid="churn-model-page">
      <PageHeader
        title="Churn model"
        subtitle="How well the model and each score predicted this company's own past, and who is at risk now"
      />
      <Loadable
        loaded={backtest}
        isEmpty={(d) => d.backtest === null}
        empty={<Empty title="No backtest yet">Run `tenure model backtest` to measure the model on your history.</Empty>}
      >
        {(d) => (d.backtest ? <Backtest data={d.backtest} /> : null)}
      </Loadable>
      <Card
        title="Most at risk"
        subtitle="Probability of churning within the horizon, scored daily, with the top reasons"
      >
        <Loadable
          loaded={risk}
          isEmpty={(d) => d.items.length === 0}
          empty={
            <Empty title="Not scored yet">
              Every paying account is scored once a day; the risks appear here after the first daily scoring.
            </Empty>
          }
        >
          {(d) => (
            <Table
              label="Accounts most at risk"
              columns={riskColumns()}
              rows={d.items}
              rowKey={(r) => String(r.account_id)}
              rowHref={(r) => `/accounts/${r.account_id}`}
              onRowClick={(r) => navigate(`/accounts/${r.account_id}`)}
              exportName="churn-risk"
            />
          )}
        </Loadable>
      </Card>
    </div>
  );
}
