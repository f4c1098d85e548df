// The account page's churn risk: the probability of churning and of contracting within the horizon, and why.
import type { AccountRiskAnswer } from '../../../src/contract/churn.ts';
import { Card, Kpi } from '../components/Card.tsx';
import { Loadable } from '../components/States.tsx';
import { formatDate, formatPercent } from '../lib/format.ts';
import { useApi } from '../lib/use-api.ts';

export function AccountRiskPanel({ id }: { id: string }) {
  const loaded = useApi<AccountRiskAnswer>(`/api/v1/accounts/${encodeURIComponent(id)}/risk`);
  return (
    <Loadable loaded={loaded} isEmpty={(d) => d.risk === null} empty={null}>
      {({ risk }) =>
        risk ? (
          <Card
            title="Churn risk"
            subtitle={`Within ${risk.horizon_days} days of ${formatDate(risk.as_of)}, by the ${risk.model.replace(/_/g, ' ')} model`}
          >
            <div className="grid grid-kpi" data-testid="account-risk">
              <Kpi
                label="Churn risk"
                value={formatPercent(risk.churn_probability)}
                tone={risk.churn_probability >= 0.2 ? 'bad' : undefined}
                explain="Probability that MRR falls to 0 within the horizon, from a model trained on this company's own history (README, Churn model)."
              />
              <Kpi
                label="Contraction risk"
                value={formatPercent(risk.contraction_probability)}
                explain="Probability that MRR falls but stays above 0 within the horizon."
              />
            </div>
            {risk.reasons.length > 0 ? (
              <ul className="small" data-testid="risk-reasons">
                {risk.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            ) : null}
          </Card>
        ) : null
      }
    </Loadable>
  );
}
