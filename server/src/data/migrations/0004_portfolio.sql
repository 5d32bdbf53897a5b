-- The initiative portfolio of a strategy: needs, initiatives with their links to the strategy,
-- stage gates, costs and budgets, status reports, risks and risk assessments (ROS), benefit plans.
-- A portfolio belongs to a strategy (its owner, usually a region, governs it); the strategy's own
-- "aktuelle strategiske initiativ" (sections of kind `initiative`) are its starting themes.
-- Money is whole kroner (bigint); effort of the shared IT provider is in person-years.

-- Needs and ideas, registered by any trust or the shared IT provider.
CREATE TABLE needs (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  strategy_id     text NOT NULL REFERENCES strategies(id),
  organisation_id text NOT NULL REFERENCES organisations(id),
  title           text NOT NULL,
  problem         text NOT NULL,
  who_has_it      text NOT NULL DEFAULT '',
  size            text NOT NULL CHECK (size IN ('small', 'medium', 'large', 'very_large')),
  theme_key       text,
  section_keys    text[] NOT NULL DEFAULT '{}',
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'merged', 'converted', 'declined')),
  merged_into     uuid REFERENCES needs(id),
  initiative_id   uuid,
  version         integer NOT NULL DEFAULT 1,
  submitted_by    text NOT NULL,
  submitted_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'merged') = (merged_into IS NOT NULL)),
  CHECK ((status = 'converted') = (initiative_id IS NOT NULL))
);
CREATE INDEX needs_strategy ON needs (strategy_id, status);

-- "We have this too": other organisations supporting a need.
CREATE TABLE need_supporters (
  need_id         uuid NOT NULL REFERENCES needs(id),
  organisation_id text NOT NULL REFERENCES organisations(id),
  note            text NOT NULL DEFAULT '',
  recorded_by     text NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (need_id, organisation_id)
);

CREATE TABLE initiatives (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  strategy_id          text NOT NULL REFERENCES strategies(id),
  -- A short human reference, unique in the portfolio (`HSØ-2025-014`).
  code                 text NOT NULL,
  title                text NOT NULL,
  description          text NOT NULL DEFAULT '',
  organisation_id      text NOT NULL REFERENCES organisations(id),
  sponsor              text NOT NULL DEFAULT '',
  owner_name           text NOT NULL DEFAULT '',
  kind                 text NOT NULL CHECK (kind IN ('regional_project', 'local_solution', 'procurement', 'operations_improvement', 'service_design', 'development', 'other')),
  tags                 text[] NOT NULL DEFAULT '{}',
  theme_key            text,
  funding_source       text NOT NULL DEFAULT '',
  phase                text NOT NULL DEFAULT 'idea' CHECK (phase IN ('idea', 'concept', 'planning', 'execution', 'closing', 'realisation', 'completed', 'rejected', 'paused')),
  -- While paused: the phase to resume.
  paused_phase         text,
  planned_start        date,
  planned_end          date,
  report_frequency     text NOT NULL DEFAULT 'month' CHECK (report_frequency IN ('month', 'quarter', 'tertial')),
  version              integer NOT NULL DEFAULT 1,
  created_by           text NOT NULL,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  UNIQUE (strategy_id, code),
  CHECK (planned_end IS NULL OR planned_start IS NULL OR planned_end >= planned_start),
  CHECK ((phase = 'paused') = (paused_phase IS NOT NULL))
);
CREATE INDEX initiatives_strategy ON initiatives (strategy_id, phase);
CREATE INDEX initiatives_organisation ON initiatives (organisation_id);
ALTER TABLE needs ADD FOREIGN KEY (initiative_id) REFERENCES initiatives(id);

-- Every saved state of an initiative's own fields (and its links, participants, dependencies):
-- the initiative page's history. Version 1 is the registration.
CREATE TABLE initiative_versions (
  initiative_id uuid NOT NULL REFERENCES initiatives(id),
  version       integer NOT NULL,
  snapshot      jsonb NOT NULL,
  reason        text NOT NULL DEFAULT '',
  recorded_by   text NOT NULL,
  recorded_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (initiative_id, version)
);

