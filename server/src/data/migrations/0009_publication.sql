-- What an organisation that owns strategies publishes beyond them (docs/decisions/0015-publication-policy.md):
-- by default nothing of its portfolio; with this set, the portfolio summary of its published strategies
-- (each initiative's title, focus areas, phase and planned period) is readable by anyone.
ALTER TABLE organisations ADD COLUMN publishes_portfolio_summary boolean NOT NULL DEFAULT false;
