import { Alert, Button, Field, Fieldset, Heading, Input, Label, Paragraph, Select, Textfield, ValidationMessage } from "@digdir/designsystemet-react";
import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { ApiError, type KeyResult, type Measurement, type Organisation } from "../../api/client.js";
import { FormErrors, useFormProblems, type FieldProblem } from "../../components/FormErrors.js";
import { formatDateTime, formatValue } from "../../format.js";
import { common } from "../../i18n/common.js";
import { useLang, useT } from "../../i18n/i18n.js";
import { periodLabel } from "../../periods.js";
import { CorrectionHistory } from "./CorrectionHistory.js";
import {
  batchItem,
  breakdownKey,
  checkAddedBreakdown,
  checkRow,
  EMPTY_ROW,
  entryRows,
  newIdempotencyKey,
  numberFields,
  parseItemPath,
  rowTextOf,
  type BatchItem,
  type Breakdown,
  type NumberField,
  type Problem,
  type RowText,
} from "./entry.js";
import { krMessages } from "./messages.js";
import { parseDecimal, ratioValue, sameNumber, toInputText } from "./numbers.js";
import { periodStart, shift } from "../../periods.js";
import { refreshAfterWrite, submitMeasurements, useMeasurements } from "./queries.js";
import { versionAt } from "./versions.js";

type KeyResultVersion = KeyResult;

interface RowState {
  /** Stable within one form: the inputs' ids. */
  id: string;
  breakdown: Breakdown;
  /** A row the reporter added, with its dimension values typed in. */
  added: boolean;
  text: RowText;
  /** The current measurement the reporter saw when the form was filled: what a correction replaces. */
  current: Measurement | undefined;
}

interface FormState {
  /** The organisation and period the rows were filled for. */
  key: string;
  rows: RowState[];
  comment: string;
  nextId: number;
}

const UNIT_SUFFIX: Record<string, string> = { percent: "%", nok: "kr", tonnes: "t" };

/**
 * Reporting this period's figures for one organisation: its health trust and period, one row per
 * breakdown value (what it reported last time), value or numerator and denominator, a comment.
 * Stored figures are filled in, so a correction is an edit; what changed is sent as one batch
 * that replaces exactly what the reporter saw, or is refused if someone changed it meanwhile.
 */
