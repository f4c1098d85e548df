-- Renewals from billing data: contracts derived from subscriptions billed yearly or longer, churn reasons per lost
-- renewal, the admin-edited list of exclusion reasons, and the renewal checkpoints already sent as webhooks.

-- A contract derived from billing (source 'billing') names the subscription it comes from.
ALTER TABLE contracts ADD COLUMN subscription_external_id text;
CREATE INDEX contracts_subscription_idx ON contracts (subscription_external_id);

-- Why a renewal was lost: set in the app, imported (CSV) or read from Stripe's cancellation_details.
CREATE TABLE contract_churn_reasons (
  contract_id text PRIMARY KEY REFERENCES contracts (contract_id) ON DELETE CASCADE,
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
  notes text,
  source text NOT NULL CHECK (source IN ('app', 'csv', 'stripe')),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The reasons a contract may be left out of the renewal rates with (contracts.exclusion_reason).
CREATE TABLE renewal_exclusion_reasons (
  reason text PRIMARY KEY CHECK (length(reason) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO renewal_exclusion_reasons (reason)
VALUES ('out of business'), ('bankrupt'), ('acquired'), ('billing migration'), ('duplicate contract');

-- Webhooks sent for renewals, once each: renewal.due at 180, 90 and 30 days before the due day (`days`), and
-- renewal.closed (`days` 0) when the renewal became renewed or churned.
CREATE TABLE renewal_checkpoints (
  contract_id text NOT NULL REFERENCES contracts (contract_id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('due', 'closed')),
  days integer NOT NULL,
  due_on date NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (contract_id, kind, days)
);
