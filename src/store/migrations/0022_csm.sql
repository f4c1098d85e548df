-- Expansion targets per CSM and quarter (set in the app or imported with `tenure targets import`): the expansion
-- MRR the owner is asked to bring in that quarter, in minor units of the reporting currency.
CREATE TABLE csm_targets (
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  quarter text NOT NULL CHECK (quarter ~ '^[0-9]{4}-Q[1-4]$'),
  expansion_target_minor bigint NOT NULL CHECK (expansion_target_minor >= 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, quarter)
);
