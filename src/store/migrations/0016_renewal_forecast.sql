-- Renewal forecast: the category an owner sets per renewal (append-only, so the category in force on any past
-- day is known), and the forecast of each renewal taken 90 and 30 days before its due day (for accuracy).
CREATE TABLE renewal_forecast_categories (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contract_id text NOT NULL REFERENCES contracts (contract_id) ON DELETE CASCADE,
  -- null: the owner cleared the category and the proposal from signals applies again.
  category text CHECK (category IN ('commit', 'likely', 'at_risk', 'lost')),
  note text,
  set_by_kind text NOT NULL,
  set_by_id text,
  set_by_label text NOT NULL,
  set_at timestamptz NOT NULL
);
CREATE INDEX renewal_forecast_categories_contract_idx ON renewal_forecast_categories (contract_id, set_at, id);

-- One row per renewal and horizon: what the forecast said `horizon_days` before the due day. `method` is 'daily'
-- when the daily job took it on that day, 'recomputed' when it was rebuilt later from the contracts known then.
CREATE TABLE renewal_forecast_snapshots (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  contract_id text NOT NULL REFERENCES contracts (contract_id) ON DELETE CASCADE,
  horizon_days integer NOT NULL CHECK (horizon_days IN (90, 30)),
  as_of date NOT NULL,
  due_on date NOT NULL,
  category text NOT NULL CHECK (category IN ('commit', 'likely', 'at_risk', 'lost')),
  category_source text NOT NULL CHECK (category_source IN ('owner', 'proposed', 'decided')),
  currency char(3) NOT NULL,
  due_arr_minor bigint NOT NULL,
  probability double precision NOT NULL,
  low_minor bigint NOT NULL,
  expected_minor bigint NOT NULL,
  high_minor bigint NOT NULL,
  method text NOT NULL CHECK (method IN ('daily', 'recomputed')),
  taken_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (contract_id, horizon_days)
);
CREATE INDEX renewal_forecast_snapshots_due_idx ON renewal_forecast_snapshots (due_on);
