-- Scoring initiatives against the strategy (server/src/domain/prioritisation/scoring.ts): a
-- region's scoring model, versioned like key results (append-only, the highest version is
-- current; a region without one scores by the default, version 0), the board members' own scores
-- and the scores the board agreed on. Criteria are keys into the model's criteria, not rows of
-- their own: a score outlives a revision of the model that renames its scale.
CREATE TABLE scoring_models (
  region_id   text NOT NULL REFERENCES organisations(id),
  version     integer NOT NULL CHECK (version >= 1),
  criteria    jsonb NOT NULL,
  hour_value  numeric NOT NULL CHECK (hour_value >= 0),
  note        text NOT NULL DEFAULT '',
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_id, version)
);

-- A board member's own score of an initiative on a scored criterion; only they overwrite it.
CREATE TABLE initiative_scores (
  initiative_id uuid NOT NULL REFERENCES initiatives(id),
  criterion     text NOT NULL,
  scorer        text NOT NULL,
  value         numeric NOT NULL,
  comment       text NOT NULL DEFAULT '',
  recorded_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (initiative_id, criterion, scorer)
);

-- The score the board agreed on; it counts instead of the mean of the individual scores.
CREATE TABLE agreed_scores (
  initiative_id uuid NOT NULL REFERENCES initiatives(id),
  criterion     text NOT NULL,
  value         numeric NOT NULL,
  note          text NOT NULL DEFAULT '',
  agreed_by     text NOT NULL,
  agreed_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (initiative_id, criterion)
);
