import { Alert, Button, Heading, Paragraph, Spinner } from "@digdir/designsystemet-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { Link as RouterLink, useParams } from "wouter";
import { ApiError, client, ok } from "../../api/client.js";
import { storeScenario, useScenario, type Scenario } from "../../api/scenarios.js";
import { useScoringSheet, type ScoringSheet } from "../../api/scoring.js";
import { ErrorState, Loading } from "../../components/States.js";
import { useCurrent } from "../../current.js";
import { formatDate } from "../../format.js";
import { useT } from "../../i18n/i18n.js";
import { useCan } from "../../session.js";
import { urls } from "../../urls.js";
import { PortfolioHead } from "../portfolio/shared.js";
import { AdoptForm, AdoptionSummary } from "./Adoption.js";
import { Frontier } from "./Frontier.js";
import { Result } from "./Result.js";
import { SettingsForm } from "./Settings.js";
import { scenarioMessages } from "./messages.js";
import "./scenarios.css";

/** One scenario: its settings, its solve with the explanation, its efficient frontier and its adoption. */
export default function ScenarioPage() {
  const t = useT(scenarioMessages);
  const { id } = useParams<{ id: string }>();
  const { region, strategyId, strategy } = useCurrent();
  const scenario = useScenario(id);
  const sheet = useScoringSheet(strategyId);
  const { can } = useCan();
  const govern = strategy !== undefined && can({ do: "portfolio.govern", organisation: strategy.owner });
  const decide = strategy !== undefined && can({ do: "portfolio.decide", organisation: strategy.owner });
  const [message, setMessage] = useState<{ text: string; tone: "success" | "danger" } | null>(null);
  const say = useCallback((text: string, tone: "success" | "danger" = "success") => setMessage({ text, tone }), []);
  const [dirty, setDirty] = useState(false);

  const s = scenario.data;
  return (
    <>
      <PortfolioHead title={s?.name ?? t("title")} intro={s?.description || t("intro")} view="scenarios" strategyTitle={strategy?.title}>
        <RouterLink href={urls.scenarios(region, strategyId)}>{t("back")}</RouterLink>
      </PortfolioHead>
      <div role="status">{message && <Alert data-color={message.tone}>{message.text}</Alert>}</div>
      {scenario.isPending || sheet.isPending ? (
        <Loading />
      ) : scenario.isError ? (
        <ErrorState error={scenario.error} />
      ) : sheet.isError ? (
        <ErrorState error={sheet.error} />
      ) : (
        <Body scenario={scenario.data} sheet={sheet.data} govern={govern} decide={decide} dirty={dirty} setDirty={setDirty} say={say} />
      )}
    </>
  );
}

function Body({
  scenario: s,
  sheet,
  govern,
  decide,
  dirty,
  setDirty,
  say,
}: {
  scenario: Scenario;
  sheet: ScoringSheet;
  govern: boolean;
  decide: boolean;
  dirty: boolean;
  setDirty: (d: boolean) => void;
  say: (text: string, tone?: "success" | "danger") => void;
}) {
  const t = useT(scenarioMessages);
  const adopted = s.adoption !== null;
  const solution = s.result?.solution;
  return (
    <div className="stack">
      <Paragraph data-size="sm" className="muted">
        {t("createdLine", { date: formatDate(s.createdAt), by: s.createdBy })}
      </Paragraph>
      {s.adoption && <AdoptionSummary scenario={s} adoption={s.adoption} />}
      {adopted && <Alert data-color="info">{t("readOnly")}</Alert>}
      {s.result && !s.current && !adopted && <Alert data-color="warning">{t("notCurrent")}</Alert>}
      <SettingsForm scenario={s} sheet={sheet} readOnly={!govern || adopted} onSaved={say} onDirty={setDirty} />
      <section aria-labelledby="result-heading" className="portfolio-section stack">
        <Heading level={2} data-size="sm" id="result-heading">
          {t("resultHeading")}
        </Heading>
        {govern && !adopted && <SolveButton scenario={s} dirty={dirty} say={say} />}
        {s.result && s.problem ? <Result scenario={s} problem={s.problem} solution={s.result.solution} explanation={s.result.explanation} /> : <Paragraph>{t("notSolvedYet")}</Paragraph>}
      </section>
      {s.result && <Frontier scenario={s} govern={govern && !adopted} onError={(text) => say(text, "danger")} />}
      {decide && !adopted && (solution && solution.status !== "infeasible" && s.current ? <AdoptForm scenario={s} onAdopted={say} /> : <Alert data-color="info">{t("adoptNeedsSolve")}</Alert>)}
    </div>
  );
}

/** Solves the saved settings on the server's worker pool; it takes seconds, so the page says it is working. */
function SolveButton({ scenario, dirty, say }: { scenario: Scenario; dirty: boolean; say: (text: string, tone?: "success" | "danger") => void }) {
  const t = useT(scenarioMessages);
  const queryClient = useQueryClient();
  const solve = useMutation({
    mutationFn: () => ok(client.POST("/api/v1/scenarios/{id}/solve", { params: { path: { id: scenario.id } } })),
    onSuccess: async (solved) => {
      await storeScenario(queryClient, solved);
      say(t("solvedNow"));
    },
    onError: (err) => say(t("failed", { message: err instanceof ApiError ? err.message : t("network") }), "danger"),
  });
  return (
    <div className="stack">
      {dirty && <Alert data-color="warning">{t("unsaved")}</Alert>}
      <div className="scenario-actions">
        <Button onClick={() => solve.mutate()} loading={solve.isPending} disabled={solve.isPending}>
          {scenario.result ? t("solveAgain") : t("solve")}
        </Button>
        <span role="status">
          {solve.isPending && (
            <>
              <Spinner aria-hidden="true" data-size="sm" /> {t("solving")}
            </>
          )}
        </span>
      </div>
    </div>
  );
}
