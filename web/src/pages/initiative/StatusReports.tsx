import { Alert, Button, Card, Field, Fieldset, Heading, Label, Paragraph, Radio, Select, Textfield, ValidationMessage } from "@digdir/designsystemet-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { client, ok } from "../../api/client.js";
import { portfolioKeys, useStatusReports, type StatusReport } from "../../api/portfolio.js";
import { DataTable } from "../../components/DataTable.js";
import { FormErrors, problemAt, useFormProblems, type FieldProblem } from "../../components/FormErrors.js";
import { Loaded } from "../../components/States.js";
import { formatDateTime } from "../../format.js";
import { useLang, useT } from "../../i18n/i18n.js";
import { lastCompleted, next, periodLabel, shift, today } from "../../periods.js";
import { DIMENSIONS, RAG_LOOK, RAGS, usePortfolioLabels, type Dimension, type Rag } from "../portfolio/labels.js";
import { RagTag } from "../portfolio/RagTag.js";
import type { InitiativeContext } from "./InitiativePage.js";
import { initiativeMessages } from "./messages.js";
import { Empty, FormActions, PageSection, SaveMessage, serverProblems, useSaveOutcome } from "./shared.js";

/** Status reports: this period's form for those who manage the initiative, whether one is overdue, and every period's report. */
export function StatusReports({ ctx }: { ctx: InitiativeContext }) {
  const t = useT(initiativeMessages);
  const labels = usePortfolioLabels();
  const { lang } = useLang();
  const reports = useStatusReports(ctx.initiative.id);
  const i = ctx.initiative;
  const [open, setOpen] = useState(false);
  return (
    <PageSection
      id="status"
      title={t("statusTitle")}
      intro={t("statusIntro", { frequency: t(`frequency_${i.reportFrequency}`) })}
      action={
        ctx.mayManage && (
          <Button variant="secondary" data-size="sm" aria-expanded={open} aria-controls="sr-form" onClick={() => setOpen(!open)}>
            {t("writeReport")}
          </Button>
        )
      }
    >
      {i.reportOverdue && (
        <Alert data-color="warning">
          <Heading level={3} data-size="2xs">
            {t("reportOverdue")}
          </Heading>
          <Paragraph>{t("reportOverdueText", { period: periodLabel(lastCompleted(i.reportFrequency, today()), lang) })}</Paragraph>
        </Alert>
      )}
      <Loaded query={reports}>
        {(list) => (
          <>
            {ctx.mayManage && open && <StatusForm ctx={ctx} reports={list} onDone={() => setOpen(false)} />}
            {list.length === 0 ? (
              <Empty>{t("noReports")}</Empty>
            ) : (
              <DataTable
                caption={t("reportsCaption")}
                rows={[...list].sort((a, b) => (a.period < b.period ? 1 : -1))}
                rowKey={(r) => String(r.id)}
                columns={[
                  { key: "period", header: t("period"), rowHeader: true, cell: (r) => <span className="nowrap">{periodLabel(r.period, lang)}</span> },
                  ...DIMENSIONS.map((d) => ({ key: d, header: labels.dimension(d), cell: (r: StatusReport) => <RagTag rag={r[d]} /> })),
                  {
                    key: "narrative",
                    header: t("narrative"),
                    cell: (r) => (
                      <div className="ini-cell-prose">
                        {r.narrative || <span className="muted">–</span>}
                        {r.topRisks && (
                          <p>
                            <strong>{t("topRisks")}:</strong> {r.topRisks}
                          </p>
                        )}
                      </div>
                    ),
                  },
                  { key: "by", header: t("recorded"), cell: (r) => <span className="nowrap">{t("recordedBy", { who: r.recordedBy, when: formatDateTime(r.recordedAt) })}</span> },
                ]}
              />
            )}
          </>
        )}
      </Loaded>
    </PageSection>
  );
}

type RagValues = Record<Dimension, Rag | "">;
const NO_RAG: RagValues = { overall: "", scope: "", schedule: "", cost: "", benefits: "" };

