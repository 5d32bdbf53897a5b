import { Alert, Button, Checkbox, Heading, Paragraph, Table, Tag, Textfield } from "@digdir/designsystemet-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link as RouterLink, useLocation } from "wouter";
import { ApiError, client, ok } from "../../api/client.js";
import { storeScenario, useScenarios, type ScenarioSummary } from "../../api/scenarios.js";
import { CardForm, problemAt, useFormProblems } from "../../components/FormErrors.js";
import { Loaded } from "../../components/States.js";
import { useCurrent } from "../../current.js";
import { formatDate, formatNumber } from "../../format.js";
import { useT } from "../../i18n/i18n.js";
import { useCan } from "../../session.js";
import { urls } from "../../urls.js";
import { serverProblems } from "../admin/shared.js";
import { PortfolioHead } from "../portfolio/shared.js";
import { scenarioMessages } from "./messages.js";
import { StatusText } from "./parts.js";
import "./scenarios.css";

const MAX_COMPARED = 4;

/** The strategy's scenarios with their headlines; governors create new ones; any two to four are compared. */
export default function Scenarios() {
  const t = useT(scenarioMessages);
  const { strategyId, strategy } = useCurrent();
  const scenarios = useScenarios(strategyId);
  const { can } = useCan();
  const govern = strategy !== undefined && can({ do: "portfolio.govern", organisation: strategy.owner });
  return (
    <>
      <PortfolioHead title={t("title")} intro={t("intro")} view="scenarios" strategyTitle={strategy?.title} />
      <Loaded query={scenarios}>
        {(list) => (
          <div className="stack">
            <ScenarioList list={list} />
            {govern && <CreateForm />}
          </div>
        )}
      </Loaded>
    </>
  );
}

function ScenarioList({ list }: { list: ScenarioSummary[] }) {
  const t = useT(scenarioMessages);
  const { region, strategyId } = useCurrent();
  const [picked, setPicked] = useState<string[]>([]);
  if (list.length === 0) return <Alert data-color="info">{t("empty")}</Alert>;
  const toggle = (id: string, on: boolean) => setPicked((p) => (on ? [...p, id] : p.filter((x) => x !== id)));
  const canCompare = picked.length >= 2 && picked.length <= MAX_COMPARED;
  return (
    <section aria-labelledby="scenarios-heading" className="portfolio-section stack">
      <Heading level={2} data-size="sm" id="scenarios-heading">
        {t("listHeading")}
      </Heading>
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="scenarios-caption">
        <Table data-size="sm" zebra>
          <caption id="scenarios-caption" className="visually-hidden">
            {t("listCaption")}
          </caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell scope="col">{t("colCompare")}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t("colName")}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t("colStatus")}</Table.HeaderCell>
              <Table.HeaderCell scope="col" className="num">
                {t("colValue")}
              </Table.HeaderCell>
              <Table.HeaderCell scope="col" className="num">
                {t("colGap")}
              </Table.HeaderCell>
              <Table.HeaderCell scope="col" className="num">
                {t("colSelected")}
              </Table.HeaderCell>
              <Table.HeaderCell scope="col">{t("colSolved")}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {list.map((s) => (
              <Table.Row key={s.id}>
                <Table.Cell>
                  <Checkbox
                    aria-label={t("pickLabel", { name: s.name })}
                    checked={picked.includes(s.id)}
                    disabled={!picked.includes(s.id) && picked.length >= MAX_COMPARED}
                    onChange={(e) => toggle(s.id, e.target.checked)}
                  />
                </Table.Cell>
                <Table.HeaderCell scope="row">
                  <RouterLink href={urls.scenario(region, strategyId, s.id)}>{s.name}</RouterLink>
                  {s.adoptedAt && (
                    <>
                      {" "}
                      <Tag data-color="success" data-size="sm">
                        {t("adopted")}
                      </Tag>
                    </>
                  )}
                </Table.HeaderCell>
                <Table.Cell>
                  <StatusText status={s.status} />
                </Table.Cell>
                <Table.Cell className="num nowrap">{s.status === null || s.status === "infeasible" ? "–" : formatNumber(s.value, 1)}</Table.Cell>
                <Table.Cell className="num nowrap">{s.gap === null || s.status === "infeasible" ? "–" : t("percent", { value: formatNumber(s.gap * 100, 2) })}</Table.Cell>
                <Table.Cell className="num">{s.selectedCount ?? "–"}</Table.Cell>
                <Table.Cell className="nowrap">{formatDate(s.solvedAt)}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      </div>
      <div className="scenario-compare-bar">
        {canCompare ? (
          <Button asChild variant="secondary" data-size="sm">
            <RouterLink href={urls.compareScenarios(region, strategyId, picked)}>{t("compareLink", { n: picked.length })}</RouterLink>
          </Button>
        ) : (
          <Paragraph data-size="sm" className="muted">
            {t("compareHint")}
          </Paragraph>
        )}
      </div>
    </section>
  );
}

/** A new scenario by name: the server fills in the horizon, the budgets and the weights, and the page then opens it. */
function CreateForm() {
  const t = useT(scenarioMessages);
  const { region, strategyId } = useCurrent();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const { problems, attempt, show } = useFormProblems();
  const fields = { name: { target: "scenario-name", label: t("name") }, description: { target: "scenario-description", label: t("description") } };
  const create = useMutation({
    mutationFn: () => ok(client.POST("/api/v1/scenarios", { body: { strategy: strategyId, name: name.trim(), description: description.trim() } })),
    onSuccess: async (created) => {
      await storeScenario(queryClient, created);
      navigate(urls.scenario(region, strategyId, created.id));
    },
    onError: (err) => show(err instanceof ApiError ? serverProblems(err, fields, fields.name) : [{ ...fields.name, message: t("network") }]),
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    if (create.isPending) return;
    if (show(name.trim() === "" ? [{ ...fields.name, message: t("nameRequired") }] : [])) create.mutate();
  }
  return (
    <CardForm id="scenario-create" title={t("createHeading")} errorsTitle={t("createErrors")} problems={problems} attempt={attempt} onSubmit={submit}>
      <Paragraph data-size="sm">{t("createIntro")}</Paragraph>
      <Textfield id={fields.name.target} label={t("name")} value={name} onChange={(e) => setName(e.target.value)} error={problemAt(problems, fields.name.target)} />
      <Textfield id={fields.description.target} label={t("description")} multiline rows={2} value={description} onChange={(e) => setDescription(e.target.value)} error={problemAt(problems, fields.description.target)} />
      <div>
        <Button type="submit" loading={create.isPending}>
          {t("create")}
        </Button>
      </div>
    </CardForm>
  );
}
