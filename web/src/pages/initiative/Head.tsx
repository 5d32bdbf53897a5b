import { Button, Dialog, Heading, Paragraph, Tag, Textfield } from "@digdir/designsystemet-react";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link as RouterLink } from "wouter";
import { client, ok } from "../../api/client.js";
import { useStrategyTree } from "../../api/queries.js";
import { FormErrors, useFormProblems } from "../../components/FormErrors.js";
import { formatDate } from "../../format.js";
import { common } from "../../i18n/common.js";
import { useT } from "../../i18n/i18n.js";
import { findSection } from "../../strategy-tree.js";
import { urls } from "../../urls.js";
import { usePortfolioLabels } from "../portfolio/labels.js";
import { RagTag } from "../portfolio/RagTag.js";
import type { InitiativeContext } from "./InitiativePage.js";
import { initiativeBody, InitiativeFields, useCheckInitiative, useInitiativeServerProblems, valuesOf, type InitiativeValues } from "./InitiativeForm.js";
import { initiativeMessages } from "./messages.js";
import { lifecycleSteps, nextGate, type ActivePhase } from "./model.js";
import { FormActions, SaveMessage, useOrgName, useSaveOutcome } from "./shared.js";

/** The initiative's head: code, title, phase on the lifecycle, the next decision point, and its facts. */
export function Head({ ctx }: { ctx: InitiativeContext }) {
  const t = useT(initiativeMessages);
  const tc = useT(common);
  const labels = usePortfolioLabels();
  const orgName = useOrgName();
  const tree = useStrategyTree(ctx.strategyId);
  const [editing, setEditing] = useState(false);
  const i = ctx.initiative;
  const rejection = i.phase === "rejected" ? [...i.decisions].reverse().find((d) => d.outcome === "rejected") : undefined;
  const steps = lifecycleSteps(i.phase, i.pausedPhase as ActivePhase | null, (rejection?.fromPhase as ActivePhase | undefined) ?? null);
  const gate = nextGate(i.phase, i.pausedPhase as ActivePhase | null);
  const theme = i.themeKey && tree.data ? findSection(tree.data.sections, i.themeKey) : undefined;
  const stepState = { done: t("stepDone"), current: t("stepCurrent"), stopped: t("stepStopped"), upcoming: t("stepUpcoming") };

  return (
    <header className="ini-head">
      <div className="ini-title-row">
        <div className="ini-title">
          <p className="ini-eyebrow">
            <span>{i.code}</span> · <span>{labels.kind(i.kind)}</span>
          </p>
          <Heading level={1} data-size="lg">
            {i.title}
          </Heading>
          <div className="ini-tags">
            <Tag data-color={i.phase === "rejected" ? "danger" : i.phase === "paused" ? "warning" : i.phase === "completed" ? "success" : "info"} data-size="sm">
              {t("phaseIs", { phase: labels.phase(i.phase) })}
            </Tag>
            {i.latestStatus && <RagTag rag={i.latestStatus.overall} label={t("overallStatus")} />}
            {i.reportOverdue && (
              <Tag data-color="danger" data-size="sm">
                <span aria-hidden="true" className="status-symbol">
                  !
                </span>{" "}
                {t("reportOverdue")}
              </Tag>
            )}
          </div>
        </div>
        {ctx.mayManage && (
          <div>
            <Button variant="secondary" data-size="sm" onClick={() => setEditing(true)}>
              {t("editInitiative")}
            </Button>
          </div>
        )}
      </div>

      <div className="ini-lifecycle">
        <Heading level={2} data-size="xs" id="lifecycle-title">
          {t("lifecycleTitle")}
        </Heading>
        <ol className="ini-steps" aria-labelledby="lifecycle-title">
          {steps.map((s) => (
            <li key={s.phase} className={`ini-step ini-step-${s.state}`} aria-current={s.state === "current" ? "step" : undefined}>
              <span className="ini-step-mark" aria-hidden="true">
                {s.state === "done" ? "✓" : s.state === "stopped" ? "✕" : s.state === "current" ? "●" : "○"}
              </span>
              <span className="ini-step-name">{labels.phase(s.phase)}</span>
              <span className="visually-hidden">: {stepState[s.state]}</span>
              <span className="ini-step-gate muted">{s.gate}</span>
            </li>
          ))}
        </ol>
        <Paragraph data-size="sm">
          {gate
            ? i.phase === "paused"
              ? t("pausedBefore", { gate: gate.gate, phase: labels.phase(gate.from) })
              : t("nextGate", { gate: gate.gate, from: labels.phase(gate.from), to: labels.phase(gate.to) })
            : i.phase === "completed"
              ? t("lifecycleCompleted")
              : t("lifecycleRejected")}
        </Paragraph>
      </div>

      {i.description ? <Paragraph className="ini-description">{i.description}</Paragraph> : <Paragraph className="muted">{t("noDescription")}</Paragraph>}

      <dl className="ini-facts">
        <div>
          <dt>{t("fieldOrganisation")}</dt>
          <dd>{orgName(i.organisationId)}</dd>
        </div>
        <div>
          <dt>{t("fieldSponsor")}</dt>
          <dd>{i.sponsor || t("notGiven")}</dd>
        </div>
        <div>
          <dt>{t("fieldOwnerName")}</dt>
          <dd>{i.ownerName || t("notGiven")}</dd>
        </div>
        <div>
          <dt>{t("fieldKind")}</dt>
          <dd>{labels.kind(i.kind)}</dd>
        </div>
        <div>
          <dt>{t("fieldTheme")}</dt>
          <dd>
            {theme ? (
              <RouterLink href={urls.focusArea(ctx.region, ctx.strategyId, theme.key)}>{[theme.code, theme.title].filter(Boolean).join(" ")}</RouterLink>
            ) : (
              (i.themeKey ?? t("noTheme"))
            )}
          </dd>
        </div>
        <div>
          <dt>{t("fieldTags")}</dt>
          <dd>{i.tags.length > 0 ? i.tags.join(", ") : t("noTags")}</dd>
        </div>
        <div>
          <dt>{t("fieldFundingSource")}</dt>
          <dd>{i.fundingSource || t("notGiven")}</dd>
        </div>
        <div>
          <dt>{t("plannedPeriod")}</dt>
          <dd>{i.plannedStart || i.plannedEnd ? t("fromTo", { from: formatDate(i.plannedStart), to: formatDate(i.plannedEnd) }) : t("notGiven")}</dd>
        </div>
        <div>
          <dt>{t("fieldReportFrequency")}</dt>
          <dd>{tc(`grain_${i.reportFrequency}`)}</dd>
        </div>
        <div>
          <dt>{t("contributionScore")}</dt>
          <dd>{i.contribution}</dd>
        </div>
      </dl>

      {ctx.mayManage && (
        <Dialog open={editing} onClose={() => setEditing(false)} closeButton={t("close")} aria-labelledby="ini-edit-heading" closedby="any" className="ini-dialog">
          {editing && <EditInitiative ctx={ctx} onDone={() => setEditing(false)} />}
        </Dialog>
      )}
    </header>
  );
}

