// Pieces the model pages share (the churn model and expansion propensity): the backtest results table and its
// summary line, and the account page's card of one account's score, its horizon, its model and its reasons.
import type { ReactNode } from 'react';
import type { ScorerResult } from '../../../src/contract/churn.ts';
import { Card } from '../components/Card.tsx';
import { Loadable } from '../components/States.tsx';
import { Table, type Column } from '../components/Table.tsx';
import { formatDate, formatPercent } from '../lib/format.ts';
import type { Loaded } from '../lib/use-api.ts';

const KIND_LABEL: Record<ScorerResult['kind'], string> = {
  model: 'Model',
  scorecard: 'Scorecard',
  baseline: 'Baseline',
};
export const figure = (x: number | null) => (x === null ? '—' : x.toFixed(3));

const RESULT_COLUMNS: Column<ScorerResult>[] = [
  { key: 'name', header: 'Scorer', csv: (r) => r.name },
  { key: 'kind', header: 'Kind', csv: (r) => r.kind, render: (r) => KIND_LABEL[r.kind] },
  { key: 'auc', header: 'ROC AUC', csv: (r) => r.auc, render: (r) => figure(r.auc), align: 'right' },
  { key: 'pr_auc', header: 'PR AUC', csv: (r) => r.pr_auc, render: (r) => figure(r.pr_auc), align: 'right' },
  { key: 'logloss', header: 'Log loss', csv: (r) => r.logloss, render: (r) => figure(r.logloss), align: 'right' },
  { key: 'brier', header: 'Brier', csv: (r) => r.brier, render: (r) => figure(r.brier), align: 'right' },
  { key: 'ece', header: 'ECE', csv: (r) => r.ece, render: (r) => figure(r.ece), align: 'right' },
  {
    key: 'lift',
    header: 'Top-decile lift',
    csv: (r) => r.deciles[0]?.lift ?? null,
    render: (r) => `${(r.deciles[0]?.lift ?? 0).toFixed(2)}×`,
    align: 'right',
  },
];

/** A backtest's scorers, one row each, with their metrics. */
export function BacktestResults(props: { label: string; results: ScorerResult[]; exportName: string }) {
  return (
    <Table
      label={props.label}
      columns={RESULT_COLUMNS}
      rows={props.results}
      rowKey={(r) => `${r.kind}:${r.name}`}
      exportName={props.exportName}
    />
  );
}

interface ReportHead {
  months: string[];
  horizon_days: number;
  rows: number;
}

/** What a backtest predicted and how often it happened: "… predicting churn within 90 days: 69 predictions, 5.8% churned". */
export function backtestSubtitle(report: ReportHead, predicting: string, rate: number | null, happened: string) {
  return `Trained on the month ends before each of ${report.months.length} month ends (${formatDate(report.months[0])} to ${formatDate(report.months.at(-1))}), predicting ${predicting} within ${report.horizon_days} days: ${report.rows.toLocaleString('en-US')} predictions, ${formatPercent(rate)} ${happened}`;
}

interface Scored {
  horizon_days: number;
  as_of: string;
  model: string;
  reasons: string[];
}

/** The account page's card of one model's score (none when the account is not scored): figures, then reasons. */
export function AccountModelCard<A, T extends Scored>(props: {
  loaded: Loaded<A>;
  scored: (answer: A) => T | null;
  title: string;
  testId: string;
  reasonsTestId: string;
  kpis: (scored: T) => ReactNode;
  after?: (scored: T) => ReactNode;
}) {
  return (
    <Loadable loaded={props.loaded} isEmpty={(d) => props.scored(d) === null} empty={null}>
      {(d) => {
        const s = props.scored(d);
        return s ? (
          <Card
            title={props.title}
            subtitle={`Within ${s.horizon_days} days of ${formatDate(s.as_of)}, by the ${s.model.replace(/_/g, ' ')} model`}
          >
            <div className="grid grid-kpi" data-testid={props.testId}>
              {props.kpis(s)}
            </div>
            {props.after?.(s)}
            {s.reasons.length > 0 ? (
              <ul className="small" data-testid={props.reasonsTestId}>
                {s.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            ) : null}
          </Card>
        ) : null;
      }}
    </Loadable>
  );
}
