import { Button, Card, Checkbox, Details, Dialog, Field, Fieldset, Heading, Label, Paragraph, Radio, Select, Tag, Textfield, ValidationMessage } from "@digdir/designsystemet-react";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link as RouterLink } from "wouter";
import { tryParsePeriod } from "../../../../server/src/domain/period.js";
import { BENEFIT_KINDS, benefitLine, type BenefitKind } from "../../../../server/src/domain/portfolio/benefits.js";
import { client, ok } from "../../api/client.js";
import type { paths } from "../../api/schema.js";
import { useCoverage, type Initiative } from "../../api/portfolio.js";
import { useOrganisations } from "../../api/queries.js";
import { DataTable } from "../../components/DataTable.js";
import { FormErrors, problemAt, useFormProblems, type FieldProblem } from "../../components/FormErrors.js";
import { formatDate, formatDateTime, formatNumber, formatValue } from "../../format.js";
import { useLang, useT } from "../../i18n/i18n.js";
import { lastCompleted, periodLabel, periodStart, today } from "../../periods.js";
import { urls } from "../../urls.js";
import type { InitiativeContext } from "./InitiativePage.js";
import { benefitsMessages } from "../benefits/messages.js";
import { initiativeMessages } from "./messages.js";
import { inputText, isDate, parseAmount, parseKroner, parseSigned } from "./model.js";
import { Empty, FormActions, PageSection, SaveMessage, serverProblems, useOrgName, useSaveOutcome } from "./shared.js";

type Benefit = Initiative["benefits"][number];
type BenefitBody = NonNullable<paths["/api/v1/initiatives/{id}/benefits"]["post"]["requestBody"]>["content"]["application/json"];
type Actual = Benefit["actuals"][number];


/** The key results of the strategy, for a benefit's indicator: id → "1.4 Title". */
function useKeyResultNames(strategyId: string) {
  const coverage = useCoverage(strategyId);
  return new Map((coverage.data?.sections ?? []).flatMap((s) => s.keyResults.map((k) => [k.id, `${k.code} ${k.title}`] as const)));
}

/**
 * The benefit plan (gevinstrealiseringsplan): each benefit with its kind, whether priced, who is
 * responsible, its indicator (a key result of the strategy or its own), baseline, target and when
 * it should be realised, and what has been realised so far.
 */
export function BenefitPlan({ ctx }: { ctx: InitiativeContext }) {
  const t = useT(initiativeMessages);
  const [editing, setEditing] = useState<Benefit | "new" | null>(null);
  const [actualFor, setActualFor] = useState<Benefit | null>(null);
  const benefits = ctx.initiative.benefits.filter((b) => !b.retiredAt);
  const retired = ctx.initiative.benefits.length - benefits.length;
  const planned = benefits.reduce((s, b) => ({ nok: s.nok + (b.valueNok ?? 0), hours: s.hours + (b.hoursFreed ?? 0) }), { nok: 0, hours: 0 });
  return (
    <PageSection
      id="benefits"
      title={t("benefitsTitle")}
      intro={t("benefitsIntro")}
      action={
        ctx.mayManage && (
          <Button variant="secondary" data-size="sm" onClick={() => setEditing("new")}>
            {t("addBenefit")}
          </Button>
        )
      }
    >
      {benefits.length === 0 ? (
        <Empty>{ctx.mayManage ? t("noBenefitsManage") : t("noBenefits")}</Empty>
      ) : (
        <>
          <Paragraph>{t("benefitsPlanned", { count: benefits.length, nok: formatValue(planned.nok, "nok"), hours: formatNumber(planned.hours, 0) })}</Paragraph>
          <ul className="ini-benefits">
            {benefits.map((b) => (
              <BenefitCard key={b.id} ctx={ctx} b={b} onEdit={() => setEditing(b)} onActual={() => setActualFor(b)} />
            ))}
          </ul>
        </>
      )}
      {retired > 0 && (
        <Paragraph data-size="sm" className="muted">
          {t("retiredCount", { count: retired })}
        </Paragraph>
      )}
      {ctx.mayManage && (
        <>
          <Dialog open={editing !== null} onClose={() => setEditing(null)} closeButton={t("close")} aria-labelledby="benefit-form-title" closedby="any" className="ini-dialog">
            {editing !== null && <BenefitForm key={editing === "new" ? "new" : editing.id} ctx={ctx} benefit={editing === "new" ? null : editing} onDone={() => setEditing(null)} />}
          </Dialog>
          <Dialog open={actualFor !== null} onClose={() => setActualFor(null)} closeButton={t("close")} aria-labelledby="actual-form-title" closedby="any" className="ini-dialog">
            {actualFor !== null && <ActualForm key={actualFor.id} ctx={ctx} benefit={actualFor} onDone={() => setActualFor(null)} />}
          </Dialog>
        </>
      )}
    </PageSection>
  );
}

