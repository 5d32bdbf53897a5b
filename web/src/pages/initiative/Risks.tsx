import { Button, Card, Dialog, Field, Heading, Label, Select, Table, Tag, Textfield, ValidationMessage } from "@digdir/designsystemet-react";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { client, ok } from "../../api/client.js";
import type { Initiative } from "../../api/portfolio.js";
import { DataTable } from "../../components/DataTable.js";
import { FormErrors, problemAt, useFormProblems, type FieldProblem } from "../../components/FormErrors.js";
import { useT } from "../../i18n/i18n.js";
import type { InitiativeContext } from "./InitiativePage.js";
import { initiativeMessages } from "./messages.js";
import { riskGrid, riskLevel, SCALE, type RiskLevel } from "./model.js";
import { Empty, FormActions, PageSection, SaveMessage, serverProblems, useSaveOutcome } from "./shared.js";

type Risk = Initiative["risks"][number];

const LEVEL_COLOR: Record<RiskLevel, string> = { low: "success", medium: "warning", high: "danger" };

/** Risks on the likelihood × consequence grid and as a list, added and revised by those who manage the initiative. */
export function Risks({ ctx }: { ctx: InitiativeContext }) {
  const t = useT(initiativeMessages);
  const risks = ctx.initiative.risks;
  const [editing, setEditing] = useState<Risk | "new" | null>(null);
  const open = risks.filter((r) => r.status === "open");
  return (
    <PageSection
      id="risks"
      title={t("risksTitle")}
      intro={t("risksIntro")}
      action={
        ctx.mayManage && (
          <Button variant="secondary" data-size="sm" onClick={() => setEditing("new")}>
            {t("addRisk")}
          </Button>
        )
      }
    >
      {risks.length === 0 ? (
        <Empty>{ctx.mayManage ? t("noRisksManage") : t("noRisks")}</Empty>
      ) : (
        <>
          {open.length > 0 && <RiskMatrix risks={open} />}
          <DataTable
            caption={t("risksCaption")}
            rows={risks}
            rowKey={(r) => r.id}
            columns={[
              { key: "title", header: t("riskTitle"), rowHeader: true, cell: (r) => r.title },
              { key: "l", header: t("likelihood"), numeric: true, cell: (r) => r.likelihood },
              { key: "c", header: t("consequence"), numeric: true, cell: (r) => r.consequence },
              { key: "score", header: t("riskScore"), cell: (r) => <LevelTag risk={r} /> },
              { key: "owner", header: t("riskOwner"), cell: (r) => r.ownerName || <span className="muted">–</span> },
              { key: "mitigation", header: t("mitigation"), cell: (r) => <div className="ini-cell-prose">{r.mitigation || <span className="muted">–</span>}</div> },
              { key: "status", header: t("riskStatus"), cell: (r) => t(`riskStatus_${r.status}`) },
              ...(ctx.mayManage
                ? [
                    {
                      key: "edit",
                      header: <span className="visually-hidden">{t("actions")}</span>,
                      cell: (r: Risk) => (
                        <Button variant="tertiary" data-size="sm" onClick={() => setEditing(r)}>
                          {t("edit")}
                          <span className="visually-hidden"> {r.title}</span>
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </>
      )}
      {ctx.mayManage && (
        <Dialog open={editing !== null} onClose={() => setEditing(null)} closeButton={t("close")} aria-labelledby="risk-form-title" closedby="any" className="ini-dialog">
          {editing !== null && <RiskForm key={editing === "new" ? "new" : editing.id} ctx={ctx} risk={editing === "new" ? null : editing} onDone={() => setEditing(null)} />}
        </Dialog>
      )}
    </PageSection>
  );
}

function LevelTag({ risk }: { risk: Pick<Risk, "likelihood" | "consequence"> }) {
  const t = useT(initiativeMessages);
  const level = riskLevel(risk.likelihood, risk.consequence);
  return (
    <Tag data-color={LEVEL_COLOR[level]} data-size="sm" className="status-tag">
      {risk.likelihood * risk.consequence} – {t(`riskLevel_${level}`)}
    </Tag>
  );
}

/** Open risks on the 5 × 5 grid, likelihood up the side and consequence along the bottom; each cell says its band in words too. */
function RiskMatrix({ risks }: { risks: Risk[] }) {
  const t = useT(initiativeMessages);
  const grid = riskGrid(risks);
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={t("matrixCaption")}>
      <Table data-size="sm" className="ini-matrix">
        <caption className="table-caption">{t("matrixCaption")}</caption>
        <Table.Head>
          <Table.Row>
            <Table.HeaderCell scope="col">{t("likelihoodConsequence")}</Table.HeaderCell>
            {SCALE.map((c) => (
              <Table.HeaderCell key={c} scope="col">
                {t("consequenceN", { n: c })}
              </Table.HeaderCell>
            ))}
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {[...SCALE].reverse().map((l) => (
            <Table.Row key={l}>
              <Table.HeaderCell scope="row">{t("likelihoodN", { n: l })}</Table.HeaderCell>
              {SCALE.map((c) => {
                const cell = grid[l - 1]![c - 1]!;
                const level = riskLevel(l, c);
                return (
                  <Table.Cell key={c} className={`ini-matrix-cell ini-level-${level}`}>
                    <span className="visually-hidden">{t(`riskLevel_${level}`)}: </span>
                    {cell.length === 0 ? (
                      <span className="visually-hidden">{t("noRisksInCell")}</span>
                    ) : (
                      <ul className="ini-matrix-risks">
                        {cell.map((r) => (
                          <li key={r.id}>{r.title}</li>
                        ))}
                      </ul>
                    )}
                  </Table.Cell>
                );
              })}
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </div>
  );
}

function RiskForm({ ctx, risk, onDone }: { ctx: InitiativeContext; risk: Risk | null; onDone: () => void }) {
  const t = useT(initiativeMessages);
  const fill = (r: Risk | null) => ({
    title: r?.title ?? "",
    description: r?.description ?? "",
    likelihood: String(r?.likelihood ?? ""),
    consequence: String(r?.consequence ?? ""),
    ownerName: r?.ownerName ?? "",
    mitigation: r?.mitigation ?? "",
    status: (r?.status ?? "open") as "open" | "closed",
  });
  const [v, setV] = useState(() => fill(risk));
  const [base, setBase] = useState(risk);
  const { problems, attempt, show } = useFormProblems();
  const { outcome, setOutcome, failed } = useSaveOutcome();
  const fields = {
    title: { target: "risk-title", label: t("riskTitle") },
    description: { target: "risk-description", label: t("riskDescription") },
    likelihood: { target: "risk-likelihood", label: t("likelihood") },
    consequence: { target: "risk-consequence", label: t("consequence") },
    ownerName: { target: "risk-owner", label: t("riskOwner") },
    mitigation: { target: "risk-mitigation", label: t("mitigation") },
    status: { target: "risk-status", label: t("riskStatus") },
  };
  const body = () => ({
    title: v.title.trim(),
    description: v.description.trim(),
    likelihood: Number(v.likelihood),
    consequence: Number(v.consequence),
    ownerName: v.ownerName.trim(),
    mitigation: v.mitigation.trim(),
    status: v.status,
  });

  const save = useMutation({
    mutationFn: () =>
      base
        ? ok(client.PUT("/api/v1/risks/{id}", { params: { path: { id: base.id } }, headers: { "if-match": `"${base.version}"` }, body: body() }))
        : ok(client.POST("/api/v1/initiatives/{id}/risks", { params: { path: { id: ctx.initiative.id } }, body: body() })),
    onSuccess: async () => {
      await ctx.refresh();
      onDone();
    },
    onError: (err) => show(failed(err, { guarded: base !== null, fieldProblems: (e) => serverProblems(e, fields, fields.title) })),
  });

  async function reload() {
    const fresh = (await ctx.reload()).risks.find((r) => r.id === base?.id) ?? null;
    setBase(fresh);
    setV(fill(fresh));
    setOutcome(null);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (save.isPending) return;
    setOutcome(null);
    const found: FieldProblem[] = [];
    if (!v.title.trim()) found.push({ ...fields.title, message: t("titleRequired") });
    if (!v.likelihood) found.push({ ...fields.likelihood, message: t("scaleRequired") });
    if (!v.consequence) found.push({ ...fields.consequence, message: t("scaleRequired") });
    if (show(found)) save.mutate();
  }

  const scale = (name: "likelihood" | "consequence", label: string) => {
    const error = problemAt(problems, fields[name].target);
    return (
      <Field>
        <Label htmlFor={fields[name].target}>{label}</Label>
        <Select
          id={fields[name].target}
          value={v[name]}
          onChange={(e) => setV({ ...v, [name]: e.target.value })}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${fields[name].target}-error` : undefined}
        >
          <option value="">{t("choose")}</option>
          {SCALE.map((n) => (
            <option key={n} value={n}>
              {t(`${name}_${n}`)}
            </option>
          ))}
        </Select>
        {error && <ValidationMessage id={`${fields[name].target}-error`}>{error}</ValidationMessage>}
      </Field>
    );
  };

  return (
    <Card data-color="neutral" variant="tinted">
      <form onSubmit={submit} noValidate className="stack" aria-labelledby="risk-form-title">
        <Heading level={2} data-size="sm" id="risk-form-title">
          {base ? t("editRiskTitle", { title: base.title }) : t("addRisk")}
        </Heading>
        <FormErrors heading={t("formErrors")} problems={problems} attempt={attempt} level={3} />
        <Textfield id="risk-title" label={t("riskTitle")} value={v.title} onChange={(e) => setV({ ...v, title: e.target.value })} error={problemAt(problems, "risk-title")} />
        <Textfield id="risk-description" multiline rows={2} label={t("riskDescription")} value={v.description} onChange={(e) => setV({ ...v, description: e.target.value })} />
        <div className="ini-form-grid">
          {scale("likelihood", t("likelihood"))}
          {scale("consequence", t("consequence"))}
          <Textfield id="risk-owner" label={t("riskOwner")} value={v.ownerName} onChange={(e) => setV({ ...v, ownerName: e.target.value })} />
          {base && (
            <Field>
              <Label htmlFor="risk-status">{t("riskStatus")}</Label>
              <Select id="risk-status" value={v.status} onChange={(e) => setV({ ...v, status: e.target.value as "open" | "closed" })}>
                <option value="open">{t("riskStatus_open")}</option>
                <option value="closed">{t("riskStatus_closed")}</option>
              </Select>
            </Field>
          )}
        </div>
        <Textfield id="risk-mitigation" multiline rows={2} label={t("mitigation")} value={v.mitigation} onChange={(e) => setV({ ...v, mitigation: e.target.value })} />
        <SaveMessage outcome={outcome} onReload={() => void reload()} />
        <FormActions pending={save.isPending} onCancel={onDone} />
      </form>
    </Card>
  );
}