-- What an initiative is expected to contribute to: a focus area (section) and optionally one of
-- its key results, with direction and size.
CREATE TABLE initiative_links (
  initiative_id  uuid NOT NULL REFERENCES initiatives(id),
  section_key    text NOT NULL,
  key_result_id  uuid REFERENCES key_results(id),
  direction      text NOT NULL DEFAULT 'positive' CHECK (direction IN ('positive', 'negative')),
  size           text NOT NULL DEFAULT 'medium' CHECK (size IN ('small', 'medium', 'large')),
  note           text NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX initiative_links_unique ON initiative_links (initiative_id, section_key, coalesce(key_result_id::text, ''));
CREATE INDEX initiative_links_kr ON initiative_links (key_result_id);

CREATE TABLE initiative_participants (
  initiative_id   uuid NOT NULL REFERENCES initiatives(id),
  organisation_id text NOT NULL REFERENCES organisations(id),
  PRIMARY KEY (initiative_id, organisation_id)
);

CREATE TABLE initiative_dependencies (
  initiative_id uuid NOT NULL REFERENCES initiatives(id),
  depends_on    uuid NOT NULL REFERENCES initiatives(id),
  PRIMARY KEY (initiative_id, depends_on),
  CHECK (initiative_id <> depends_on)
);

-- A gate's checklist per region (the organisation owning the strategy) and phase: what must be in
-- place before an initiative leaves the phase.
CREATE TABLE gate_checklists (
  region_id   text NOT NULL REFERENCES organisations(id),
  phase       text NOT NULL CHECK (phase IN ('idea', 'concept', 'planning', 'execution', 'closing', 'realisation')),
  items       jsonb NOT NULL DEFAULT '[]',
  version     integer NOT NULL DEFAULT 1,
  updated_by  text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_id, phase)
);