function BenefitCard({ ctx, b, onEdit, onActual }: { ctx: InitiativeContext; b: Benefit; onEdit: () => void; onActual: () => void }) {
  const t = useT(initiativeMessages);
  const tb = useT(benefitsMessages);
  const { lang } = useLang();
  const orgName = useOrgName();
  const krNames = useKeyResultNames(ctx.strategyId);
  // The same reading of the plan as the benefit realisation report's: realised, and what is lacking.
  const line = benefitLine(
    {
      ...b,
      trust: b.organisationId ?? ctx.initiative.organisationId,
      initiative: { ...ctx.initiative, sectionKeys: [] },
      actuals: b.actuals.map((a) => ({ ...a, periodStart: periodStart(a.period) })),
    },
    today(),
  );
  const latest = line.latest;
  const unit = b.keyResultId ? "" : b.unit;
  const num = (n: number | null | undefined) => (n === null || n === undefined ? "–" : `${formatNumber(n, 2)}${unit ? ` ${unit}` : ""}`);
  const titleId = `benefit-${b.id}`;
  return (
    <li>
      <Card data-color="neutral" className="ini-benefit" aria-labelledby={titleId}>
        <Card.Block className="ini-benefit-block">
        <div className="ini-section-head">
          <Heading level={3} data-size="xs" id={titleId}>
            {b.title}
          </Heading>
          {ctx.mayManage && (
            <div className="ini-actions">
              <Button variant="tertiary" data-size="sm" onClick={onActual}>
                {t("recordActual")}
                <span className="visually-hidden"> – {b.title}</span>
              </Button>
              <Button variant="tertiary" data-size="sm" onClick={onEdit}>
                {t("edit")}
                <span className="visually-hidden"> {b.title}</span>
              </Button>
            </div>
          )}
        </div>
        <div className="ini-tags">
          <Tag data-color="info" data-size="sm">
            {t(`benefitKind_${b.kind as BenefitKind}`)}
          </Tag>
          <Tag data-color="neutral" data-size="sm">
            {b.priced ? t("priced") : t("notPriced")}
          </Tag>
          {line.realised && (
            <Tag data-color="success" data-size="sm">
              <span aria-hidden="true" className="status-symbol">
                ✓
              </span>{" "}
              {t("realised")}
            </Tag>
          )}
          {line.problems.map((p) => (
            <Tag key={p} data-color={p === "overdue" ? "danger" : "warning"} data-size="sm">
              <span aria-hidden="true" className="status-symbol">
                !
              </span>{" "}
              {tb(`flag_${p}`)}
            </Tag>
          ))}
        </div>
        {b.change && (
          <Paragraph data-size="sm">
            <strong>{t("change")}:</strong> {b.change}
          </Paragraph>
        )}
        <dl className="ini-facts ini-facts-plain">
          <div>
            <dt>{t("responsible")}</dt>
            <dd>
              {b.responsible || t("notGiven")}
              {b.organisationId ? `, ${orgName(b.organisationId)}` : ""}
            </dd>
          </div>
          <div>
            <dt>{t("indicator")}</dt>
            <dd>
              {b.keyResultId ? (
                <RouterLink href={urls.keyResult(ctx.region, ctx.strategyId, b.keyResultId)}>{krNames.get(b.keyResultId) ?? t("keyResult")}</RouterLink>
              ) : b.indicator ? (
                `${b.indicator}${b.unit ? ` (${b.unit})` : ""}`
              ) : (
                t("notGiven")
              )}
            </dd>
          </div>
          <div>
            <dt>{t("baseline")}</dt>
            <dd>
              {num(b.baseline)}
              {b.baselineDate ? ` (${formatDate(b.baselineDate)})` : ""}
            </dd>
          </div>
          <div>
            <dt>{t("target")}</dt>
            <dd>{num(b.target)}</dd>
          </div>
          <div>
            <dt>{t("valueNokPerYear")}</dt>
            <dd>{formatValue(b.valueNok, "nok")}</dd>
          </div>
          <div>
            <dt>{t("hoursFreedPerYear")}</dt>
            <dd>{formatNumber(b.hoursFreed, 0)}</dd>
          </div>
          <div>
            <dt>{t("realiseBy")}</dt>
            <dd>{formatDate(b.realiseBy)}</dd>
          </div>
          <div>
            <dt>{t("latestActual")}</dt>
            <dd>{latest ? t("actualLine", { period: periodLabel(latest.period, lang), value: num(latest.value), nok: formatValue(latest.valueNok, "nok"), hours: formatNumber(latest.hoursFreed, 0) }) : t("noActuals")}</dd>
          </div>
        </dl>
        </Card.Block>
        {b.actuals.length > 0 && (
          <Details>
            <Details.Summary>{t("actualsHistory", { count: b.actuals.length })}</Details.Summary>
            <Details.Content>
              <DataTable
                caption={t("actualsCaption", { title: b.title })}
                captionHidden
                rows={[...b.actuals].reverse()}
                rowKey={(a) => String(a.id)}
                columns={[
                  { key: "period", header: t("period"), rowHeader: true, cell: (a: Actual) => periodLabel(a.period, lang) },
                  { key: "value", header: t("indicatorValue"), numeric: true, cell: (a: Actual) => num(a.value) },
                  { key: "nok", header: t("valueNok"), numeric: true, cell: (a: Actual) => formatValue(a.valueNok, "nok") },
                  { key: "hours", header: t("hoursFreed"), numeric: true, cell: (a: Actual) => formatNumber(a.hoursFreed, 0) },
                  { key: "comment", header: t("comment"), cell: (a: Actual) => a.comment || <span className="muted">–</span> },
                  { key: "by", header: t("recorded"), cell: (a: Actual) => <span className="nowrap">{t("recordedBy", { who: a.recordedBy, when: formatDateTime(a.recordedAt) })}</span> },
                ]}
              />
            </Details.Content>
          </Details>
        )}
      </Card>
    </li>
  );
}

