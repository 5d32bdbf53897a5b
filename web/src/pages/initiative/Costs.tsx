import { Button, Card, Heading, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { client, ok } from "../../api/client.js";
import type { Initiative } from "../../api/portfolio.js";
import { DataTable } from "../../components/DataTable.js";
import { FormErrors, problemAt, useFormProblems, type FieldProblem } from "../../components/FormErrors.js";
import { formatNumber, formatValue } from "../../format.js";
import { useT } from "../../i18n/i18n.js";
import type { InitiativeContext } from "./InitiativePage.js";
import { initiativeMessages } from "./messages.js";
import { inputText, parseAmount, parseKroner } from "./model.js";
import { Empty, FormActions, PageSection, SaveMessage, serverProblems, useSaveOutcome } from "./shared.js";

type Cost = Initiative["costs"][number];

const kr = (n: number | null | undefined) => formatValue(n, "nok");

/** Costs per year, estimated against actual, and the shared IT provider's effort; a year edited by those who manage the initiative. */
export function Costs({ ctx }: { ctx: InitiativeContext }) {
  const t = useT(initiativeMessages);
  const costs = ctx.initiative.costs;
  // The form is closed, open for a new year (null), or open for a year already costed.
  const [editYear, setEditYear] = useState<number | null | undefined>(undefined);
  const total = ctx.initiative.totals;
  type Row = { key: string; label: string; cost: Omit<Cost, "year" | "updatedBy" | "updatedAt">; year: number | null };
  const rows: Row[] = [
    ...costs.map((c) => ({ key: String(c.year), label: String(c.year), cost: c, year: c.year })),
    ...(costs.length > 1 ? [{ key: "total", label: t("total"), cost: total, year: null }] : []),
  ];

  function edit(year: number) {
    setEditYear(year);
    requestAnimationFrame(() => document.getElementById("cost-investmentEstimate")?.focus());
  }

  return (
    <PageSection
      id="costs"
      title={t("costsTitle")}
      intro={t("costsIntro")}
      action={
        ctx.mayManage && (
          <Button variant="secondary" data-size="sm" aria-expanded={editYear !== undefined} aria-controls="cost-form" onClick={() => setEditYear(editYear === undefined ? null : undefined)}>
            {t("costFormTitle")}
          </Button>
        )
      }
    >
      {costs.length === 0 ? (
        <Empty>{ctx.mayManage ? t("noCostsManage") : t("noCosts")}</Empty>
      ) : (
        <DataTable
          caption={t("costsCaption")}
          rows={rows}
          rowKey={(r) => r.key}
          columns={[
            { key: "year", header: t("year"), rowHeader: true, cell: (r) => r.label },
            { key: "ie", header: t("investmentEstimate"), numeric: true, cell: (r) => kr(r.cost.investmentEstimate) },
            { key: "ia", header: t("investmentActual"), numeric: true, cell: (r) => kr(r.cost.investmentActual) },
            { key: "oe", header: t("operatingEstimate"), numeric: true, cell: (r) => kr(r.cost.operatingEstimate) },
            { key: "oa", header: t("operatingActual"), numeric: true, cell: (r) => kr(r.cost.operatingActual) },
            { key: "py", header: t("providerPersonYears"), numeric: true, cell: (r) => formatNumber(r.cost.providerPersonYears, 2) },
            ...(ctx.mayManage
              ? [
                  {
                    key: "edit",
                    header: <span className="visually-hidden">{t("actions")}</span>,
                    cell: (r: Row) =>
                      r.year !== null && (
                        <Button variant="tertiary" data-size="sm" onClick={() => edit(r.year!)}>
                          {t("editYear", { year: r.year })}
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {ctx.mayManage && editYear !== undefined && <CostForm key={editYear ?? "new"} ctx={ctx} year={editYear} onDone={() => setEditYear(undefined)} />}
    </PageSection>
  );
}

function CostForm({ ctx, year: initialYear, onDone }: { ctx: InitiativeContext; year: number | null; onDone: () => void }) {
  const t = useT(initiativeMessages);
  const existing = (y: number) => ctx.initiative.costs.find((c) => c.year === y);
  const fill = (y: number | null) => {
    const c = y === null ? undefined : existing(y);
    return {
      year: y === null ? String(new Date().getFullYear()) : String(y),
      investmentEstimate: inputText(c?.investmentEstimate),
      investmentActual: inputText(c?.investmentActual),
      operatingEstimate: inputText(c?.operatingEstimate),
      operatingActual: inputText(c?.operatingActual),
      providerPersonYears: inputText(c?.providerPersonYears),
    };
  };
  const [v, setV] = useState(() => fill(initialYear ?? (existing(new Date().getFullYear()) ? new Date().getFullYear() : null)));
  const { problems, attempt, show } = useFormProblems();
  const { outcome, setOutcome, failed } = useSaveOutcome();
  const fields = {
    year: { target: "cost-year", label: t("year") },
    investmentEstimate: { target: "cost-investmentEstimate", label: t("investmentEstimate") },
    investmentActual: { target: "cost-investmentActual", label: t("investmentActual") },
    operatingEstimate: { target: "cost-operatingEstimate", label: t("operatingEstimate") },
    operatingActual: { target: "cost-operatingActual", label: t("operatingActual") },
    providerPersonYears: { target: "cost-providerPersonYears", label: t("providerPersonYears") },
  };
  type Name = keyof typeof fields;
  const year = Number(v.year);

  const save = useMutation({
    mutationFn: (body: { investmentEstimate: number; investmentActual: number | null; operatingEstimate: number; operatingActual: number | null; providerPersonYears: number }) =>
      ok(client.PUT("/api/v1/initiatives/{id}/costs/{year}", { params: { path: { id: ctx.initiative.id, year } }, body })),
    onSuccess: async () => {
      setOutcome({ kind: "saved", text: t("costSaved", { year }) });
      await ctx.refresh();
    },
    onError: (err) => show(failed(err, { guarded: false, fieldProblems: (e) => serverProblems(e, fields, fields.year) })),
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (save.isPending) return;
    setOutcome(null);
    const found: FieldProblem[] = [];
    if (!/^\d{4}$/.test(v.year.trim()) || year < 2000 || year > 2100) found.push({ ...fields.year, message: t("yearInvalid") });
    const money = (name: Name, required: boolean) => {
      const n = parseKroner(v[name]);
      if (n === undefined) found.push({ ...fields[name], message: t("krInvalid") });
      return n ?? (required ? 0 : null);
    };
    const body = {
      investmentEstimate: money("investmentEstimate", true)!,
      investmentActual: money("investmentActual", false),
      operatingEstimate: money("operatingEstimate", true)!,
      operatingActual: money("operatingActual", false),
      providerPersonYears: (() => {
        const n = parseAmount(v.providerPersonYears);
        if (n === undefined) found.push({ ...fields.providerPersonYears, message: t("amountInvalid") });
        return n ?? 0;
      })(),
    };
    if (show(found)) save.mutate(body);
  }

  const field = (name: Exclude<Name, "year">, description?: string) => (
    <Textfield
      id={fields[name].target}
      label={fields[name].label}
      description={description}
      inputMode="decimal"
      suffix={name === "providerPersonYears" ? undefined : "kr"}
      value={v[name]}
      onChange={(e) => setV({ ...v, [name]: e.target.value })}
      error={problemAt(problems, fields[name].target)}
      autoComplete="off"
    />
  );

  return (
    <Card data-color="neutral" id="cost-form">
      <form onSubmit={submit} noValidate className="stack" aria-labelledby="cost-form-title">
        <Heading level={3} data-size="xs" id="cost-form-title">
          {t("costFormTitle")}
        </Heading>
        <Paragraph data-size="sm" className="muted">
          {t("costFormHelp")}
        </Paragraph>
        <FormErrors heading={t("formErrors")} problems={problems} attempt={attempt} level={4} />
        <div className="ini-form-grid">
          <Textfield
            id="cost-year"
            label={t("year")}
            inputMode="numeric"
            value={v.year}
            onChange={(e) => {
              const y = e.target.value;
              // A year already costed fills the form with its figures.
              setV(/^\d{4}$/.test(y) && existing(Number(y)) ? fill(Number(y)) : { ...v, year: y });
            }}
            error={problemAt(problems, "cost-year")}
            autoComplete="off"
          />
          {field("investmentEstimate")}
          {field("investmentActual", t("actualHelp"))}
          {field("operatingEstimate")}
          {field("operatingActual", t("actualHelp"))}
          {field("providerPersonYears", t("personYearsHelp"))}
        </div>
        <SaveMessage outcome={outcome} onReload={() => void ctx.reload().then(() => setOutcome(null))} />
        <FormActions pending={save.isPending} onCancel={onDone} submitLabel={t("saveYear", { year: /^\d{4}$/.test(v.year) ? v.year : "…" })} cancelLabel={t("close")} />
      </form>
    </Card>
  );
}
