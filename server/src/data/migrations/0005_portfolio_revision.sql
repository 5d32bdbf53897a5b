-- The portfolio's revision: bumped once by every transaction that writes any portfolio table, so a
-- server can keep the portfolio board and the coverage matrix serialised and know, with one lookup,
-- whether they still hold (docs/decisions/0012). The bump runs at commit (a deferred trigger), after
-- every other lock the transaction takes, so waiting for it cannot close a deadlock cycle; a
-- transaction-local flag makes it one UPDATE per transaction however many rows it writes.
CREATE TABLE portfolio_revision (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  n  bigint NOT NULL DEFAULT 0
);
INSERT INTO portfolio_revision DEFAULT VALUES;

CREATE FUNCTION bump_portfolio_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('veivalg.portfolio_bumped', true), '') = '' THEN
    PERFORM set_config('veivalg.portfolio_bumped', 'yes', true);
    UPDATE portfolio_revision SET n = n + 1;
  END IF;
  RETURN NULL;
END $$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['needs', 'need_supporters', 'initiatives', 'initiative_links', 'initiative_participants', 'initiative_dependencies',
                           'gate_checklists', 'gate_decisions', 'initiative_costs', 'portfolio_budgets', 'status_reports', 'risks',
                           'ros_analyses', 'ros_reuses', 'adoptions', 'benefits', 'benefit_actuals', 'benefit_plan_revisions',
                           'key_result_computations']
  LOOP
    EXECUTE format('CREATE CONSTRAINT TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I DEFERRABLE INITIALLY DEFERRED
                    FOR EACH ROW EXECUTE FUNCTION bump_portfolio_revision()', t || '_revision', t);
  END LOOP;
END $$;
