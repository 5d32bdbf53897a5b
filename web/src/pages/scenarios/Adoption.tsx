import { Button, Checkbox, Heading, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ApiError, client, ok } from "../../api/client.js";
import { refreshPortfolio } from "../../api/portfolio.js";
import { ifMatch, scenarioKeys, storeScenario, type Scenario } from "../../api/scenarios.js";
import { DataTable } from "../../components/DataTable.js";
import { CardForm, problemAt, useFormProblems, type FieldProblem } from "../../components/FormErrors.js";
import { useCurrent } from "../../current.js";
import { formatDate } from "../../format.js";
import { useT } from "../../i18n/i18n.js";
import { serverProblems } from "../admin/shared.js";
import { usePortfolioLabels } from "../portfolio/labels.js";
import { InitiativeLink } from "../portfolio/shared.js";
import { scenarioMessages } from "./messages.js";
import { useScenarioWords } from "./words.js";

type Adopted = NonNullable<Scenario["adoption"]>;

/** The board's decision that adopted the scenario, and the initiatives it moved on. */
export function AdoptionSummary({ scenario, adoption }: { scenario: Scenario; adoption: Adopted }) {
  const t = useT(scenarioMessages);
  const labels = usePortfolioLabels();
  const words = useScenarioWords(scenario.problem);
  const initiative = (id: string) => scenario.problem?.initiatives.find((i) => i.id === id);
  return (
    <section aria-labelledby="adoption-heading" className="portfolio-section stack scenario-adoption">
      <Heading level={2} data-size="sm" id="adoption-heading">
        {t("adoptionHeading")}
      </Heading>
      <Paragraph>{t("adoptionLine", { body: adoption.body, date: formatDate(adoption.meetingDate) })}</Paragraph>
      <dl className="scenario-facts">
        <div>
          <dt>{t("decision")}</dt>
          <dd className="pre-line">{adoption.decision}</dd>
        </div>
        {adoption.conditions && (
          <div>
            <dt>{t("conditions")}</dt>
            <dd className="pre-line">{adoption.conditions}</dd>
          </div>
        )}
      </dl>
      {adoption.advanced.length === 0 ? (
        <Paragraph>{t("noneAdvanced")}</Paragraph>
      ) : (
        <DataTable<Adopted["advanced"][number]>
          caption={t("advancedCaption")}
          rows={adoption.advanced}
          rowKey={(a) => a.initiative}
          columns={[
            {
              key: "initiative",
              header: t("colInitiative"),
              rowHeader: true,
              cell: (a) => {
                const i = initiative(a.initiative);
                return i ? <InitiativeLink initiative={i} /> : words.name(a.initiative);
              },
            },
            { key: "from", header: t("colFrom"), cell: (a) => labels.phase(a.from) },
            { key: "to", header: t("colTo"), cell: (a) => labels.phase(a.to) },
          ]}
        />
      )}
    </section>
  );
}

/** The board's decision to adopt the scenario's solved portfolio, on the version read. */
export function AdoptForm({ scenario, onAdopted }: { scenario: Scenario; onAdopted: (text: string) => void }) {
  const t = useT(scenarioMessages);
  const { strategyId } = useCurrent();
  const queryClient = useQueryClient();
  const [body, setBody] = useState("");
  const [meetingDate, setMeetingDate] = useState("");
  const [decision, setDecision] = useState("");
  const [conditions, setConditions] = useState("");
  const [confirmed, setConfirmed] = useState(false);
  const { problems, attempt, show } = useFormProblems();
  const fields = {
    body: { target: "adopt-body", label: t("body") },
    meetingDate: { target: "adopt-date", label: t("meetingDate") },
    decision: { target: "adopt-decision", label: t("decision") },
    conditions: { target: "adopt-conditions", label: t("conditions") },
    checklistsConfirmed: { target: "adopt-checklists", label: t("checklists") },
  };
  const adopt = useMutation({
    mutationFn: () =>
      ok(
        client.POST("/api/v1/scenarios/{id}/adopt", {
          params: { path: { id: scenario.id } },
          headers: ifMatch(scenario),
          body: { body: body.trim(), meetingDate, decision: decision.trim(), conditions: conditions.trim(), checklistsConfirmed: confirmed },
        }),
      ),
    onSuccess: async (adopted) => {
      await storeScenario(queryClient, adopted);
      await refreshPortfolio(queryClient, strategyId);
      onAdopted(t("adoptedNow", { n: adopted.adoption?.advanced.length ?? 0 }));
    },
    onError: async (err) => {
      if (!(err instanceof ApiError)) return void show([{ ...fields.body, message: t("network") }]);
      if (err.status === 412 || err.body.code === "stale_solution") {
        await queryClient.invalidateQueries({ queryKey: scenarioKeys.one(scenario.id) });
        return void show([{ ...fields.body, message: err.status === 412 ? t("stale") : t("staleSolution") }]);
      }
      show(serverProblems(err, fields, fields.body));
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    if (adopt.isPending) return;
    const found: FieldProblem[] = [];
    if (!body.trim()) found.push({ ...fields.body, message: t("required") });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(meetingDate)) found.push({ ...fields.meetingDate, message: t("dateInvalid") });
    if (!decision.trim()) found.push({ ...fields.decision, message: t("required") });
    if (show(found)) adopt.mutate();
  }
  return (
    <CardForm id="adopt-heading" title={t("adoptHeading")} errorsTitle={t("adoptErrors")} problems={problems} attempt={attempt} onSubmit={submit}>
      <Paragraph data-size="sm">{t("adoptIntro")}</Paragraph>
      <Textfield id={fields.body.target} label={t("body")} value={body} onChange={(e) => setBody(e.target.value)} error={problemAt(problems, fields.body.target)} />
      <Textfield id={fields.meetingDate.target} type="date" label={t("meetingDate")} value={meetingDate} onChange={(e) => setMeetingDate(e.target.value)} error={problemAt(problems, fields.meetingDate.target)} />
      <Textfield id={fields.decision.target} multiline rows={3} label={t("decision")} value={decision} onChange={(e) => setDecision(e.target.value)} error={problemAt(problems, fields.decision.target)} />
      <Textfield id={fields.conditions.target} multiline rows={2} label={t("conditions")} value={conditions} onChange={(e) => setConditions(e.target.value)} error={problemAt(problems, fields.conditions.target)} />
      <Checkbox id={fields.checklistsConfirmed.target} label={t("checklists")} checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} error={problemAt(problems, fields.checklistsConfirmed.target)} />
      <div>
        <Button type="submit" loading={adopt.isPending}>
          {t("adopt")}
        </Button>
      </div>
    </CardForm>
  );
}
