// The account page's expansion propensity: the probability of expanding within the horizon, why, and the move to
// suggest with the MRR it would add.
import type { AccountExpansionAnswer } from '../../../src/contract/expansion.ts';
import { Kpi } from '../components/Card.tsx';
import { formatMoney, formatPercent } from '../lib/format.ts';
import { useApi } from '../lib/use-api.ts';
import { AccountModelCard } from './model-parts.tsx';

export function AccountExpansionPanel({ id }: { id: string }) {
  const loaded = useApi<AccountExpansionAnswer>(`/api/v1/expansion/accounts/${encodeURIComponent(id)}`);
  return (
    <AccountModelCard
      loaded={loaded}
      scored={(d) => d.propensity}
      title="Expansion"
      testId="account-expansion"
      reasonsTestId="expansion-reasons"
      kpis={(p) => (
        <>
          <Kpi
            label="Expansion propensity"
            value={formatPercent(p.probability)}
            explain="Probability of an expansion (more seats, a bigger plan) within the horizon, from a model trained on this company's own history (README, Expansion propensity)."
          />
          <Kpi
            label="Suggested move"
            value={formatMoney(p.expansion_mrr_minor, p.currency)}
            explain={`${p.suggested_move ?? 'No move to price'}: the MRR it would add.`}
          />
        </>
      )}
      after={(p) => <p className="small">{p.suggested_move ?? ''}</p>}
    />
  );
}
