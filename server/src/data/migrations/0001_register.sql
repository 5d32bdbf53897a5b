-- Organisations, strategies with versions, sections, alignment, key results with versions.

CREATE TABLE organisations (
  id          text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]*$'),
  parent_id   text REFERENCES organisations(id),
  kind        text NOT NULL CHECK (kind IN ('national', 'rhf', 'hf', 'shared_service', 'unit')),
  name        text NOT NULL,
  short_name  text NOT NULL,
  identifiers jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (short_name)
);
CREATE INDEX organisations_parent ON organisations (parent_id);

-- A strategy's identity; its content lives in versions.
CREATE TABLE strategies (
  id              text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]*$'),
  owner_id        text NOT NULL REFERENCES organisations(id),
  parent_id       text REFERENCES strategies(id),
  kind            text NOT NULL CHECK (kind IN ('national_strategy', 'development_plan', 'sub_strategy', 'local_plan')),
  published       boolean NOT NULL DEFAULT false,
  current_version integer NOT NULL DEFAULT 1,
  -- Bumped by every write that can change what the strategy's status shows; readers use it to
  -- know whether a status they computed earlier still holds.
  data_revision   bigint NOT NULL DEFAULT 0,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX strategies_owner ON strategies (owner_id);

CREATE TABLE strategy_versions (
  strategy_id    text NOT NULL REFERENCES strategies(id),
  version        integer NOT NULL CHECK (version > 0),
  title          text NOT NULL,
  language       text NOT NULL CHECK (language IN ('nb', 'nn', 'en')),
  period_from    text NOT NULL,
  period_to      text,
  status         text NOT NULL CHECK (status IN ('draft', 'adopted', 'archived')),
  adopted_on     date,
  reference      text,
  source         text,
  summary        text,
  effective_from date NOT NULL,
  reason         text NOT NULL,
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (strategy_id, version)
);

-- Sections are copied per strategy version; `key` identifies the same section across versions.
CREATE TABLE sections (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  strategy_id      text NOT NULL,
  strategy_version integer NOT NULL,
  key              text NOT NULL,
  parent_key       text,
  kind             text NOT NULL,
  code             text,
  position         integer NOT NULL,
  title            text NOT NULL,
  objective        text,
  description      text,
  FOREIGN KEY (strategy_id, strategy_version) REFERENCES strategy_versions(strategy_id, version),
  UNIQUE (strategy_id, strategy_version, key)
);

-- Alignment: a section (usually an objective) serves a section of another plan. Addressed by
-- stable keys so a link survives revisions of either strategy.
CREATE TABLE alignments (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  from_strategy_id   text NOT NULL REFERENCES strategies(id),
  from_section_key   text NOT NULL,
  to_strategy_id     text NOT NULL REFERENCES strategies(id),
  to_section_key     text NOT NULL,
  note               text,
  created_by         text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (from_strategy_id, from_section_key, to_strategy_id, to_section_key),
  CHECK (from_strategy_id <> to_strategy_id)
);
CREATE INDEX alignments_to ON alignments (to_strategy_id, to_section_key);

-- A key result's identity. Its definition, unit and targets live in effective-dated versions.
CREATE TABLE key_results (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  strategy_id     text NOT NULL REFERENCES strategies(id),
  section_key     text NOT NULL,
  code            text NOT NULL,
  parent_code     text,
  position        integer NOT NULL,
  current_version integer NOT NULL DEFAULT 1,
  retired_from    date,
  UNIQUE (strategy_id, code)
);

CREATE TABLE key_result_versions (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  key_result_id  uuid NOT NULL REFERENCES key_results(id),
  version        integer NOT NULL CHECK (version > 0),
  effective_from date NOT NULL,
  title          text NOT NULL,
  definition     text NOT NULL,
  unit           text NOT NULL,
  direction      text NOT NULL CHECK (direction IN ('increase', 'decrease', 'maintain')),
  aggregation    text NOT NULL CHECK (aggregation IN ('sum', 'ratio', 'mean', 'latest')),
  frequency      text NOT NULL CHECK (frequency IN ('month', 'quarter', 'tertial', 'year')),
  dimensions     jsonb NOT NULL DEFAULT '[]',
  baseline       jsonb,
  tolerance      numeric NOT NULL DEFAULT 0.1 CHECK (tolerance >= 0),
  owner          text,
  reason         text NOT NULL,
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (key_result_id, version)
);

CREATE TABLE key_result_targets (
  key_result_version_id uuid NOT NULL REFERENCES key_result_versions(id),
  period                text NOT NULL,
  organisation_id       text REFERENCES organisations(id),
  value                 numeric NOT NULL
);
CREATE UNIQUE INDEX key_result_targets_unique
  ON key_result_targets (key_result_version_id, period, coalesce(organisation_id, ''));
