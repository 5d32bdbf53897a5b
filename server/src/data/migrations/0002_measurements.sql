-- Measurements and assessments are append-only: a correction is a new row that supersedes the
-- current one in the same transaction. `superseded_at` is the maintained pointer to "current";
-- "as reported on D" is `recorded_at <= D AND (superseded_at IS NULL OR superseded_at > D)`.
-- Periods: `period` is the text (`2025-Q1`); `period_start` its first day, `period_end` the first day
-- after it; `grain` is month, quarter, tertial or year.

-- The version of a key result that applies to a period starting on `d`: the latest that took effect
-- on or before `d` (the later version when two took effect the same day), or the first version for
-- periods before any took effect.
CREATE FUNCTION key_result_version_at(kr uuid, d date) RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT id FROM key_result_versions
   WHERE key_result_id = kr
   ORDER BY (effective_from <= d) DESC,
            CASE WHEN effective_from <= d THEN effective_from END DESC,
            CASE WHEN effective_from <= d THEN version END DESC,
            effective_from, version
   LIMIT 1
$$;

-- No foreign keys on this fact table: per-row FK triggers made a million-row import eight times
-- slower (docs/decisions/0005). Its only writer, recordMeasurements, joins every row to its key
-- result version and organisation and refuses the batch if any is missing; organisations, key
-- results and their versions are never deleted (the triggers at the end of this file refuse it).
CREATE TABLE measurements (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key_result_id         uuid NOT NULL,
  key_result_version_id uuid NOT NULL,
  organisation_id       text NOT NULL,
  period                text NOT NULL,
  period_start          date NOT NULL,
  period_end            date NOT NULL,
  grain                 text NOT NULL,
  breakdown             jsonb NOT NULL DEFAULT '{}',
  breakdown_key         text NOT NULL DEFAULT '',
  value                 numeric,
  numerator             numeric,
  denominator           numeric CHECK (denominator IS NULL OR denominator > 0),
  source                text NOT NULL CHECK (source IN ('manual', 'import', 'api', 'computed', 'demo')),
  comment               text,
  recorded_by           text NOT NULL,
  recorded_at           timestamptz NOT NULL DEFAULT now(),
  superseded_at         timestamptz,
  batch_id              uuid,
  CHECK (value IS NOT NULL OR (numerator IS NOT NULL AND denominator IS NOT NULL))
);
CREATE UNIQUE INDEX measurements_current
  ON measurements (key_result_id, organisation_id, period, breakdown_key) WHERE superseded_at IS NULL;
CREATE INDEX measurements_history ON measurements (key_result_id, organisation_id, period_start);

-- Per key result, organisation and period: the current measurements summed over breakdown values,
-- kept in step with `measurements` in the writing transaction so status reads stay small.
CREATE TABLE measurement_totals (
  key_result_id   uuid NOT NULL,
  organisation_id text NOT NULL,
  period          text NOT NULL,
  period_start    date NOT NULL,
  period_end      date NOT NULL,
  grain           text NOT NULL,
  n               integer NOT NULL,
  sum_value       numeric,
  sum_numerator   numeric,
  sum_denominator numeric,
  PRIMARY KEY (key_result_id, organisation_id, period)
);
CREATE INDEX measurement_totals_period ON measurement_totals (key_result_id, period_start);

CREATE TABLE assessments (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  strategy_id     text NOT NULL REFERENCES strategies(id),
  key_result_id   uuid REFERENCES key_results(id),
  section_key     text,
  organisation_id text REFERENCES organisations(id),
  period          text NOT NULL,
  confidence      text NOT NULL CHECK (confidence IN ('on_track', 'at_risk', 'off_track')),
  done            text NOT NULL DEFAULT '',
  learned         text NOT NULL DEFAULT '',
  next            text NOT NULL DEFAULT '',
  recorded_by     text NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  superseded_at   timestamptz,
  CHECK ((key_result_id IS NULL) <> (section_key IS NULL))
);
CREATE UNIQUE INDEX assessments_current
  ON assessments (strategy_id, coalesce(key_result_id::text, ''), coalesce(section_key, ''), coalesce(organisation_id, ''), period)
  WHERE superseded_at IS NULL;

-- Responses to requests sent with an Idempotency-Key, so a retried batch is applied once.
CREATE TABLE idempotency_keys (
  key          text NOT NULL,
  scope        text NOT NULL,
  request_hash text NOT NULL,
  status       integer NOT NULL,
  body         jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);

-- What measurements refer to is never deleted: organisations and key results are retired, not removed.
CREATE FUNCTION refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are never deleted; measurements refer to them', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER organisations_no_delete BEFORE DELETE OR TRUNCATE ON organisations FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete();
CREATE TRIGGER key_results_no_delete BEFORE DELETE OR TRUNCATE ON key_results FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete();
CREATE TRIGGER key_result_versions_no_delete BEFORE DELETE OR TRUNCATE ON key_result_versions FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete();
