import { Button, Card, Checkbox, Details, Fieldset, Heading, Link, Paragraph, Radio, Tag, Textfield, ValidationMessage } from "@digdir/designsystemet-react";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { Initiative } from "../../api/portfolio.js";
import { client, ok } from "../../api/client.js";
import { FormErrors, problemAt, useFormProblems, type FieldProblem } from "../../components/FormErrors.js";
import { formatDate, formatDateTime } from "../../format.js";
import { useT } from "../../i18n/i18n.js";
import { today } from "../../periods.js";
import { usePortfolioLabels } from "../portfolio/labels.js";
import type { InitiativeContext } from "./InitiativePage.js";
import { initiativeMessages } from "./messages.js";
import { isDate, nextGate, possibleOutcomes, type ActivePhase } from "./model.js";
import { Empty, FormActions, PageSection, SaveMessage, serverProblems, useSaveOutcome } from "./shared.js";

type Decision = Initiative["decisions"][number];
type Outcome = Decision["outcome"];

const OUTCOME_COLOR: Record<Outcome, string> = { approved: "success", rejected: "danger", paused: "warning", resumed: "info" };

/** Decisions at the decision points: the board's form (for its members) and every decision made, newest first. */
export function Decisions({ ctx }: { ctx: InitiativeContext }) {
  const t = useT(initiativeMessages);
  const i = ctx.initiative;
  const decisions = [...i.decisions].reverse();
  const gate = nextGate(i.phase, i.pausedPhase as ActivePhase | null);
  const decidable = ctx.mayDecide && possibleOutcomes(i.phase).length > 0;
  const [open, setOpen] = useState(false);
  return (
    <PageSection
      id="decisions"
      title={t("decisionsTitle")}
      intro={t("decisionsIntro")}
      action={
        decidable && (
          <Button variant="secondary" data-size="sm" aria-expanded={open} aria-controls="dec-form" onClick={() => setOpen(!open)}>
            {gate ? t("decisionFormTitle", { gate: gate.gate }) : t("decisionFormTitlePlain")}
          </Button>
        )
      }
    >
      {decidable && open && <DecisionForm key={i.decisions.length} ctx={ctx} onDone={() => setOpen(false)} />}
      {decisions.length === 0 ? <Empty>{t("noDecisions")}</Empty> : <ol className="ini-decisions">{decisions.map((d) => <DecisionItem key={d.id} d={d} />)}</ol>}
    </PageSection>
  );
}

function DecisionItem({ d }: { d: Decision }) {
  const t = useT(initiativeMessages);
  const labels = usePortfolioLabels();
  return (
    <li>
      <Card data-color="neutral" className="ini-decision">
        <Heading level={3} data-size="xs">
          {t("decisionHeading", { gate: d.gate, outcome: t(`outcome_${d.outcome}`), from: labels.phase(d.fromPhase), to: labels.phase(d.toPhase) })}
        </Heading>
        <div className="ini-tags">
          <Tag data-color={OUTCOME_COLOR[d.outcome]} data-size="sm">
            {t(`outcome_${d.outcome}`)}
          </Tag>
        </div>
        <dl className="ini-facts ini-facts-plain">
          <div>
            <dt>{t("decisionBody")}</dt>
            <dd>{d.body}</dd>
          </div>
          <div>
            <dt>{t("meetingDate")}</dt>
            <dd>{formatDate(d.meetingDate)}</dd>
          </div>
          <div>
            <dt>{t("recorded")}</dt>
            <dd>{t("recordedBy", { who: d.recordedBy, when: formatDateTime(d.recordedAt) })}</dd>
          </div>
        </dl>
        <Paragraph className="ini-prose">{d.decision}</Paragraph>
        {d.conditions && (
          <Paragraph className="ini-prose">
            <strong>{t("conditions")}:</strong> {d.conditions}
          </Paragraph>
        )}
        {d.documents.length > 0 && (
          <div>
            <p className="ini-list-label">{t("documents")}</p>
            <ul className="ini-list">
              {d.documents.map((doc, n) => (
                <li key={n}>{doc.url ? <Link href={doc.url}>{doc.title}</Link> : doc.title}</li>
              ))}
            </ul>
          </div>
        )}
        {d.checklist.length > 0 && (
          <Details>
            <Details.Summary>{t("checklistAsTicked", { done: d.checklist.filter((c) => c.done).length, total: d.checklist.length })}</Details.Summary>
            <Details.Content>
              <ul className="ini-checklist-read">
                {d.checklist.map((c) => (
                  <li key={c.key}>
                    <span aria-hidden="true" className="status-symbol">
                      {c.done ? "✓" : "✕"}
                    </span>{" "}
                    <span lang="nb">{c.label}</span> <span className="visually-hidden">{c.done ? t("itemDone") : t("itemNotDone")}</span>
                    {c.note && <span className="muted"> – {c.note}</span>}
                  </li>
                ))}
              </ul>
            </Details.Content>
          </Details>
        )}
      </Card>
    </li>
  );
}