function BenefitForm({ ctx, benefit, onDone }: { ctx: InitiativeContext; benefit: Benefit | null; onDone: () => void }) {
  const t = useT(initiativeMessages);
  const orgs = useOrganisations();
  const coverage = useCoverage(ctx.strategyId);
  const fill = (b: Benefit | null) => ({
    change: b?.change ?? "",
    title: b?.title ?? "",
    kind: (b?.kind ?? "") as BenefitKind | "",
    priced: b?.priced ?? false,
    responsible: b?.responsible ?? "",
    organisation: b?.organisationId ?? "",
    source: (b && !b.keyResultId && b.indicator ? "own" : "keyResult") as "own" | "keyResult",
    keyResult: b?.keyResultId ?? "",
    indicator: b?.indicator ?? "",
    unit: b?.unit ?? "",
    baseline: inputText(b?.baseline),
    baselineDate: b?.baselineDate ?? "",
    target: inputText(b?.target),
    valueNok: inputText(b?.valueNok),
    hoursFreed: inputText(b?.hoursFreed),
    realiseBy: b?.realiseBy ?? "",
  });
  const [v, setV] = useState(() => fill(benefit));
  const [base, setBase] = useState(benefit);
  const [retired, setRetired] = useState(false);
  const { problems, attempt, show } = useFormProblems();
  const { outcome, setOutcome, failed } = useSaveOutcome();
  const f = (target: string, label: string) => ({ target: `bf-${target}`, label });
  const fields = {
    change: f("change", t("change")),
    title: f("title", t("benefitName")),
    kind: f("kind", t("benefitKind")),
    priced: f("priced", t("pricedLabel")),
    responsible: f("responsible", t("responsible")),
    organisation: f("organisation", t("benefitOrganisation")),
    keyResult: f("keyResult", t("keyResult")),
    indicator: f("indicator", t("ownIndicator")),
    unit: f("unit", t("unit")),
    baseline: f("baseline", t("baseline")),
    baselineDate: f("baselineDate", t("baselineDate")),
    target: f("target", t("target")),
    valueNok: f("valueNok", t("valueNokPerYear")),
    hoursFreed: f("hoursFreed", t("hoursFreedPerYear")),
    realiseBy: f("realiseBy", t("realiseBy")),
  };
  type Name = keyof typeof fields;
  const set = (name: keyof typeof v, value: string | boolean) => setV({ ...v, [name]: value });

  const save = useMutation({
    mutationFn: (b: BenefitBody) =>
      base
        ? ok(client.PUT("/api/v1/benefits/{id}", { params: { path: { id: base.id } }, headers: { "if-match": `"${base.version}"` }, body: { ...b, retired } }))
        : ok(client.POST("/api/v1/initiatives/{id}/benefits", { params: { path: { id: ctx.initiative.id } }, body: b })),
    onSuccess: async () => {
      await ctx.refresh();
      onDone();
    },
    onError: (err) => show(failed(err, { guarded: base !== null, fieldProblems: (e) => serverProblems(e, fields, fields.title) })),
  });

  async function reload() {
    const fresh = (await ctx.reload()).benefits.find((b) => b.id === base?.id) ?? null;
    setBase(fresh);
    setV(fill(fresh));
    setOutcome(null);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (save.isPending) return;
    setOutcome(null);
    const found: FieldProblem[] = [];
    const need = (name: Name, ok: boolean, message: string) => {
      if (!ok) found.push({ ...fields[name], message });
    };
    need("title", v.title.trim() !== "", t("titleRequired"));
    need("kind", v.kind !== "", t("benefitKindRequired"));
    const number = <T,>(name: Name, parse: (s: string) => T | undefined, message: string): T | null => {
      const n = parse(String(v[name as keyof typeof v]));
      if (n === undefined) found.push({ ...fields[name], message });
      return (n ?? null) as T | null;
    };
    const baseline = number("baseline", parseSigned, t("numberInvalid"));
    const target = number("target", parseSigned, t("numberInvalid"));
    const valueNok = number("valueNok", parseKroner, t("krInvalid"));
    const hoursFreed = number("hoursFreed", parseAmount, t("amountInvalid"));
    need("baselineDate", v.baselineDate === "" || isDate(v.baselineDate), t("dateInvalid"));
    need("realiseBy", v.realiseBy === "" || isDate(v.realiseBy), t("dateInvalid"));
    if (!show(found)) return;
    const b: BenefitBody = {
      change: v.change.trim(),
      title: v.title.trim(),
      kind: v.kind as BenefitKind,
      priced: v.priced,
      responsible: v.responsible.trim(),
      organisation: v.organisation || null,
      keyResult: v.source === "keyResult" ? v.keyResult || null : null,
      indicator: v.source === "own" ? v.indicator.trim() : "",
      unit: v.source === "own" ? v.unit.trim() : "",
      baseline,
      baselineDate: v.baselineDate || null,
      target,
      valueNok,
      hoursFreed,
      realiseBy: v.realiseBy || null,
    };
    save.mutate(b);
  }

  const select = (name: "kind" | "organisation" | "keyResult", options: { value: string; label: string }[], empty: string) => {
    const error = problemAt(problems, fields[name].target);
    return (
      <Field>
        <Label htmlFor={fields[name].target}>{fields[name].label}</Label>
        <Select
          id={fields[name].target}
          value={v[name]}
          onChange={(e) => set(name, e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${fields[name].target}-error` : undefined}
        >
          <option value="">{empty}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
        {error && <ValidationMessage id={`${fields[name].target}-error`}>{error}</ValidationMessage>}
      </Field>
    );
  };
  const text = (name: Exclude<Name, "kind" | "organisation" | "keyResult" | "priced">, opts: { type?: "date"; description?: string; numeric?: boolean; multiline?: boolean } = {}) =>
    opts.multiline ? (
      <Textfield id={fields[name].target} multiline rows={2} label={fields[name].label} description={opts.description} value={String(v[name])} onChange={(e) => set(name, e.target.value)} error={problemAt(problems, fields[name].target)} />
    ) : (
      <Textfield
        id={fields[name].target}
        type={opts.type}
        inputMode={opts.numeric ? "decimal" : undefined}
        label={fields[name].label}
        description={opts.description}
        value={String(v[name])}
        onChange={(e) => set(name, e.target.value)}
        error={problemAt(problems, fields[name].target)}
        autoComplete="off"
      />
    );
  const regionOrgs = (orgs.data ?? []).filter((o) => o.id === ctx.owner || o.parent === ctx.owner);
  const krs = (coverage.data?.sections ?? []).flatMap((s) => s.keyResults.map((k) => ({ value: k.id, label: `${k.code} ${k.title}` })));

  return (
    <form onSubmit={submit} noValidate className="stack" aria-labelledby="benefit-form-title">
      <Heading level={2} data-size="sm" id="benefit-form-title">
        {base ? t("editBenefitTitle", { title: base.title }) : t("addBenefit")}
      </Heading>
      <FormErrors heading={t("formErrors")} problems={problems} attempt={attempt} level={3} />
      {text("title")}
      {text("change", { description: t("changeHelp"), multiline: true })}
      <div className="ini-form-grid">
        {select("kind", BENEFIT_KINDS.map((k) => ({ value: k, label: t(`benefitKind_${k}`) })), t("choose"))}
        <div className="ini-checkbox-cell">
          <Checkbox id="bf-priced" label={t("pricedLabel")} description={t("pricedHelp")} checked={v.priced} onChange={(e) => set("priced", e.target.checked)} />
        </div>
        {text("responsible", { description: t("responsibleHelp") })}
        {select("organisation", regionOrgs.map((o) => ({ value: o.id, label: o.name })), t("noOrganisation"))}
      </div>
      <Fieldset>
        <Fieldset.Legend>{t("indicator")}</Fieldset.Legend>
        <Fieldset.Description>{t("indicatorHelp")}</Fieldset.Description>
        <Radio id="bf-source-kr" name="bf-source" value="keyResult" label={t("indicatorKeyResult")} checked={v.source === "keyResult"} onChange={() => set("source", "keyResult")} />
        <Radio id="bf-source-own" name="bf-source" value="own" label={t("indicatorOwn")} checked={v.source === "own"} onChange={() => set("source", "own")} />
        <div className="ini-form-grid">
          {v.source === "keyResult" ? (
            select("keyResult", krs, t("chooseKeyResult"))
          ) : (
            <>
              {text("indicator")}
              {text("unit")}
            </>
          )}
        </div>
      </Fieldset>
      <div className="ini-form-grid">
        {text("baseline", { numeric: true, description: t("baselineHelp") })}
        {text("baselineDate", { type: "date" })}
        {text("target", { numeric: true })}
        {text("realiseBy", { type: "date" })}
        {text("valueNok", { numeric: true, description: t("valueNokHelp") })}
        {text("hoursFreed", { numeric: true, description: t("hoursFreedHelp") })}
      </div>
      {base && <Checkbox id="bf-retired" label={t("retireBenefit")} description={t("retireHelp")} checked={retired} onChange={(e) => setRetired(e.target.checked)} />}
      <SaveMessage outcome={outcome} onReload={() => void reload()} />
      <FormActions pending={save.isPending} onCancel={onDone} />
    </form>
  );
}

function ActualForm({ ctx, benefit, onDone }: { ctx: InitiativeContext; benefit: Benefit; onDone: () => void }) {
  const t = useT(initiativeMessages);
  const { lang } = useLang();
  const [v, setV] = useState({ period: lastCompleted("quarter", today()), value: "", valueNok: "", hoursFreed: "", comment: "" });
  const [seen, setSeen] = useState(benefit.actuals);
  const { problems, attempt, show } = useFormProblems();
  const { outcome, setOutcome, failed } = useSaveOutcome();
  const fields = {
    period: { target: "ba-period", label: t("period") },
    value: { target: "ba-value", label: t("indicatorValue") },
    valueNok: { target: "ba-valueNok", label: t("valueNok") },
    hoursFreed: { target: "ba-hoursFreed", label: t("hoursFreed") },
    comment: { target: "ba-comment", label: t("comment") },
  };
  const current = seen.find((a) => a.period === v.period.trim());
  const save = useMutation({
    mutationFn: (body: { period: string; value: number | null; valueNok: number | null; hoursFreed: number | null; comment: string; replaces: number | null }) =>
      ok(client.POST("/api/v1/benefits/{id}/actuals", { params: { path: { id: benefit.id } }, body })),
    onSuccess: async () => {
      await ctx.refresh();
      onDone();
    },
    onError: (err) => show(failed(err, { guarded: true, fieldProblems: (e) => serverProblems(e, fields, fields.period) })),
  });
  async function reload() {
    const fresh = (await ctx.reload()).benefits.find((b) => b.id === benefit.id);
    setSeen(fresh?.actuals ?? []);
    setOutcome(null);
  }
  function submit(e: FormEvent) {
    e.preventDefault();
    if (save.isPending) return;
    setOutcome(null);
    const found: FieldProblem[] = [];
    const period = v.period.trim();
    if (!tryParsePeriod(period)) found.push({ ...fields.period, message: t("periodInvalid") });
    const value = parseSigned(v.value);
    const valueNok = parseKroner(v.valueNok);
    const hoursFreed = parseAmount(v.hoursFreed);
    if (value === undefined) found.push({ ...fields.value, message: t("numberInvalid") });
    if (valueNok === undefined) found.push({ ...fields.valueNok, message: t("krInvalid") });
    if (hoursFreed === undefined) found.push({ ...fields.hoursFreed, message: t("amountInvalid") });
    if (found.length === 0 && value === null && valueNok === null && hoursFreed === null) found.push({ ...fields.value, message: t("actualEmpty") });
    if (show(found)) save.mutate({ period, value: value ?? null, valueNok: valueNok ?? null, hoursFreed: hoursFreed ?? null, comment: v.comment.trim(), replaces: current?.id ?? null });
  }
  const field = (name: keyof typeof fields, description?: string) => (
    <Textfield
      id={fields[name].target}
      label={fields[name].label}
      description={description}
      inputMode={name === "period" || name === "comment" ? undefined : "decimal"}
      value={v[name]}
      onChange={(e) => setV({ ...v, [name]: e.target.value })}
      error={problemAt(problems, fields[name].target)}
      autoComplete="off"
    />
  );
  return (
    <form onSubmit={submit} noValidate className="stack" aria-labelledby="actual-form-title">
      <Heading level={2} data-size="sm" id="actual-form-title">
        {t("actualFormTitle", { title: benefit.title })}
      </Heading>
      <FormErrors heading={t("formErrors")} problems={problems} attempt={attempt} level={3} />
      {field("period", t("periodHelp"))}
      {current && (
        <Paragraph data-size="sm" role="status">
          {t("actualReplaces", { period: periodLabel(current.period, lang) })}
        </Paragraph>
      )}
      <div className="ini-form-grid">
        {field("value", benefit.keyResultId ? undefined : benefit.unit || undefined)}
        {field("valueNok", t("valueNokHelp"))}
        {field("hoursFreed", t("hoursFreedHelp"))}
      </div>
      {field("comment")}
      <SaveMessage outcome={outcome} onReload={() => void reload()} />
      <FormActions pending={save.isPending} onCancel={onDone} />
    </form>
  );
}
