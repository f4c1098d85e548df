// The account page's expansion propensity: the probability of expanding within the horizon, why, and the move to
// suggest with the MRR it would add.
import type { AccountExpansionAnswer } from '../../../src/contract/expansion.ts';
import { Card, Kpi } from '../components/Card.tsx';
import { Loadable } from '../components/States.tsx';
import { formatDate, formatMoney, formatPercent } from '../lib/format.ts';
import { useApi } from '../lib/use-api.ts';

export function AccountExpansionPanel({ id }: { id: string }) {
  const loaded = useApi<AccountExpansionAnswer>(`/api/v1/expansion/accounts/${encodeURIComponent(id)}`);
  return (
    <Loadable loaded={loaded} isEmpty={(d) => d.propensity === null} empty={null}>
      {({ propensity: p }) =>
        p ? (
          <Card
            title="Expansion"
            subtitle={`Within ${p.horizon_days} days of ${formatDate(p.as_of)}, by the ${p.model.replace(/_/g, ' ')} model`}
          >
            <div className="grid grid-kpi" data-testid="account-expansion">
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
            </div>
            <p className="small">{p.suggested_move ?? ''}</p>
            {p.reasons.length > 0 ? (
              <ul className="small" data-testid="expansion-reasons">
                {p.reasons.map((r) => (
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