interface DocRow {
  id: number;
  title: string;
  url: string;
}

/** The board's decision at the current decision point: outcome, body, meeting, decision, conditions, documents and the phase's checklist. */
function DecisionForm({ ctx, onDone }: { ctx: InitiativeContext; onDone: () => void }) {
  const t = useT(initiativeMessages);
  const labels = usePortfolioLabels();
  const i = ctx.initiative;
  const outcomes = possibleOutcomes(i.phase);
  const gate = nextGate(i.phase, i.pausedPhase as ActivePhase | null);
  const items = i.checklist?.items ?? [];
  const [outcome, setOutcome] = useState<Outcome | "">(outcomes.length === 1 ? outcomes[0]! : "");
  const [body, setBody] = useState(t("defaultBody"));
  const [meetingDate, setMeetingDate] = useState(today());
  const [decision, setDecision] = useState("");
  const [conditions, setConditions] = useState("");
  const [docs, setDocs] = useState<DocRow[]>([]);
  const [nextDoc, setNextDoc] = useState(0);
  const [checked, setChecked] = useState<Record<string, { done: boolean; note: string }>>({});
  const { problems, attempt, show } = useFormProblems();
  const { outcome: saveOutcome, setOutcome: setSaveOutcome, failed } = useSaveOutcome();
  const fields = {
    outcome: { target: `dec-outcome-${outcomes[0] ?? "approved"}`, label: t("outcome") },
    body: { target: "dec-body", label: t("decisionBody") },
    meetingDate: { target: "dec-date", label: t("meetingDate") },
    decision: { target: "dec-decision", label: t("decisionText") },
    conditions: { target: "dec-conditions", label: t("conditions") },
    documents: { target: "dec-doc-add", label: t("documents") },
    checklist: { target: items[0] ? `dec-check-${items[0].key}` : "dec-decision", label: t("checklistLegend") },
  };

  const save = useMutation({
    mutationFn: () =>
      ok(
        client.POST("/api/v1/initiatives/{id}/decisions", {
          params: { path: { id: i.id } },
          headers: { "if-match": `"${i.version}"` },
          body: {
            outcome: outcome as Outcome,
            body: body.trim(),
            meetingDate,
            decision: decision.trim(),
            conditions: conditions.trim(),
            documents: docs.filter((d) => d.title.trim()).map((d) => ({ title: d.title.trim(), ...(d.url.trim() ? { url: d.url.trim() } : {}) })),
            checklist: items.map((item) => ({ key: item.key, done: checked[item.key]?.done ?? false, note: checked[item.key]?.note.trim() ?? "" })),
          },
        }),
      ),
    onSuccess: async () => {
      await ctx.refresh();
      onDone();
    },
    onError: (err) =>
      show(
        failed(err, {
          guarded: true,
          fieldProblems: (e) =>
            serverProblems(e, fields, fields.decision).map((p, n) => {
              const m = /^(?:body\.)?checklist\.([^.]+)/.exec(e.body.details[n]?.path ?? "");
              const item = m ? items.find((x) => x.key === m[1]) : undefined;
              return item ? { ...p, target: `dec-check-${item.key}`, label: item.label } : p;
            }),
        }),
      ),
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (save.isPending) return;
    setSaveOutcome(null);
    const found: FieldProblem[] = [];
    if (!outcome) found.push({ ...fields.outcome, message: t("outcomeRequired") });
    if (!body.trim()) found.push({ ...fields.body, message: t("bodyRequired") });
    if (!isDate(meetingDate)) found.push({ ...fields.meetingDate, message: t("dateInvalid") });
    if (!decision.trim()) found.push({ ...fields.decision, message: t("decisionRequired") });
    docs.forEach((d, n) => {
      if (!d.title.trim() && d.url.trim()) found.push({ target: `dec-doc-${d.id}-title`, label: t("documentN", { n: n + 1 }), message: t("documentTitleRequired") });
    });
    if (outcome === "approved") {
      for (const item of items) if (item.required && !checked[item.key]?.done) found.push({ target: `dec-check-${item.key}`, label: item.label, message: t("checklistItemRequired") });
    }
    if (show(found)) save.mutate();
  }

  const setItem = (key: string, change: Partial<{ done: boolean; note: string }>) =>
    setChecked((c) => ({ ...c, [key]: { done: c[key]?.done ?? false, note: c[key]?.note ?? "", ...change } }));
  const outcomeError = problemAt(problems, fields.outcome.target);

  return (
    <Card data-color="neutral" id="dec-form">
      <form onSubmit={submit} noValidate className="stack" aria-labelledby="dec-form-title">
        <Heading level={3} data-size="sm" id="dec-form-title">
          {gate ? t("decisionFormTitle", { gate: gate.gate }) : t("decisionFormTitlePlain")}
        </Heading>
        {gate && i.phase !== "paused" && <Paragraph data-size="sm">{t("decisionFormHelp", { from: labels.phase(gate.from), to: labels.phase(gate.to) })}</Paragraph>}
        <FormErrors heading={t("formErrors")} problems={problems} attempt={attempt} level={4} />
        <Fieldset aria-describedby={outcomeError ? "dec-outcome-error" : undefined}>
          <Fieldset.Legend>{t("outcome")}</Fieldset.Legend>
          {outcomes.map((o) => (
            <Radio
              key={o}
              id={`dec-outcome-${o}`}
              name="dec-outcome"
              value={o}
              checked={outcome === o}
              onChange={() => setOutcome(o)}
              label={t(`outcomeChoice_${o}`)}
              aria-invalid={outcomeError ? true : undefined}
            />
          ))}
          {outcomeError && <ValidationMessage id="dec-outcome-error">{outcomeError}</ValidationMessage>}
        </Fieldset>
        <div className="ini-form-grid">
          <Textfield id="dec-body" label={t("decisionBody")} value={body} onChange={(e) => setBody(e.target.value)} error={problemAt(problems, "dec-body")} />
          <Textfield id="dec-date" type="date" label={t("meetingDate")} value={meetingDate} onChange={(e) => setMeetingDate(e.target.value)} error={problemAt(problems, "dec-date")} />
        </div>
        <Textfield id="dec-decision" multiline rows={3} label={t("decisionText")} value={decision} onChange={(e) => setDecision(e.target.value)} error={problemAt(problems, "dec-decision")} />
        <Textfield id="dec-conditions" multiline rows={2} label={t("conditions")} description={t("conditionsHelp")} value={conditions} onChange={(e) => setConditions(e.target.value)} />

        <Fieldset>
          <Fieldset.Legend>{t("documents")}</Fieldset.Legend>
          <Fieldset.Description>{t("documentsHelp")}</Fieldset.Description>
          {docs.map((d, n) => (
            <div key={d.id} className="ini-doc-row">
              <Textfield
                id={`dec-doc-${d.id}-title`}
                label={t("documentTitleN", { n: n + 1 })}
                value={d.title}
                onChange={(e) => setDocs(docs.map((x) => (x.id === d.id ? { ...x, title: e.target.value } : x)))}
                error={problemAt(problems, `dec-doc-${d.id}-title`)}
              />
              <Textfield id={`dec-doc-${d.id}-url`} type="url" label={t("documentUrlN", { n: n + 1 })} value={d.url} onChange={(e) => setDocs(docs.map((x) => (x.id === d.id ? { ...x, url: e.target.value } : x)))} />
              <div className="ini-link-remove">
                <Button type="button" variant="tertiary" data-size="sm" onClick={() => setDocs(docs.filter((x) => x.id !== d.id))}>
                  {t("removeDocumentN", { n: n + 1 })}
                </Button>
              </div>
            </div>
          ))}
          <div>
            <Button
              type="button"
              variant="secondary"
              data-size="sm"
              id="dec-doc-add"
              onClick={() => {
                setDocs([...docs, { id: nextDoc, title: "", url: "" }]);
                setNextDoc(nextDoc + 1);
                requestAnimationFrame(() => document.getElementById(`dec-doc-${nextDoc}-title`)?.focus());
              }}
            >
              {t("addDocument")}
            </Button>
          </div>
        </Fieldset>

        {items.length > 0 && (
          <Fieldset>
            <Fieldset.Legend>{t("checklistOf", { phase: labels.phase(i.checklist?.phase ?? i.phase) })}</Fieldset.Legend>
            <Fieldset.Description>{t("checklistHelp")}</Fieldset.Description>
            <ul className="ini-checklist">
              {items.map((item) => (
                <li key={item.key}>
                  <Checkbox
                    id={`dec-check-${item.key}`}
                    label={
                      <>
                        <span lang="nb">{item.label}</span> {item.required ? <span className="muted">({t("required")})</span> : null}
                      </>
                    }
                    checked={checked[item.key]?.done ?? false}
                    onChange={(e) => setItem(item.key, { done: e.target.checked })}
                    error={problemAt(problems, `dec-check-${item.key}`)}
                  />
                  <Textfield
                    id={`dec-check-${item.key}-note`}
                    data-size="sm"
                    label={
                      <>
                        {t("checklistNote")}
                        <span className="visually-hidden"> ({item.label})</span>
                      </>
                    }
                    value={checked[item.key]?.note ?? ""}
                    onChange={(e) => setItem(item.key, { note: e.target.value })}
                  />
                </li>
              ))}
            </ul>
          </Fieldset>
        )}

        <SaveMessage outcome={saveOutcome} onReload={() => void ctx.reload().then(() => setSaveOutcome(null))} />
        <FormActions pending={save.isPending} onCancel={onDone} submitLabel={t("recordDecision")} />
      </form>
    </Card>
  );
}