-- Decisions at decision points: passing a gate, rejecting, pausing, resuming. Append-only.
CREATE TABLE gate_decisions (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  initiative_id  uuid NOT NULL REFERENCES initiatives(id),
  gate           text NOT NULL,
  from_phase     text NOT NULL,
  to_phase       text NOT NULL,
  outcome        text NOT NULL CHECK (outcome IN ('approved', 'rejected', 'paused', 'resumed')),
  body           text NOT NULL,
  meeting_date   date NOT NULL,
  decision       text NOT NULL,
  conditions     text NOT NULL DEFAULT '',
  documents      jsonb NOT NULL DEFAULT '[]',
  checklist      jsonb NOT NULL DEFAULT '[]',
  recorded_by    text NOT NULL,
  recorded_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX gate_decisions_initiative ON gate_decisions (initiative_id, meeting_date);
CREATE INDEX gate_decisions_date ON gate_decisions (meeting_date);

-- Per initiative and year: investment and operating cost, estimated and actual, and the shared IT
-- provider's effort. One row per year; a change replaces the row (the version column guards it).
CREATE TABLE initiative_costs (
  initiative_id         uuid NOT NULL REFERENCES initiatives(id),
  year                  integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  investment_estimate   bigint NOT NULL DEFAULT 0 CHECK (investment_estimate >= 0),
  investment_actual     bigint CHECK (investment_actual >= 0),
  operating_estimate    bigint NOT NULL DEFAULT 0 CHECK (operating_estimate >= 0),
  operating_actual      bigint CHECK (operating_actual >= 0),
  provider_person_years numeric NOT NULL DEFAULT 0 CHECK (provider_person_years >= 0),
  updated_by            text NOT NULL,
  updated_at            timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (initiative_id, year)
);

-- The portfolio's budget per year and funding source.
CREATE TABLE portfolio_budgets (
  strategy_id           text NOT NULL REFERENCES strategies(id),
  year                  integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  funding_source        text NOT NULL,
  investment            bigint NOT NULL DEFAULT 0 CHECK (investment >= 0),
  operating             bigint NOT NULL DEFAULT 0 CHECK (operating >= 0),
  provider_person_years numeric NOT NULL DEFAULT 0 CHECK (provider_person_years >= 0),
  updated_by            text NOT NULL,
  updated_at            timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (strategy_id, year, funding_source)
);

-- Status reports: RAG per dimension for a period. Append-only like measurements: a correction
-- supersedes the current report for the period.
CREATE TABLE status_reports (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  initiative_id  uuid NOT NULL REFERENCES initiatives(id),
  period         text NOT NULL,
  period_start   date NOT NULL,
  overall        text NOT NULL CHECK (overall IN ('green', 'amber', 'red')),
  scope          text NOT NULL CHECK (scope IN ('green', 'amber', 'red')),
  schedule       text NOT NULL CHECK (schedule IN ('green', 'amber', 'red')),
  cost           text NOT NULL CHECK (cost IN ('green', 'amber', 'red')),
  benefits       text NOT NULL CHECK (benefits IN ('green', 'amber', 'red')),
  narrative      text NOT NULL DEFAULT '',
  top_risks      text NOT NULL DEFAULT '',
  recorded_by    text NOT NULL,
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  superseded_at  timestamptz
);
CREATE UNIQUE INDEX status_reports_current ON status_reports (initiative_id, period) WHERE superseded_at IS NULL;
CREATE INDEX status_reports_latest ON status_reports (initiative_id, period_start DESC) WHERE superseded_at IS NULL;
-- The history (corrections included) of one initiative's reports.
CREATE INDEX status_reports_initiative ON status_reports (initiative_id);

CREATE TABLE risks (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  initiative_id  uuid NOT NULL REFERENCES initiatives(id),
  title          text NOT NULL,
  description    text NOT NULL DEFAULT '',
  likelihood     integer NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
  consequence    integer NOT NULL CHECK (consequence BETWEEN 1 AND 5),
  owner_name     text NOT NULL DEFAULT '',
  mitigation     text NOT NULL DEFAULT '',
  status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  version        integer NOT NULL DEFAULT 1,
  recorded_by    text NOT NULL,
  recorded_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX risks_initiative ON risks (initiative_id);

-- Risk and vulnerability analyses (ROS-analyser): made by one initiative, reused by others.
CREATE TABLE ros_analyses (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  initiative_id  uuid NOT NULL REFERENCES initiatives(id),
  title          text NOT NULL,
  performed_on   date NOT NULL,
  conclusion     text NOT NULL DEFAULT '',
  document       text NOT NULL DEFAULT '',
  recorded_by    text NOT NULL,
  recorded_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ros_analyses_initiative ON ros_analyses (initiative_id);

CREATE TABLE ros_reuses (
  ros_id         uuid NOT NULL REFERENCES ros_analyses(id),
  initiative_id  uuid NOT NULL REFERENCES initiatives(id),
  reused_on      date NOT NULL,
  recorded_by    text NOT NULL,
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ros_id, initiative_id)
);

-- Local solutions taken into use by other trusts.
CREATE TABLE adoptions (
  initiative_id   uuid NOT NULL REFERENCES initiatives(id),
  organisation_id text NOT NULL REFERENCES organisations(id),
  adopted_on      date NOT NULL,
  note            text NOT NULL DEFAULT '',
  recorded_by     text NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (initiative_id, organisation_id)
);

-- The benefit plan (gevinstrealiseringsplan) after DFØ: change → benefit → indicator → measurement.
-- The indicator is one of the strategy's key results or the benefit's own (indicator + unit).
CREATE TABLE benefits (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  initiative_id    uuid NOT NULL REFERENCES initiatives(id),
  change           text NOT NULL DEFAULT '',
  title            text NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('efficiency', 'quality', 'other_actors')),
  priced           boolean NOT NULL DEFAULT false,
  responsible      text NOT NULL DEFAULT '',
  organisation_id  text REFERENCES organisations(id),
  key_result_id    uuid REFERENCES key_results(id),
  indicator        text NOT NULL DEFAULT '',
  unit             text NOT NULL DEFAULT '',
  baseline         numeric,
  baseline_date    date,
  target           numeric,
  -- Yearly value when realised: kroner (priced benefits) and staff hours freed.
  value_nok        bigint CHECK (value_nok >= 0),
  hours_freed      numeric CHECK (hours_freed >= 0),
  realise_by       date,
  version          integer NOT NULL DEFAULT 1,
  retired_at       timestamptz,
  recorded_by      text NOT NULL,
  recorded_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX benefits_initiative ON benefits (initiative_id);

-- Actual benefit realised, per period: the indicator's value and the yearly-rate kroner and hours
-- achieved. Append-only; a correction supersedes.
CREATE TABLE benefit_actuals (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  benefit_id     uuid NOT NULL REFERENCES benefits(id),
  period         text NOT NULL,
  period_start   date NOT NULL,
  value          numeric,
  value_nok      bigint,
  hours_freed    numeric,
  comment        text NOT NULL DEFAULT '',
  recorded_by    text NOT NULL,
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  superseded_at  timestamptz,
  CHECK (value IS NOT NULL OR value_nok IS NOT NULL OR hours_freed IS NOT NULL)
);
CREATE UNIQUE INDEX benefit_actuals_current ON benefit_actuals (benefit_id, period) WHERE superseded_at IS NULL;
CREATE INDEX benefit_actuals_benefit ON benefit_actuals (benefit_id);

-- The benefit plan as it stood at each phase end (revised at every gate).
CREATE TABLE benefit_plan_revisions (
  initiative_id uuid NOT NULL REFERENCES initiatives(id),
  revision      integer NOT NULL,
  phase         text NOT NULL,
  decision_id   uuid REFERENCES gate_decisions(id),
  snapshot      jsonb NOT NULL,
  recorded_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (initiative_id, revision)
);

-- A key result measured by the portfolio itself: its measurements are computed by a named query
-- (server/src/domain/portfolio/computed.ts) and kept current in every transaction that changes
-- what the query counts.
CREATE TABLE key_result_computations (
  key_result_id  uuid PRIMARY KEY REFERENCES key_results(id),
  query          text NOT NULL,
  params         jsonb NOT NULL DEFAULT '{}',
  bound_by       text NOT NULL,
  bound_at       timestamptz NOT NULL DEFAULT now()
);
