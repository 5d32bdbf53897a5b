-- Key results computed from FHIR data (docs/indicators): the runs that computed them and the
-- definitions they are bound to. Only aggregates are stored; no FHIR resource is.

-- One computation of a strategy's FHIR-bound key results from one FHIR export. It records what it
-- read (each file's name, type, size, SHA-256 and resource count), which definition versions it
-- ran, and what it wrote, so every computed measurement (measurements.batch_id = run id) can be
-- traced to the data and the definition it came from.
CREATE TABLE fhir_runs (
  id              uuid PRIMARY KEY,
  strategy_id     text NOT NULL REFERENCES strategies(id),
  source          text NOT NULL,
  status          text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  step            text,
  done            integer NOT NULL DEFAULT 0,
  total           integer NOT NULL DEFAULT 0,
  inputs          jsonb NOT NULL DEFAULT '[]',
  definitions     jsonb NOT NULL DEFAULT '[]',
  views           jsonb NOT NULL DEFAULT '[]',
  result_rows     integer,
  unmapped_rows   integer,
  recorded        integer,
  superseded      integer,
  errors          jsonb NOT NULL DEFAULT '[]',
  requested_by    text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  started_at      timestamptz,
  finished_at     timestamptz
);
CREATE INDEX fhir_runs_strategy ON fhir_runs (strategy_id, created_at DESC);
-- One run per strategy at a time.
CREATE UNIQUE INDEX fhir_runs_active ON fhir_runs (strategy_id) WHERE status IN ('queued', 'running');

-- The definition a key result is computed by (the latest run's), and whether its counts are of
-- persons or events, which are shown as "< threshold" when small to those without the right to
-- see small numbers.
CREATE TABLE key_result_fhir_bindings (
  key_result_id         uuid PRIMARY KEY REFERENCES key_results(id),
  definition_version    integer NOT NULL,
  definition_hash       text NOT NULL,
  counts_are            text NOT NULL CHECK (counts_are IN ('persons', 'events', 'types')),
  suppress_small_counts boolean NOT NULL,
  run_id                uuid NOT NULL REFERENCES fhir_runs(id)
);

-- Analysts see small numbers and run computations.
ALTER TABLE role_grants DROP CONSTRAINT role_grants_role_check;
ALTER TABLE role_grants ADD CONSTRAINT role_grants_role_check
  CHECK (role IN ('admin', 'strategy_editor', 'board_member', 'reporter', 'initiative_owner', 'reader', 'analyst'));
ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_role_check;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_role_check
  CHECK (role IN ('admin', 'strategy_editor', 'board_member', 'reporter', 'initiative_owner', 'reader', 'analyst'));
