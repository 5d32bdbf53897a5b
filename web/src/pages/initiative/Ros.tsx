import { Button, Card, Field, Heading, Label, Link, Paragraph, Select, Tag, Textfield, ValidationMessage } from "@digdir/designsystemet-react";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link as RouterLink } from "wouter";
import { client, ok } from "../../api/client.js";
import { useInitiative, useInitiatives, type Initiative } from "../../api/portfolio.js";
import { DataTable } from "../../components/DataTable.js";
import { FormErrors, problemAt, useFormProblems, type FieldProblem } from "../../components/FormErrors.js";
import { formatDate } from "../../format.js";
import { useT } from "../../i18n/i18n.js";
import { today } from "../../periods.js";
import { urls } from "../../urls.js";
import type { InitiativeContext } from "./InitiativePage.js";
import { initiativeMessages } from "./messages.js";
import { isDate } from "./model.js";
import { Empty, FormActions, PageSection, SaveMessage, serverProblems, useSaveOutcome } from "./shared.js";

type RosAnalysis = Initiative["ros"][number];

const isUrl = (s: string) => /^https?:\/\//i.test(s);

/** Risk and vulnerability analyses: the initiative's own, and those it reused from another initiative (marked so). */
export function Ros({ ctx }: { ctx: InitiativeContext }) {
  const t = useT(initiativeMessages);
  const list = ctx.initiative.ros;
  const [form, setForm] = useState<"new" | "reuse" | null>(null);
  return (
    <PageSection
      id="ros"
      title={t("rosTitle")}
      intro={t("rosIntro")}
      action={
        ctx.mayManage && (
          <div className="ini-actions">
            <Button variant="secondary" data-size="sm" aria-expanded={form === "new"} onClick={() => setForm(form === "new" ? null : "new")}>
              {t("addRos")}
            </Button>
            <Button variant="secondary" data-size="sm" aria-expanded={form === "reuse"} onClick={() => setForm(form === "reuse" ? null : "reuse")}>
              {t("reuseRos")}
            </Button>
          </div>
        )
      }
    >
      {form === "new" && <RosForm ctx={ctx} onDone={() => setForm(null)} />}
      {form === "reuse" && <ReuseForm ctx={ctx} onDone={() => setForm(null)} />}
      {list.length === 0 ? (
        <Empty>{t("noRos")}</Empty>
      ) : (
        <DataTable
          caption={t("rosCaption")}
          rows={list}
          rowKey={(r) => r.id}
          columns={[
            { key: "title", header: t("rosName"), rowHeader: true, cell: (r) => r.title },
            { key: "on", header: t("performedOn"), cell: (r) => <span className="nowrap">{formatDate(r.performedOn)}</span> },
            { key: "origin", header: t("rosOrigin"), cell: (r) => <Origin ctx={ctx} r={r} /> },
            { key: "conclusion", header: t("conclusion"), cell: (r) => <div className="ini-cell-prose">{r.conclusion || <span className="muted">–</span>}</div> },
            {
              key: "document",
              header: t("rosDocument"),
              cell: (r) => (r.document ? isUrl(r.document) ? <Link href={r.document}>{t("openDocument")}<span className="visually-hidden"> {r.title}</span></Link> : r.document : <span className="muted">–</span>),
            },
          ]}
        />
      )}
    </PageSection>
  );
}

function Origin({ ctx, r }: { ctx: InitiativeContext; r: RosAnalysis }) {
  const t = useT(initiativeMessages);
  if (r.reused) {
    return (
      <>
        <Tag data-color="info" data-size="sm">
          {t("rosReused")}
        </Tag>{" "}
        <span>
          {t("rosReusedFrom")} <RouterLink href={urls.initiative(ctx.region, ctx.strategyId, r.initiativeId)}>{r.initiativeCode}</RouterLink>
          {r.reusedOn ? `, ${formatDate(r.reusedOn)}` : ""}
        </span>
      </>
    );
  }
  return (
    <>
      <Tag data-color="neutral" data-size="sm">
        {t("rosOwn")}
      </Tag>
      {r.reusedBy.length > 0 && (
        <span>
          {" "}
          {t("rosReusedBy")}{" "}
          {r.reusedBy.map((u, n) => (
            <span key={u.initiativeId}>
              {n > 0 && ", "}
              <RouterLink href={urls.initiative(ctx.region, ctx.strategyId, u.initiativeId)}>{u.code}</RouterLink>
            </span>
          ))}
        </span>
      )}
    </>
  );
}