/** Revising the initiative's own fields; sent with the version it was opened on, so no one's change is overwritten. */
function EditInitiative({ ctx, onDone }: { ctx: InitiativeContext; onDone: () => void }) {
  const t = useT(initiativeMessages);
  const i = ctx.initiative;
  const [base, setBase] = useState(i);
  const [values, setValues] = useState<InitiativeValues>(() => valuesOf(i));
  const [reason, setReason] = useState("");
  const { problems, attempt, show } = useFormProblems();
  const { outcome, setOutcome, failed } = useSaveOutcome();
  const check = useCheckInitiative("ini-edit");
  const fromServer = useInitiativeServerProblems("ini-edit");

  const save = useMutation({
    mutationFn: () =>
      ok(
        client.PUT("/api/v1/initiatives/{id}", {
          params: { path: { id: i.id } },
          headers: { "if-match": `"${base.version}"` },
          body: { ...initiativeBody(values), reason: reason.trim() },
        }),
      ),
    onSuccess: async () => {
      await ctx.refresh();
      onDone();
    },
    onError: (err) => show(failed(err, { guarded: true, fieldProblems: (e) => fromServer(e, values) })),
  });

  async function reload() {
    // The form starts again from what is stored now.
    const fresh = await ctx.reload();
    setBase(fresh);
    setValues(valuesOf(fresh));
    setOutcome(null);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (save.isPending) return;
    setOutcome(null);
    if (show(check(values))) save.mutate();
  }

  return (
    <form onSubmit={submit} noValidate className="stack" aria-labelledby="ini-edit-heading">
      <Heading level={2} data-size="sm" id="ini-edit-heading">
        {t("editTitle", { code: i.code })}
      </Heading>
      <FormErrors heading={t("formErrors")} problems={problems} attempt={attempt} level={3} />
      <InitiativeFields prefix="ini-edit" strategyId={ctx.strategyId} owner={ctx.owner} selfId={i.id} values={values} onChange={setValues} problems={problems} />
      <Textfield id="ini-edit-reason" label={t("reason")} description={t("reasonHelp")} value={reason} onChange={(e) => setReason(e.target.value)} />
      <SaveMessage outcome={outcome} onReload={() => void reload()} />
      <FormActions pending={save.isPending} onCancel={onDone} />
    </form>
  );
}