function StatusForm({ ctx, reports, onDone }: { ctx: InitiativeContext; reports: StatusReport[]; onDone: () => void }) {
  const t = useT(initiativeMessages);
  const labels = usePortfolioLabels();
  const { lang } = useLang();
  const freq = ctx.initiative.reportFrequency;
  const done = lastCompleted(freq, today());
  // The period just ended, the one running, and some before: a late report or a correction.
  const options = [next(done), ...Array.from({ length: 8 }, (_, n) => shift(done, n))];
  const [period, setPeriod] = useState(done);
  const current = reports.find((r) => r.period === period);
  const fill = (r: StatusReport | undefined) => ({
    rag: r ? { overall: r.overall, scope: r.scope, schedule: r.schedule, cost: r.cost, benefits: r.benefits } : NO_RAG,
    narrative: r?.narrative ?? "",
    topRisks: r?.topRisks ?? "",
  });
  const [v, setV] = useState(() => fill(current));
  // What the form was filled from: the report a correction replaces.
  const [seen, setSeen] = useState<StatusReport | undefined>(current);
  const { problems, attempt, show } = useFormProblems();
  const { outcome, setOutcome, failed } = useSaveOutcome();
  const queryClient = useQueryClient();
  const fields = {
    period: { target: "sr-period", label: t("period") },
    narrative: { target: "sr-narrative", label: t("narrative") },
    topRisks: { target: "sr-topRisks", label: t("topRisks") },
    ...Object.fromEntries(DIMENSIONS.map((d) => [d, { target: `sr-${d}-green`, label: labels.dimension(d) }])),
  };

  function choose(p: string) {
    setPeriod(p);
    const r = reports.find((x) => x.period === p);
    setV(fill(r));
    setSeen(r);
    setOutcome(null);
  }

  const save = useMutation({
    mutationFn: () =>
      ok(
        client.POST("/api/v1/initiatives/{id}/status-reports", {
          params: { path: { id: ctx.initiative.id } },
          body: {
            period,
            overall: v.rag.overall as Rag,
            scope: v.rag.scope as Rag,
            schedule: v.rag.schedule as Rag,
            cost: v.rag.cost as Rag,
            benefits: v.rag.benefits as Rag,
            narrative: v.narrative.trim(),
            topRisks: v.topRisks.trim(),
            replaces: seen?.id ?? null,
          },
        }),
      ),
    onSuccess: async (saved) => {
      setSeen(saved as StatusReport);
      setOutcome({ kind: "saved", text: t("reportSaved", { period: periodLabel(period, lang) }) });
      await ctx.refresh();
    },
    onError: (err) => show(failed(err, { guarded: true, fieldProblems: (e) => serverProblems(e, fields, fields.period) })),
  });

  async function reload() {
    await ctx.reload();
    // What is stored for the period now is what a correction replaces; the typed values stay.
    const fresh = queryClient.getQueryData<StatusReport[]>([...portfolioKeys.initiative(ctx.initiative.id), "status-reports"]) ?? reports;
    setSeen(fresh.find((x) => x.period === period));
    setOutcome(null);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (save.isPending) return;
    setOutcome(null);
    const found: FieldProblem[] = DIMENSIONS.filter((d) => !v.rag[d]).map((d) => ({ target: `sr-${d}-green`, label: labels.dimension(d), message: t("ragRequired") }));
    if (show(found)) save.mutate();
  }

  return (
    <Card data-color="neutral" id="sr-form">
      <form onSubmit={submit} noValidate className="stack" aria-labelledby="sr-form-title">
        <Heading level={3} data-size="xs" id="sr-form-title">
          {seen ? t("reportFormCorrect", { period: periodLabel(period, lang) }) : t("reportFormNew", { period: periodLabel(period, lang) })}
        </Heading>
        <FormErrors heading={t("formErrors")} problems={problems} attempt={attempt} level={4} />
        <Field>
          <Label htmlFor="sr-period">{t("period")}</Label>
          <Select id="sr-period" value={period} onChange={(e) => choose(e.target.value)} width="auto">
            {options.map((p) => (
              <option key={p} value={p}>
                {periodLabel(p, lang)}
                {reports.some((r) => r.period === p) ? ` (${t("reported")})` : ""}
              </option>
            ))}
          </Select>
        </Field>
        <div className="ini-rag-grid">
          {DIMENSIONS.map((d) => {
            const error = problemAt(problems, `sr-${d}-green`);
            return (
              <Fieldset key={d} aria-describedby={error ? `sr-${d}-error` : undefined} className="ini-rag-fieldset">
                <Fieldset.Legend>{labels.dimension(d)}</Fieldset.Legend>
                <div className="ini-rag-options">
                  {RAGS.map((r) => (
                    <Radio
                      key={r}
                      id={`sr-${d}-${r}`}
                      name={`sr-${d}`}
                      value={r}
                      checked={v.rag[d] === r}
                      onChange={() => setV({ ...v, rag: { ...v.rag, [d]: r } })}
                      aria-invalid={error ? true : undefined}
                      label={
                        <span className={`ini-rag-label ini-rag-${r}`}>
                          <span aria-hidden="true" className="status-symbol">
                            {RAG_LOOK[r].symbol}
                          </span>{" "}
                          {labels.rag(r)}
                        </span>
                      }
                    />
                  ))}
                </div>
                {error && <ValidationMessage id={`sr-${d}-error`}>{error}</ValidationMessage>}
              </Fieldset>
            );
          })}
        </div>
        <Textfield id="sr-narrative" multiline rows={3} label={t("narrative")} description={t("narrativeHelp")} value={v.narrative} onChange={(e) => setV({ ...v, narrative: e.target.value })} />
        <Textfield id="sr-topRisks" multiline rows={2} label={t("topRisks")} value={v.topRisks} onChange={(e) => setV({ ...v, topRisks: e.target.value })} />
        <SaveMessage outcome={outcome} onReload={() => void reload()} />
        <FormActions pending={save.isPending} onCancel={onDone} submitLabel={seen ? t("saveCorrection") : t("sendReport")} cancelLabel={t("close")} />
      </form>
    </Card>
  );
}
