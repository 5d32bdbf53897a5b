import { Alert, Button, Field, Heading, Label, Paragraph, Select, Tag, ValidationMessage } from "@digdir/designsystemet-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { AddressError, isId } from "../../address.js";
import { ApiError, client, ok } from "../../api/client.js";
import { fhirRunKeys, useFhirDefinitions, useFhirRuns, useFhirSources, type FhirDefinition, type FhirRun } from "../../api/fhir-runs.js";
import { DataTable } from "../../components/DataTable.js";
import { CardForm, useFormProblems } from "../../components/FormErrors.js";
import { Loaded } from "../../components/States.js";
import { useCurrent, usePageTitle, useQueryParam } from "../../current.js";
import { formatDateTime, formatNumber } from "../../format.js";
import { useT, type Catalog, type Translate } from "../../i18n/i18n.js";
import { useCan } from "../../session.js";
import { serverProblems } from "../admin/shared.js";
import "./computations.css";
import { computationMessages } from "./messages.js";

type T = Translate<MessageKey<typeof computationMessages>>;

type MessageKey<C> = C extends Catalog<infer K> ? K : never;

const STATUS_COLOR = { queued: "neutral", running: "info", succeeded: "success", failed: "danger" } as const;
const STEPS = ["check", "views", "indicators", "done"] as const;

const stepText = (t: T, step: string | null) => (STEPS.includes(step as (typeof STEPS)[number]) ? t(`step_${step as (typeof STEPS)[number]}`) : "");

/** The strategy's FHIR-computed key results: their definitions, starting a run, the runs and one run's provenance. */
export default function Computations() {
  const t = useT(computationMessages);
  const { strategyId, strategy } = useCurrent();
  usePageTitle(t("title"));
  const { can } = useCan();
  const mayRun = strategy !== undefined && can({ do: "computation.run", organisation: strategy.owner });
  const runs = useFhirRuns(strategyId);
  const [selected, select] = useQueryParam("run", "");
  // A run's id that is not an id at all (`?run=zz`) is explained by the page's error boundary.
  if (selected && !isId(selected)) throw new AddressError("id", "run", selected);
  return (
    <>
      <div className="page-head">
        <Heading level={1} data-size="lg">
          {t("title")}
        </Heading>
        <Paragraph>{t("intro")}</Paragraph>
      </div>
      <div className="stack">
        <Definitions />
        {mayRun && <StartForm onStarted={(id) => select(id)} />}
        <Loaded query={runs}>
          {(list) => {
            const shown = list.find((r) => r.id === selected) ?? list[0];
            return (
              <>
                <RunList list={list} selected={shown?.id} select={select} />
                {shown && <RunDetails run={shown} />}
              </>
            );
          }}
        </Loaded>
      </div>
    </>
  );
}

function Definitions() {
  const t = useT(computationMessages);
  const { strategyId } = useCurrent();
  const definitions = useFhirDefinitions(strategyId);
  return (
    <section aria-labelledby="definitions-heading" className="stack">
      <Heading level={2} data-size="sm" id="definitions-heading">
        {t("definitionsHeading")}
      </Heading>
      <Loaded query={definitions}>
        {(list) => (
          <DataTable<FhirDefinition>
            caption={t("definitionsCaption")}
            captionHidden
            rows={list}
            rowKey={(d) => d.keyResult}
            columns={[
              { key: "kr", header: t("colKeyResult"), rowHeader: true, cell: (d) => d.keyResult },
              { key: "version", header: t("colVersion"), numeric: true, cell: (d) => d.version },
              { key: "counts", header: t("colCounts"), cell: (d) => t(`counts_${d.countsAre}`) },
              { key: "views", header: t("colViews"), cell: (d) => d.views.join(", ") },
              { key: "description", header: t("colDescription"), cell: (d) => <span lang="en">{d.description}</span> },
            ]}
          />
        )}
      </Loaded>
    </section>
  );
}