function RosForm({ ctx, onDone }: { ctx: InitiativeContext; onDone: () => void }) {
  const t = useT(initiativeMessages);
  const [v, setV] = useState({ title: "", performedOn: today(), conclusion: "", document: "" });
  const { problems, attempt, show } = useFormProblems();
  const { outcome, setOutcome, failed } = useSaveOutcome();
  const fields = {
    title: { target: "ros-title", label: t("rosName") },
    performedOn: { target: "ros-on", label: t("performedOn") },
    conclusion: { target: "ros-conclusion", label: t("conclusion") },
    document: { target: "ros-document", label: t("rosDocument") },
  };
  const save = useMutation({
    mutationFn: () =>
      ok(
        client.POST("/api/v1/initiatives/{id}/ros", {
          params: { path: { id: ctx.initiative.id } },
          body: { title: v.title.trim(), performedOn: v.performedOn, conclusion: v.conclusion.trim(), document: v.document.trim() },
        }),
      ),
    onSuccess: async () => {
      await ctx.refresh();
      onDone();
    },
    onError: (err) => show(failed(err, { guarded: false, fieldProblems: (e) => serverProblems(e, fields, fields.title) })),
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    if (save.isPending) return;
    setOutcome(null);
    const found: FieldProblem[] = [];
    if (!v.title.trim()) found.push({ ...fields.title, message: t("titleRequired") });
    if (!isDate(v.performedOn)) found.push({ ...fields.performedOn, message: t("dateInvalid") });
    if (show(found)) save.mutate();
  }
  return (
    <Card data-color="neutral">
      <form onSubmit={submit} noValidate className="stack" aria-labelledby="ros-form-title">
        <Heading level={3} data-size="xs" id="ros-form-title">
          {t("addRos")}
        </Heading>
        <FormErrors heading={t("formErrors")} problems={problems} attempt={attempt} level={4} />
        <div className="ini-form-grid">
          <Textfield id="ros-title" label={t("rosName")} value={v.title} onChange={(e) => setV({ ...v, title: e.target.value })} error={problemAt(problems, "ros-title")} />
          <Textfield id="ros-on" type="date" label={t("performedOn")} value={v.performedOn} onChange={(e) => setV({ ...v, performedOn: e.target.value })} error={problemAt(problems, "ros-on")} />
        </div>
        <Textfield id="ros-conclusion" multiline rows={2} label={t("conclusion")} value={v.conclusion} onChange={(e) => setV({ ...v, conclusion: e.target.value })} />
        <Textfield id="ros-document" label={t("rosDocument")} description={t("rosDocumentHelp")} value={v.document} onChange={(e) => setV({ ...v, document: e.target.value })} error={problemAt(problems, "ros-document")} />
        <SaveMessage outcome={outcome} onReload={() => void ctx.reload().then(() => setOutcome(null))} />
        <FormActions pending={save.isPending} onCancel={onDone} />
      </form>
    </Card>
  );
}

/** This initiative takes into use an analysis another initiative made: choose the initiative, then its analysis. */
function ReuseForm({ ctx, onDone }: { ctx: InitiativeContext; onDone: () => void }) {
  const t = useT(initiativeMessages);
  const initiatives = useInitiatives(ctx.strategyId);
  const [from, setFrom] = useState("");
  const [ros, setRos] = useState("");
  const [reusedOn, setReusedOn] = useState(today());
  const source = useInitiative(from);
  const { problems, attempt, show } = useFormProblems();
  const { outcome, setOutcome, failed } = useSaveOutcome();
  const already = new Set(ctx.initiative.ros.map((r) => r.id));
  const candidates = (source.data?.ros ?? []).filter((r) => !r.reused && !already.has(r.id));
  const others = (initiatives.data ?? []).filter((i) => i.id !== ctx.initiative.id);
  const fields = {
    from: { target: "reuse-from", label: t("reuseFromInitiative") },
    ros: { target: "reuse-ros", label: t("rosName") },
    reusedOn: { target: "reuse-on", label: t("reusedOn") },
    initiative: { target: "reuse-from", label: t("reuseFromInitiative") },
  };
  const save = useMutation({
    mutationFn: () => ok(client.POST("/api/v1/ros/{id}/reuses", { params: { path: { id: ros } }, body: { initiative: ctx.initiative.id, reusedOn } })),
    onSuccess: async () => {
      await ctx.refresh();
      onDone();
    },
    onError: (err) => show(failed(err, { guarded: false, fieldProblems: (e) => serverProblems(e, fields, fields.ros) })),
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    if (save.isPending) return;
    setOutcome(null);
    const found: FieldProblem[] = [];
    if (!from) found.push({ ...fields.from, message: t("initiativeRequired") });
    else if (!ros) found.push({ ...fields.ros, message: t("rosRequired") });
    if (!isDate(reusedOn)) found.push({ ...fields.reusedOn, message: t("dateInvalid") });
    if (show(found)) save.mutate();
  }
  const fromError = problemAt(problems, "reuse-from");
  const rosError = problemAt(problems, "reuse-ros");
  return (
    <Card data-color="neutral">
      <form onSubmit={submit} noValidate className="stack" aria-labelledby="reuse-form-title">
        <Heading level={3} data-size="xs" id="reuse-form-title">
          {t("reuseRos")}
        </Heading>
        <Paragraph data-size="sm" className="muted">
          {t("reuseHelp")}
        </Paragraph>
        <FormErrors heading={t("formErrors")} problems={problems} attempt={attempt} level={4} />
        <div className="ini-form-grid">
          <Field>
            <Label htmlFor="reuse-from">{t("reuseFromInitiative")}</Label>
            <Select
              id="reuse-from"
              value={from}
              onChange={(e) => {
                setFrom(e.target.value);
                setRos("");
              }}
              aria-invalid={fromError ? true : undefined}
              aria-describedby={fromError ? "reuse-from-error" : undefined}
            >
              <option value="">{t("chooseInitiative")}</option>
              {others.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.code} {i.title}
                </option>
              ))}
            </Select>
            {fromError && <ValidationMessage id="reuse-from-error">{fromError}</ValidationMessage>}
          </Field>
          <Field>
            <Label htmlFor="reuse-ros">{t("rosName")}</Label>
            <Select
              id="reuse-ros"
              value={ros}
              disabled={!from || candidates.length === 0}
              onChange={(e) => setRos(e.target.value)}
              aria-invalid={rosError ? true : undefined}
              aria-describedby={rosError ? "reuse-ros-error" : from && source.isSuccess && candidates.length === 0 ? "reuse-ros-none" : undefined}
            >
              <option value="">{t("chooseRos")}</option>
              {candidates.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.title} ({formatDate(r.performedOn)})
                </option>
              ))}
            </Select>
            {from && source.isSuccess && candidates.length === 0 && (
              <Paragraph data-size="sm" id="reuse-ros-none" className="muted">
                {t("noRosToReuse")}
              </Paragraph>
            )}
            {rosError && <ValidationMessage id="reuse-ros-error">{rosError}</ValidationMessage>}
          </Field>
          <Textfield id="reuse-on" type="date" label={t("reusedOn")} value={reusedOn} onChange={(e) => setReusedOn(e.target.value)} error={problemAt(problems, "reuse-on")} />
        </div>
        <SaveMessage outcome={outcome} onReload={() => void ctx.reload().then(() => setOutcome(null))} />
        <FormActions pending={save.isPending} onCancel={onDone} submitLabel={t("markReused")} />
      </form>
    </Card>
  );
}
