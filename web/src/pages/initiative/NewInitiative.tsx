import { Button, Heading, Link, Paragraph } from "@digdir/designsystemet-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link as RouterLink, useLocation } from "wouter";
import { client, ok } from "../../api/client.js";
import { useStrategies } from "../../api/queries.js";
import { refreshPortfolio } from "../../api/portfolio.js";
import { FormErrors, useFormProblems } from "../../components/FormErrors.js";
import { Loading } from "../../components/States.js";
import { useCurrent, usePageTitle } from "../../current.js";
import { useT } from "../../i18n/i18n.js";
import { Guarded } from "../../session.js";
import NotFound from "../NotFound.js";
import { urls } from "../../urls.js";
import "./initiative.css";
import { EMPTY_INITIATIVE, initiativeBody, InitiativeFields, useCheckInitiative, useInitiativeServerProblems, type InitiativeValues } from "./InitiativeForm.js";
import { initiativeMessages } from "./messages.js";
import { SaveMessage, useSaveOutcome } from "./shared.js";

/** Registering an initiative straight into the portfolio (for those who govern it); it starts in the idea phase. */
export default function NewInitiative() {
  const { strategy } = useCurrent();
  const strategies = useStrategies();
  if (strategies.isPending) return <Loading />;
  if (!strategy) return <NotFound />;
  return (
    <Guarded action={{ do: "portfolio.govern", organisation: strategy.owner }}>
      <NewInitiativeForm owner={strategy.owner} />
    </Guarded>
  );
}

function NewInitiativeForm({ owner }: { owner: string }) {
  const t = useT(initiativeMessages);
  const { region, strategyId, strategy } = useCurrent();
  const [, navigate] = useLocation();
  const queryClient = useQueryClient();
  usePageTitle(strategy ? `${t("newTitle")}: ${strategy.title}` : t("newTitle"));
  const [values, setValues] = useState<InitiativeValues>(EMPTY_INITIATIVE);
  const { problems, attempt, show } = useFormProblems();
  const { outcome, setOutcome, failed } = useSaveOutcome();
  const check = useCheckInitiative("ini-new");
  const fromServer = useInitiativeServerProblems("ini-new");

  const create = useMutation({
    mutationFn: () => ok(client.POST("/api/v1/initiatives", { body: { strategy: strategyId, ...initiativeBody(values) } })),
    onSuccess: async (created) => {
      await refreshPortfolio(queryClient, strategyId);
      navigate(urls.initiative(region, strategyId, created.id));
    },
    onError: (err) => show(failed(err, { guarded: false, fieldProblems: (e) => fromServer(e, values) })),
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (create.isPending) return;
    setOutcome(null);
    if (show(check(values))) create.mutate();
  }

  return (
    <div className="ini-page ini-new">
      <div>
        <Heading level={1} data-size="lg">
          {t("newTitle")}
        </Heading>
        <Paragraph className="muted">{t("newIntro")}</Paragraph>
        <Paragraph data-size="sm">
          <Link asChild>
            <RouterLink href={urls.needs(region, strategyId)}>{t("newFromNeed")}</RouterLink>
          </Link>
        </Paragraph>
      </div>
      <form onSubmit={submit} noValidate className="stack" aria-labelledby="ini-new-form">
        <Heading level={2} data-size="sm" id="ini-new-form" className="visually-hidden">
          {t("newTitle")}
        </Heading>
        <FormErrors heading={t("formErrors")} problems={problems} attempt={attempt} />
        <InitiativeFields prefix="ini-new" strategyId={strategyId} owner={owner} values={values} onChange={setValues} problems={problems} />
        <SaveMessage outcome={outcome} onReload={() => setOutcome(null)} />
        <div className="ini-actions">
          <Button type="submit" loading={create.isPending}>
            {t("register")}
          </Button>
          <Button asChild variant="tertiary">
            <RouterLink href={urls.portfolio(region, strategyId)}>{t("cancel")}</RouterLink>
          </Button>
        </div>
      </form>
    </div>
  );
}
