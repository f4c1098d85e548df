-- Term contracts, for renewals: each is a renewal due on its end day (`end_on`, exclusive, like subscription
-- periods). ARR is integer minor units of `currency`. A contract with an `exclusion_reason` is left out of the
-- renewal rates (e.g. the customer went out of business).
CREATE TABLE contracts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contract_id text NOT NULL UNIQUE,
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  start_on date NOT NULL,
  end_on date NOT NULL,
  arr_minor bigint NOT NULL CHECK (arr_minor >= 0),
  currency char(3) NOT NULL,
  auto_renew boolean NOT NULL DEFAULT false,
  notice_days integer CHECK (notice_days >= 0),
  exclusion_reason text,
  source text NOT NULL,
  row_hash text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (end_on > start_on)
);
CREATE INDEX contracts_account_idx ON contracts (account_id, start_on);
CREATE INDEX contracts_end_idx ON contracts (end_on);