function StartForm({ onStarted }: { onStarted: (id: string) => void }) {
  const t = useT(computationMessages);
  const { strategyId } = useCurrent();
  const queryClient = useQueryClient();
  const sources = useFhirSources(strategyId, true);
  const [source, setSource] = useState("");
  const { problems, attempt, show } = useFormProblems();
  const field = { target: "fhir-source", label: t("source") };
  const start = useMutation({
    mutationFn: (name: string) => ok(client.POST("/api/v1/fhir-runs", { body: { strategy: strategyId, source: name } })),
    onSuccess: async (run) => {
      await queryClient.invalidateQueries({ queryKey: fhirRunKeys.list(strategyId) });
      onStarted(run.id);
    },
    onError: (err) => show(err instanceof ApiError ? serverProblems(err, { source: field }, field) : [{ ...field, message: t("network") }]),
  });
  const list = sources.data ?? [];
  const chosen = source || list[0]?.name || "";
  function submit(e: FormEvent) {
    e.preventDefault();
    if (start.isPending || chosen === "") return;
    show([]);
    start.mutate(chosen);
  }
  const error = problems.find((p) => p.target === field.target)?.message;
  return (
    <CardForm id="fhir-start" title={t("startHeading")} errorsTitle={t("startErrors")} problems={problems} attempt={attempt} onSubmit={submit}>
      <Paragraph data-size="sm">{t("startIntro")}</Paragraph>
      {sources.isSuccess && list.length === 0 ? (
        <Alert data-color="info">{t("noSources")}</Alert>
      ) : (
        <>
          <Field>
            <Label htmlFor={field.target}>{t("source")}</Label>
            <Select id={field.target} value={chosen} onChange={(e) => setSource(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? "fhir-source-error" : undefined}>
              {list.map((s) => (
                <option key={s.name} value={s.name}>
                  {s.name}
                </option>
              ))}
            </Select>
            {error && <ValidationMessage id="fhir-source-error">{error}</ValidationMessage>}
          </Field>
          <div>
            <Button type="submit" loading={start.isPending} disabled={chosen === ""}>
              {t("start")}
            </Button>
          </div>
        </>
      )}
    </CardForm>
  );
}

const resources = (r: FhirRun) => r.inputs.reduce((s, i) => s + i.resources, 0);

function StatusCell({ run }: { run: FhirRun }) {
  const t = useT(computationMessages);
  const busy = run.status === "queued" || run.status === "running";
  return (
    <span className="fhir-status">
      <Tag data-color={STATUS_COLOR[run.status]} data-size="sm">
        {t(`status_${run.status}`)}
      </Tag>
      {busy && run.progress.total > 0 && (
        <progress max={run.progress.total} value={run.progress.done} aria-label={t("progress", { step: stepText(t, run.progress.step) })} />
      )}
    </span>
  );
}

function RunList({ list, selected, select }: { list: FhirRun[]; selected: string | undefined; select: (id: string) => void }) {
  const t = useT(computationMessages);
  return (
    <section aria-labelledby="runs-heading" className="stack">
      <Heading level={2} data-size="sm" id="runs-heading">
        {t("runsHeading")}
      </Heading>
      {list.length === 0 ? (
        <Alert data-color="info">{t("noRuns")}</Alert>
      ) : (
        <DataTable<FhirRun>
          caption={t("runsCaption")}
          captionHidden
          rows={list}
          rowKey={(r) => r.id}
          columns={[
            {
              key: "started",
              header: t("colStarted"),
              rowHeader: true,
              cell: (r) => (
                <Button variant="tertiary" data-size="sm" aria-pressed={r.id === selected} aria-label={t("show", { date: formatDateTime(r.createdAt) })} onClick={() => select(r.id)}>
                  {formatDateTime(r.createdAt)}
                </Button>
              ),
            },
            { key: "source", header: t("colSource"), cell: (r) => <span className="fhir-source">{r.source}</span> },
            { key: "status", header: t("colStatus"), cell: (r) => <StatusCell run={r} /> },
            { key: "resources", header: t("colResources"), numeric: true, cell: (r) => (r.inputs.length > 0 ? formatNumber(resources(r), 0) : "–") },
            { key: "recorded", header: t("colRecorded"), numeric: true, cell: (r) => (r.recorded === null ? "–" : formatNumber(r.recorded, 0)) },
            { key: "duration", header: t("colDuration"), numeric: true, cell: (r) => (r.durationMs === null ? "–" : t("seconds", { n: formatNumber(r.durationMs / 1000, 1) })) },
            { key: "by", header: t("colBy"), cell: (r) => r.requestedBy },
          ]}
        />
      )}
    </section>
  );
}

function RunDetails({ run }: { run: FhirRun }) {
  const t = useT(computationMessages);
  return (
    <section aria-labelledby="run-heading" className="stack fhir-run">
      <Heading level={2} data-size="sm" id="run-heading">
        {t("runHeading", { date: formatDateTime(run.createdAt) })}
      </Heading>
      <div aria-live="polite">
        <StatusCell run={run} />
        {run.status === "succeeded" && (
          <Paragraph data-size="sm">
            {t("summary", { rows: formatNumber(run.resultRows ?? 0, 0), recorded: formatNumber(run.recorded ?? 0, 0), unmapped: formatNumber(run.unmappedRows ?? 0, 0) })}
          </Paragraph>
        )}
      </div>
      {run.errors.length > 0 && (
        <Alert data-color="danger">
          <Heading level={3} data-size="xs">
            {t("errorsHeading")}
          </Heading>
          <ul lang="en">
            {run.errors.map((e, i) => (
              <li key={i}>{e.message}</li>
            ))}
          </ul>
        </Alert>
      )}
      {run.inputs.length > 0 && (
        <>
          <Heading level={3} data-size="xs">
            {t("inputsHeading")}
          </Heading>
          <DataTable
            caption={t("inputsCaption")}
            captionHidden
            rows={run.inputs}
            rowKey={(i) => i.name}
            columns={[
              { key: "file", header: t("colFile"), rowHeader: true, cell: (i) => i.name },
              { key: "type", header: t("colType"), cell: (i) => i.resourceType },
              { key: "resources", header: t("colResources"), numeric: true, cell: (i) => formatNumber(i.resources, 0) },
              { key: "bytes", header: t("colBytes"), numeric: true, cell: (i) => formatNumber(i.bytes / 1e6, 1) },
              { key: "hash", header: t("colHash"), cell: (i) => <code className="fhir-hash">{i.sha256}</code> },
            ]}
          />
        </>
      )}
      {run.definitions.length > 0 && (
        <>
          <Heading level={3} data-size="xs">
            {t("usedHeading")}
          </Heading>
          <DataTable
            caption={t("usedCaption")}
            captionHidden
            rows={run.definitions}
            rowKey={(d) => d.keyResult}
            columns={[
              { key: "kr", header: t("colKeyResult"), rowHeader: true, cell: (d) => d.keyResult },
              { key: "version", header: t("colVersion"), numeric: true, cell: (d) => d.version },
              { key: "hash", header: t("colHashShort"), cell: (d) => <code className="fhir-hash">{d.hash.slice(0, 16)}</code> },
            ]}
          />
          <Heading level={3} data-size="xs">
            {t("viewsHeading")}
          </Heading>
          <DataTable
            caption={t("viewsCaption")}
            captionHidden
            rows={run.views}
            rowKey={(v) => v.name}
            columns={[
              { key: "view", header: t("colView"), rowHeader: true, cell: (v) => v.name },
              { key: "rows", header: t("colRows"), numeric: true, cell: (v) => formatNumber(v.rows, 0) },
            ]}
          />
        </>
      )}
    </section>
  );
}
