-- What Stripe subscriptions carry that 0001 has no place for.
-- A discount may apply to one subscription item only (Stripe item-level discounts); NULL means the whole subscription.
ALTER TABLE subscription_discounts ADD COLUMN subscription_item_external_id text;

-- Metered (usage-based) items bill for reported usage after the fact: their price is per unit of usage, so
-- quantity x unit amount is not a recurring amount and they add nothing to MRR.
ALTER TABLE subscription_items ADD COLUMN metered boolean NOT NULL DEFAULT false;
