-- Scenarios of the prioritisation (server/src/domain/prioritisation/scenario.ts): the board's
-- named settings, and the last solve kept with the very problem it solved, so that a result can be
-- reproduced and checked later even after the portfolio has moved on. A scenario is adopted once,
-- by a recorded decision; the gate decisions it made point back to it.
CREATE TABLE scenarios (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  strategy_id     text NOT NULL REFERENCES strategies(id),
  name            text NOT NULL,
  description     text NOT NULL DEFAULT '',
  settings        jsonb NOT NULL,
  version         integer NOT NULL DEFAULT 1,
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  problem         jsonb,
  result          jsonb,
  solved_version  integer,
  solved_by       text,
  solved_at       timestamptz,
  frontier        jsonb,
  frontier_at     timestamptz,
  adoption        jsonb,
  adopted_at      timestamptz,
  UNIQUE (strategy_id, name),
  CHECK ((problem IS NULL) = (result IS NULL))
);
CREATE INDEX scenarios_strategy ON scenarios (strategy_id, created_at);

ALTER TABLE gate_decisions ADD COLUMN scenario_id uuid REFERENCES scenarios(id);