export function EntryForm({
  kr,
  versions,
  orgs,
  org,
  setOrg,
  period,
  setPeriod,
  periodOptions,
  language,
}: {
  kr: KeyResult;
  versions: KeyResultVersion[];
  orgs: Organisation[];
  org: string;
  setOrg: (o: string | undefined) => void;
  period: string;
  setPeriod: (p: string) => void;
  /** Periods one may report for, newest first. */
  periodOptions: string[];
  language: string;
}) {
  const t = useT(krMessages);
  const tc = useT(common);
  const { lang } = useLang();
  const queryClient = useQueryClient();
  const organisation = orgs.find((o) => o.id === org);
  const rules = versionAt(versions.length > 0 ? versions : [kr], periodStart(period)) ?? kr;
  const fields = numberFields(rules.aggregation);
  const dims = rules.dimensions;
  const unit = rules.unit;

  const newest = periodOptions[0] ?? period;
  const oldest = [periodOptions.at(-1) ?? period, period].sort()[0]!;
  // The organisation's own reports over every period offered: the current figures, and which periods are done.
  const own = useMeasurements(kr.id, oldest, newest, organisation?.id, Boolean(organisation));
  // Everyone's recent reports: the breakdown values in use, for an organisation reporting them for the first time.
  const recent = useMeasurements(kr.id, shift(newest, 3), newest, undefined, dims.length > 0);

  const [state, setState] = useState<FormState | null>(null);
  const { problems: errors, attempt, show: fail, clear: clearErrors } = useFormProblems();
  const [formMessage, setFormMessage] = useState<{ kind: "conflict" | "failed" | "nothing"; text: string; lang?: string } | null>(null);
  const [saved, setSaved] = useState("");
  const [sending, setSending] = useState(false);
  const idempotency = useRef<{ body: string; key: string } | null>(null);
  // A second click in the same moment sees the first one's flag, before React has drawn `sending`.
  const inFlight = useRef(false);

  const formKey = `${org}|${period}`;
  const ready = organisation && own.data && (dims.length === 0 || recent.data);
  const currentOf = (data: Measurement[] | undefined) =>
    new Map((data ?? []).filter((m) => m.period === period).map((m) => [breakdownKey(m.breakdown), m]));

  function initialState(): FormState {
    const current = currentOf(own.data);
    const seen = [...(own.data ?? []), ...(recent.data ?? [])].map((m) => m.breakdown);
    const rows = entryRows(dims, seen).map((b, i) => {
      const m = current.get(breakdownKey(b));
      return { id: `r${i}`, breakdown: b, added: false, text: rowTextOf(m, fields, toInputText), current: m };
    });
    return { key: formKey, rows, comment: "", nextId: rows.length };
  }

  // A new organisation or period fills the form afresh from what is stored for it.
  if (ready && (!state || state.key !== formKey)) {
    setState(initialState());
    clearErrors();
    setFormMessage(null);
  }

  // Another row is possible while a dimension takes any value, or not every combination has a row yet.
  const combinations = dims.reduce((n, d) => n * (d.values.length || Infinity), 1);
  const canAdd = dims.length > 0 && (state?.rows.length ?? 0) < combinations;
  const reported = new Set((own.data ?? []).map((m) => m.period));
  const fieldLabel: Record<NumberField, string> = { value: tc("value"), numerator: t("numerator"), denominator: t("denominator") };
  const rowName = (r: RowState) => dims.map((d) => r.breakdown[d.key] || "…").join(" · ");
  const inputId = (r: RowState, f: string) => `kr-entry-${r.id}-${f}`;
  const errorFor = (id: string) => errors.find((e) => e.target === id);
  const problemText = (p: Problem) => t(`problem_${p}`);

  function updateRow(id: string, change: (r: RowState) => RowState) {
    setState((s) => (s ? { ...s, rows: s.rows.map((r) => (r.id === id ? change(r) : r)) } : s));
  }

  function addRow() {
    if (!state) return;
    const id = `r${state.nextId}`;
    setState({ ...state, rows: [...state.rows, { id, breakdown: Object.fromEntries(dims.map((d) => [d.key, ""])), added: true, text: { ...EMPTY_ROW }, current: undefined }], nextId: state.nextId + 1 });
    // Focus the new row's first field once it is drawn.
    requestAnimationFrame(() => document.getElementById(`kr-entry-${id}-dim-0`)?.focus());
  }

  function removeRow(id: string) {
    setState((s) => (s ? { ...s, rows: s.rows.filter((r) => r.id !== id) } : s));
    requestAnimationFrame(() => document.getElementById("kr-entry-add")?.focus());
  }

  /** The server's faults, at the fields they name, else in the summary with the server's own words. */
  function serverErrors(err: ApiError, sent: RowState[]): FieldProblem[] {
    return err.body.details.map((d) => {
      const at = parseItemPath(d.path);
      const row = at ? sent[at.index] : undefined;
      const field = at?.field;
      const mapped = serverProblem(d.code, field);
      const message = mapped ? problemText(mapped) : d.message;
      const messageLang = mapped ? undefined : "en";
      if (field === "organisation") return { target: "kr-entry-org", label: t("organisationLabel"), message, lang: messageLang };
      if (field === "period") return { target: "kr-entry-period", label: tc("period"), message, lang: messageLang };
      if (field === "comment") return { target: "kr-entry-comment", label: t("commentLabel"), message, lang: messageLang };
      if (row && field && (fields as string[]).includes(field)) {
        return { target: inputId(row, field), label: whereOf(row, fieldLabel[field as NumberField]), message, lang: messageLang };
      }
      const di = dims.findIndex((x) => x.key.toLowerCase() === (field ?? "").toLowerCase());
      if (row && di >= 0) {
        return { target: row.added ? inputId(row, `dim-${di}`) : inputId(row, fields[0]!), label: whereOf(row, dims[di]!.label), message, lang: messageLang };
      }
      return { target: row ? inputId(row, fields[0]!) : "kr-entry-submit", label: row ? rowName(row) : t("reportTitle"), message: d.message, lang: "en" };
    });
  }

  const whereOf = (r: RowState, label: string) => (dims.length > 0 ? `${label} (${rowName(r)})` : label);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (inFlight.current) return;
    setSaved("");
    setFormMessage(null);
    if (!organisation || !state) {
      fail([{ target: "kr-entry-org", label: t("organisationLabel"), message: t("problem_orgRequired") }]);
      return;
    }
    const list: FieldProblem[] = [];
    const toSend: { row: RowState; numbers: Partial<Record<NumberField, number>> }[] = [];
    const keys = new Map(state.rows.filter((r) => !r.added).map((r) => [breakdownKey(r.breakdown).toLowerCase(), r.id]));
    for (const row of state.rows) {
      const check = checkRow(fields, row.text, row.current);
      const problems: Record<string, Problem> = { ...check.problems };
      let status = check.status;
      if (row.added) {
        const dimsEmpty = dims.every((d) => !(row.breakdown[d.key] ?? "").trim());
        if (dimsEmpty && status === "skip") continue;
        const others = new Set([...keys].filter(([, id]) => id !== row.id).map(([k]) => k));
        Object.assign(problems, checkAddedBreakdown(dims, row.breakdown, others));
        if (status === "skip") problems[fields[0]!] = "required";
        keys.set(breakdownKey(Object.fromEntries(Object.entries(row.breakdown).map(([k, v]) => [k, v.trim()]))).toLowerCase(), row.id);
        if (Object.keys(problems).length > 0) status = "invalid";
      }
      for (const [field, p] of Object.entries(problems)) {
        if (field.startsWith("dim:")) {
          const di = dims.findIndex((d) => `dim:${d.key}` === field);
          list.push({ target: inputId(row, `dim-${di}`), label: whereOf(row, dims[di]!.label), message: problemText(p) });
        } else {
          list.push({ target: inputId(row, field), label: whereOf(row, fieldLabel[field as NumberField]), message: problemText(p) });
        }
      }
      if (status === "send") toSend.push({ row, numbers: check.numbers });
    }
    if (list.length > 0) {
      fail(list);
      return;
    }
    clearErrors();
    if (toSend.length === 0) {
      const anyStored = state.rows.some((r) => r.current);
      setFormMessage({ kind: "nothing", text: t(anyStored ? "noChanges" : "nothingToSend") });
      return;
    }
    const items: BatchItem[] = toSend.map(({ row, numbers }) =>
      batchItem({ keyResultId: kr.id, organisation: organisation.id, period, fields, numbers, breakdown: row.breakdown, comment: state.comment, current: row.current }),
    );
    // One key per submission: a double click, or a retry after a lost answer, is applied once.
    const body = JSON.stringify(items);
    if (idempotency.current?.body !== body) idempotency.current = { body, key: newIdempotencyKey() };
    setSending(true);
    inFlight.current = true;
    try {
      const result = await submitMeasurements(items, idempotency.current.key);
      idempotency.current = null;
      await refreshAfterWrite(queryClient);
      setState(null); // refilled from the fresh figures on the next render
      setSaved(t("saved", { recorded: result.recorded, superseded: result.superseded, org: organisation.name, period: periodLabel(period, lang) }));
    } catch (err) {
      if (err instanceof ApiError) idempotency.current = null;
      if (err instanceof ApiError && (err.status === 409 || err.status === 412) && err.body.code !== "idempotency_conflict") {
        // Someone reported meanwhile: show what is stored now, keep what was typed, and let the reporter decide.
        const fresh = await own.refetch();
        const current = currentOf(fresh.data);
        // Rows the reporter left as they were take the new figures; typed ones keep what was typed.
        setState((s) =>
          s
            ? {
                ...s,
                rows: s.rows.map((r) => {
                  const now = current.get(breakdownKey(r.breakdown));
                  const untouched = checkRow(fields, r.text, r.current).status === "skip";
                  return { ...r, current: now, text: untouched ? rowTextOf(now, fields, toInputText) : r.text };
                }),
              }
            : s,
        );
        setFormMessage({ kind: "conflict", text: t("conflict", { org: organisation.name, period: periodLabel(period, lang) }) });
      } else if (err instanceof ApiError && err.status === 400 && err.body.details.length > 0) {
        fail(serverErrors(err, toSend.map((x) => x.row)));
      } else if (err instanceof ApiError) {
        setFormMessage({ kind: "failed", text: err.message, lang: "en" });
      } else {
        setFormMessage({ kind: "failed", text: t("networkError") });
      }
    } finally {
      inFlight.current = false;
      setSending(false);
    }
  }

  const optionLabel = (p: string) => {
    const label = periodLabel(p, lang);
    if (!organisation || !own.data) return label;
    return reported.has(p) ? t("periodReported", { period: label }) : t("periodMissing", { period: label });
  };

  return (
    <section aria-labelledby="report-heading" className="kr-section kr-report" id="report">
      <Heading level={2} data-size="md" id="report-heading">
        {t("reportTitle")}
      </Heading>
      <Paragraph data-size="sm" className="muted">
        {t(fields.length === 2 ? "reportIntroRatio" : "reportIntro")}
      </Paragraph>
      {orgs.length === 0 ? (
        <Paragraph>{t("noOrganisations")}</Paragraph>
      ) : (
        <form onSubmit={onSubmit} noValidate className="kr-entry" aria-labelledby="report-heading">
          <FormErrors heading={t("errorsTitle", { count: errors.length })} problems={errors} attempt={attempt} level={3} />
          <div className="kr-entry-where">
            <Field>
              <Label htmlFor="kr-entry-org">{t("organisationLabel")}</Label>
              <Select id="kr-entry-org" value={organisation ? org : ""} onChange={(e) => setOrg(e.target.value || undefined)} aria-required="true">
                <option value="">{t("chooseOrganisation")}</option>
                {orgs.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </Select>
              {errorFor("kr-entry-org") && <ValidationMessage>{errorFor("kr-entry-org")!.message}</ValidationMessage>}
            </Field>
            <Field>
              <Label htmlFor="kr-entry-period">{tc("period")}</Label>
              <Select id="kr-entry-period" value={period} onChange={(e) => setPeriod(e.target.value)}>
                {periodOptions.map((p) => (
                  <option key={p} value={p}>
                    {optionLabel(p)}
                  </option>
                ))}
              </Select>
              {errorFor("kr-entry-period") && <ValidationMessage lang={errorFor("kr-entry-period")!.lang}>{errorFor("kr-entry-period")!.message}</ValidationMessage>}
            </Field>
          </div>

          {!organisation ? (
            <Paragraph data-size="sm" className="kr-entry-hint">
              {t("chooseOrganisationFirst")}
            </Paragraph>
          ) : !state || state.key !== formKey ? (
            own.isError ? (
              <Alert data-color="danger">{own.error.message}</Alert>
            ) : (
              <Paragraph data-size="sm" role="status">
                {tc("loading")}
              </Paragraph>
            )
          ) : (
            <>
              <div className="kr-entry-rows">
                {state.rows.map((row, ri) => {
                  const check = checkRow(fields, row.text, row.current);
                  const computed =
                    fields.length === 2 && check.numbers.numerator !== undefined && check.numbers.denominator !== undefined
                      ? ratioValue(check.numbers.numerator, check.numbers.denominator, unit)
                      : null;
                  const inputs = (
                    <div className="kr-entry-fields">
                      {row.added &&
                        dims.map((d, di) => {
                          const id = inputId(row, `dim-${di}`);
                          const err = errorFor(id);
                          return d.values.length > 0 ? (
                            <Field key={d.key} className="kr-entry-dim">
                              <Label htmlFor={id} lang={language}>
                                {d.label}
                              </Label>
                              <Select
                                id={id}
                                value={row.breakdown[d.key] ?? ""}
                                onChange={(e) => updateRow(row.id, (r) => ({ ...r, breakdown: { ...r.breakdown, [d.key]: e.target.value } }))}
                              >
                                <option value="">{t("chooseValue")}</option>
                                {d.values.map((v) => (
                                  <option key={v} value={v} lang={language}>
                                    {v}
                                  </option>
                                ))}
                              </Select>
                              {err && <ValidationMessage>{err.message}</ValidationMessage>}
                            </Field>
                          ) : (
                            <Textfield
                              key={d.key}
                              id={id}
                              className="kr-entry-dim"
                              label={<span lang={language}>{d.label}</span>}
                              value={row.breakdown[d.key] ?? ""}
                              onChange={(e) => updateRow(row.id, (r) => ({ ...r, breakdown: { ...r.breakdown, [d.key]: e.target.value } }))}
                              error={err?.message}
                              autoComplete="off"
                            />
                          );
                        })}
                      {fields.map((f) => {
                        const id = inputId(row, f);
                        const err = errorFor(id);
                        const stored = row.current ? row.current[f] : undefined;
                        // What is saved shows beside a field only once it differs from what is typed.
                        const typed = parseDecimal(row.text[f]);
                        const differs = row.current !== undefined && (typed === undefined || !sameNumber(typed, stored));
                        return (
                          <Field key={f} className="kr-entry-number">
                            <Label htmlFor={id}>{fieldLabel[f]}</Label>
                            <Field.Affixes>
                              <Input
                                id={id}
                                inputMode="decimal"
                                autoComplete="off"
                                spellCheck={false}
                                value={row.text[f]}
                                aria-invalid={err ? true : undefined}
                                onChange={(e) => updateRow(row.id, (r) => ({ ...r, text: { ...r.text, [f]: e.target.value } }))}
                              />
                              {f === "value" && UNIT_SUFFIX[unit] ? <Field.Affix>{UNIT_SUFFIX[unit]}</Field.Affix> : null}
                            </Field.Affixes>
                            {differs && <Field.Description className="kr-entry-was">{t("storedValue", { value: toInputText(stored ?? null) || "–" })}</Field.Description>}
                            {err && <ValidationMessage lang={err.lang}>{err.message}</ValidationMessage>}
                          </Field>
                        );
                      })}
                      {fields.length === 2 && (
                        <p className="kr-entry-computed">
                          <span className="muted">{t("computedLabel")}</span> <strong>{computed === null ? "–" : formatValue(computed, unit)}</strong>
                          {computed !== null && unit === "percent" && computed > 100 && <span className="kr-entry-warn">{t("overHundred")}</span>}
                        </p>
                      )}
                    </div>
                  );
                  const meta = (
                    <p className="kr-entry-meta">
                      {row.current ? (
                        <>
                          {t("storedMeta", { when: formatDateTime(row.current.recordedAt), by: row.current.recordedBy })}
                          {check.status === "send" && <span className="kr-entry-flag">{t("willCorrect")}</span>}
                        </>
                      ) : check.status === "send" ? (
                        <span className="kr-entry-flag kr-entry-flag-new">{t("willAdd")}</span>
                      ) : (
                        <span className="muted">{t("notReported")}</span>
                      )}
                    </p>
                  );
                  const line = (
                    <div className="kr-entry-line">
                      {inputs}
                      <div className="kr-entry-side">
                        {meta}
                        {row.added && (
                          <Button type="button" variant="tertiary" data-size="sm" onClick={() => removeRow(row.id)}>
                            {t("removeRow")}
                          </Button>
                        )}
                      </div>
                    </div>
                  );
                  if (dims.length === 0) {
                    return (
                      <div key={row.id} className="kr-entry-row kr-entry-row-single">
                        {line}
                      </div>
                    );
                  }
                  return (
                    <Fieldset key={row.id} className="kr-entry-row" data-size="sm">
                      <Fieldset.Legend lang={row.added ? undefined : language}>{row.added ? t("addedRowLegend", { n: ri + 1 }) : rowName(row)}</Fieldset.Legend>
                      {line}
                    </Fieldset>
                  );
                })}
              </div>
              {canAdd && (
                <Button type="button" variant="secondary" data-size="sm" id="kr-entry-add" onClick={addRow}>
                  {t("addRow", { dimension: dims.map((d) => d.label.toLocaleLowerCase("nb")).join(" / ") })}
                </Button>
              )}
              <Textfield
                id="kr-entry-comment"
                className="kr-entry-comment"
                label={t("commentLabel")}
                description={t("commentHint")}
                multiline
                rows={2}
                maxLength={2000}
                value={state.comment}
                onChange={(e) => setState((s) => (s ? { ...s, comment: e.target.value } : s))}
                error={errorFor("kr-entry-comment")?.message}
              />
            </>
          )}

          {formMessage && (
            <Alert data-color={formMessage.kind === "nothing" ? "info" : formMessage.kind === "conflict" ? "warning" : "danger"} role="alert" className="kr-entry-alert">
              <span lang={formMessage.lang}>{formMessage.text}</span>
            </Alert>
          )}
          <div className="kr-entry-actions">
            <Button type="submit" id="kr-entry-submit" aria-disabled={sending || undefined} loading={sending}>
              {sending ? t("sending") : t("submit")}
            </Button>
          </div>
          <div role="status" className={saved ? "kr-entry-saved" : undefined}>
            {saved && (
              <Alert data-color="success">
                <span aria-hidden="true">✓ </span>
                {saved}
              </Alert>
            )}
          </div>
        </form>
      )}
      {organisation && <CorrectionHistory kr={kr} organisation={organisation} period={period} unit={unit} fields={fields} dims={dims} language={language} />}
    </section>
  );
}

/** The form's words for the server's fault codes (measurement-input.ts); undefined: show the server's message. */
function serverProblem(code: string | undefined, field: string | undefined): Problem | undefined {
  switch (code) {
    case "missing_value":
      return "required";
    case "not_a_number":
      return "notANumber";
    case "out_of_range":
      return field === "numerator" ? "negative" : "notPositive";
    case "missing_dimension":
      return "dimensionRequired";
    default:
      return undefined;
  }
}

