// An account's coverage tier on its page: the tier, whether a rule or an override set it, and the override's expiry.
import type { AccountTierListView } from '../../../src/contract/tiers.ts';
import { Badge, Card } from '../components/Card.tsx';
import { formatDate } from '../lib/format.ts';
import { useApi } from '../lib/use-api.ts';

export function AccountTierCard({ externalId }: { externalId: string }) {
  const loaded = useApi<AccountTierListView>(`/api/v1/tiers/accounts?account=${encodeURIComponent(externalId)}`);
  const row = loaded.data?.items[0];
  if (!row?.tier) return null;
  return (
    <Card title="Coverage tier">
      <div data-testid="account-tier">
        <Badge kind={row.tier}>{row.tierName ?? row.tier}</Badge>{' '}
        <span className="muted">
          {row.source === 'override'
            ? `set by hand until ${formatDate(row.overrideExpiresOn)}${row.overrideReason ? ` (${row.overrideReason})` : ''}`
            : 'by its tier rules'}
        </span>
      </div>
    </Card>
  );
}
