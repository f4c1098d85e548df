// The account page's churn risk: the probability of churning and of contracting within the horizon, and why.
import type { AccountRiskAnswer } from '../../../src/contract/churn.ts';
import { Kpi } from '../components/Card.tsx';
import { formatPercent } from '../lib/format.ts';
import { useApi } from '../lib/use-api.ts';
import { AccountModelCard } from './model-parts.tsx';

export function AccountRiskPanel({ id }: { id: string }) {
  const loaded = useApi<AccountRiskAnswer>(`/api/v1/accounts/${encodeURIComponent(id)}/risk`);
  return (
    <AccountModelCard
      loaded={loaded}
      scored={(d) => d.risk}
      title="Churn risk"
      testId="account-risk"
      reasonsTestId="risk-reasons"
      kpis={(risk) => (
        <>
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
        </>
      )}
    />
  );
}
