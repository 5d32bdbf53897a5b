import { Alert, Button, Checkbox, Dialog, Field, Fieldset, Heading, Label, Paragraph, Select, Table, Tag, Textfield, ValidationMessage } from "@digdir/designsystemet-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ApiError, client, ok } from "../../api/client.js";
import { scoringKeys, useModelVersions, useScoringSheet, type Candidate, type Criterion, type ScoringModel, type ScoringSheet } from "../../api/scoring.js";
import { FormErrors, problemAt, useFormProblems, type FieldProblem } from "../../components/FormErrors.js";
import { Loaded } from "../../components/States.js";
import { useCurrent } from "../../current.js";
import { formatDate, formatNumber } from "../../format.js";
import { useLang, useT } from "../../i18n/i18n.js";
import { useCan } from "../../session.js";
import { CHART_COLORS } from "../portfolio/chart-colors.js";
import { fieldText, parseDecimal } from "../portfolio/numbers.js";
import { InitiativeLink, PortfolioHead } from "../portfolio/shared.js";
import { scoringMessages } from "./messages.js";
import "./scoring.css";

type CriterionScore = Candidate["score"]["criteria"][number];
const SEGMENT_COLORS = [CHART_COLORS.primary, CHART_COLORS.secondary, CHART_COLORS.tertiary, CHART_COLORS.mark, CHART_COLORS.muted];

/** A number as typed, with a decimal comma and an optional minus. */
function parseSigned(text: string): number | null {
  const negative = /^\s*[-−]/.test(text);
  const n = parseDecimal(text.replace(/^\s*[-−]/, ""));
  return n === null ? null : negative ? -n : n;
}

/** The whole steps of a short scale, offered as choices; a longer or fractional scale is typed. */
function steps(c: Criterion): number[] | null {
  if (!Number.isInteger(c.min) || !Number.isInteger(c.max) || c.max - c.min > 20) return null;
  return Array.from({ length: c.max - c.min + 1 }, (_, i) => c.min + i);
}

/** The candidates ranked by value; board members score, strategy editors change the model. */
export default function Scoring() {
  const t = useT(scoringMessages);
  const { strategyId, strategy } = useCurrent();
  const sheet = useScoringSheet(strategyId);
  const { can } = useCan();
  const decide = strategy !== undefined && can({ do: "portfolio.decide", organisation: strategy.owner });
  const editModel = strategy !== undefined && can({ do: "strategy.write", organisation: strategy.owner });
  const [scoring, setScoring] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState("");

  return (
    <>
      <PortfolioHead title={t("title")} intro={t("intro")} view="scoring" strategyTitle={strategy?.title} />
      <div role="status">{saved && <Alert data-color="success">{saved}</Alert>}</div>
      <Loaded query={sheet}>
        {(data) => {
          const open = data.candidates.find((c) => c.id === scoring);
          return (
            <div className="stack">
              <ModelSummary model={data.model} onEdit={editModel ? () => setEditing(true) : undefined} />
              <CandidateTable sheet={data} onScore={decide ? setScoring : undefined} />
              <Dialog open={open !== undefined} onClose={() => setScoring(null)} closeButton={t("close")} aria-labelledby="score-title" closedby="any" className="scoring-dialog">
                {open && (
                  <div className="stack">
                    <Heading level={2} data-size="sm" id="score-title">
                      {t("scoreTitle", { code: open.code, title: open.title })}
                    </Heading>
                    <ScoreForm key={`mine-${open.id}`} mode="mine" sheet={data} candidate={open} onSaved={setSaved} />
                    <ScoreForm key={`agreed-${open.id}`} mode="agreed" sheet={data} candidate={open} onSaved={setSaved} />
                  </div>
                )}
              </Dialog>
              <Dialog open={editing} onClose={() => setEditing(false)} closeButton={t("close")} aria-labelledby="model-title" closedby="any" className="scoring-dialog">
                {editing && (
                  <ModelForm
                    model={data.model}
                    onSaved={(text) => {
                      setSaved(text);
                      setEditing(false);
                    }}
                  />
                )}
              </Dialog>
            </div>
          );
        }}
      </Loaded>
    </>
  );
}

function ModelSummary({ model, onEdit }: { model: ScoringModel; onEdit: (() => void) | undefined }) {
  const t = useT(scoringMessages);
  const { lang } = useLang();
  const { strategyId } = useCurrent();
  const versions = useModelVersions(strategyId, model.version > 0);
  const total = model.criteria.reduce((a, c) => a + c.weight, 0);
  const share = (c: Criterion) => (total > 0 ? (100 * c.weight) / total : 0);
  return (
    <section aria-labelledby="model-heading" className="portfolio-section stack">
      <div className="page-head">
        <Heading level={2} data-size="sm" id="model-heading">
          {t("modelHeading")}
        </Heading>
        {onEdit && (
          <Button variant="secondary" data-size="sm" onClick={onEdit}>
            {t("editModel")}
          </Button>
        )}
      </div>
      <Paragraph data-size="sm">
        {model.version === 0 ? t("modelDefault") : t("modelVersion", { version: model.version, date: formatDate(model.createdAt), by: model.createdBy })}{" "}
        {t("hourValue", { value: formatNumber(model.hourValue, 0) })}
      </Paragraph>
      {model.note && <Paragraph data-size="sm">{model.note}</Paragraph>}
      <Heading level={3} data-size="2xs">
        {t("weightsHeading")}
      </Heading>
      <div className="weights-bar" aria-hidden="true">
        {model.criteria.map((c, i) => (
          <span key={c.key} style={{ flexGrow: c.weight, background: SEGMENT_COLORS[i % SEGMENT_COLORS.length] }} />
        ))}
      </div>
      <ul className="weights-list">
        {model.criteria.map((c, i) => (
          <li key={c.key}>
            <span className="weights-swatch" aria-hidden="true" style={{ background: SEGMENT_COLORS[i % SEGMENT_COLORS.length] }} />
            {t("weightShare", { label: c.label[lang], share: formatNumber(share(c), 0) })}
          </li>
        ))}
      </ul>
      {model.version > 0 && versions.data && (
        <details>
          <summary>{t("versionsSummary")}</summary>
          <ul>
            {versions.data.map((v) => (
              <li key={v.version}>
                {v.version === 0 ? t("modelDefault") : t("versionLine", { version: v.version, date: formatDate(v.createdAt), by: v.createdBy })}
                {v.note && ` — ${v.note}`}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function CandidateTable({ sheet, onScore }: { sheet: ScoringSheet; onScore: ((id: string) => void) | undefined }) {
  const t = useT(scoringMessages);
  const { lang } = useLang();
  const criteria = sheet.model.criteria;
  if (sheet.candidates.length === 0) return <Alert data-color="info">{t("noCandidates")}</Alert>;
  return (
    <section aria-labelledby="candidates-heading" className="portfolio-section stack">
      <Heading level={2} data-size="sm" id="candidates-heading">
        {t("candidatesHeading")}
      </Heading>
      <Paragraph data-size="sm" className="muted">
        {t("howItWorks")}
      </Paragraph>
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="candidates-caption">
        <Table data-size="sm" className="scoring-table">
          <caption id="candidates-caption" className="table-caption">
            {t("candidatesCaption")}
          </caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell scope="col" className="num">
                {t("rank")}
              </Table.HeaderCell>
              <Table.HeaderCell scope="col">{t("initiative")}</Table.HeaderCell>
              <Table.HeaderCell scope="col" className="num">
                {t("value")}
              </Table.HeaderCell>
              {criteria.map((c) => (
                <Table.HeaderCell key={c.key} scope="col">
                  {c.label[lang]}
                </Table.HeaderCell>
              ))}
              {onScore && <Table.HeaderCell scope="col">{t("actions")}</Table.HeaderCell>}
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {sheet.candidates.map((x) => {
              const [best, worst] = x.score.rankRange;
              return (
                <Table.Row key={x.id}>
                  <Table.Cell className="num">
                    <span aria-hidden="true">
                      <strong>{x.score.rank}</strong>
                      {best !== worst && <span className="muted scoring-range"> ({t("rankRange", { best, worst })})</span>}
                    </span>
                    <span className="visually-hidden">{t("rankRangeLabel", { rank: x.score.rank, best, worst })}</span>
                  </Table.Cell>
                  <Table.HeaderCell scope="row">
                    <InitiativeLink initiative={x} />
                    {x.score.mandatory && (
                      <>
                        {" "}
                        <Tag data-color="warning" data-size="sm">
                          {t("mandatory")}
                        </Tag>
                      </>
                    )}
                  </Table.HeaderCell>
                  <Table.Cell className="num">
                    <strong>{formatNumber(x.score.value, 1)}</strong>
                  </Table.Cell>
                  {criteria.map((c) => (
                    <Table.Cell key={c.key}>
                      <CriterionCell criterion={c} score={x.score.criteria.find((s) => s.key === c.key)} />
                    </Table.Cell>
                  ))}
                  {onScore && (
                    <Table.Cell>
                      <Button variant="tertiary" data-size="sm" aria-label={t("scoreLabel", { code: x.code, title: x.title })} onClick={() => onScore(x.id)}>
                        {t("score")}
                      </Button>
                    </Table.Cell>
                  )}
                </Table.Row>
              );
            })}
          </Table.Body>
        </Table>
      </div>
    </section>
  );
}

/** The score a criterion counts with, and for a scored one whether it is agreed and how the members' scores spread. */
function CriterionCell({ criterion: c, score: s }: { criterion: Criterion; score: CriterionScore | undefined }) {
  const t = useT(scoringMessages);
  const { lang } = useLang();
  if (!s) return null;
  const level = c.levels?.find((l) => l.value === s.raw);
  const shown =
    s.raw === null ? t("unscored") : c.kind === "benefits" ? t("millions", { value: formatNumber(s.raw / 1_000_000, 1) }) : `${formatNumber(s.raw, 1)}${level ? ` ${level.label[lang]}` : ""}`;
  return (
    <div className="scoring-cell">
      <span className={s.raw === null ? "muted" : undefined}>{shown}</span>
      {s.agreed !== null && (
        <Tag data-color="info" data-size="sm">
          {t("agreed")}
        </Tag>
      )}
      {s.individual && (
        <span className="muted scoring-spread">
          {t("spread", { n: s.individual.n, min: formatNumber(s.individual.min, 1), max: formatNumber(s.individual.max, 1), sd: formatNumber(s.individual.sd, 1) })}
        </span>
      )}
    </div>
  );
}

/** A board member's own scores of one candidate, or the board's agreed ones: a value and a comment per scored criterion. */
function ScoreForm({ mode, sheet, candidate, onSaved }: { mode: "mine" | "agreed"; sheet: ScoringSheet; candidate: Candidate; onSaved: (text: string) => void }) {
  const t = useT(scoringMessages);
  const { lang } = useLang();
  const { strategyId } = useCurrent();
  const queryClient = useQueryClient();
  const scored = sheet.model.criteria.filter((c) => c.kind === "scored");
  const start = (c: Criterion) => {
    if (mode === "mine") {
      const s = sheet.mine.find((x) => x.initiative === candidate.id && x.criterion === c.key);
      return { value: s ? fieldText(s.value) : "", text: s?.comment ?? "" };
    }
    const a = sheet.agreed.find((x) => x.initiative === candidate.id && x.criterion === c.key);
    return { value: a ? fieldText(a.value) : "", text: a?.note ?? "" };
  };
  const [values, setValues] = useState(() => scored.map(start));
  const { problems, attempt, show } = useFormProblems();
  const id = (i: number, part: "value" | "text") => `${mode}-${i}-${part}`;
  const target = (i: number) => ({ target: id(i, "value"), label: scored[i]!.label[lang] });

  const save = useMutation({
    mutationFn: async (entries: { criterion: string; value: number | null; text: string }[]) => {
      const path = { params: { path: { id: candidate.id } } };
      if (mode === "mine") await ok(client.PUT("/api/v1/initiatives/{id}/scores", { ...path, body: { scores: entries.map((e) => ({ criterion: e.criterion, value: e.value, comment: e.text })) } }));
      else await ok(client.PUT("/api/v1/initiatives/{id}/agreed-scores", { ...path, body: { scores: entries.map((e) => ({ criterion: e.criterion, value: e.value, note: e.text })) } }));
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: scoringKeys.sheet(strategyId) });
      onSaved(t(mode === "mine" ? "savedMine" : "savedAgreed", { code: candidate.code }));
    },
    onError: (err) => {
      if (!(err instanceof ApiError)) return void show([{ ...target(0), message: t("network") }]);
      // Faults name the entry by its place in the list sent, which is the form's order.
      const details = err.body.details.length > 0 ? err.body.details : [{ path: "", message: err.message }];
      show(details.map((d) => ({ ...target(Number(/^scores\.(\d+)/.exec(d.path)?.[1] ?? 0)), message: d.message, lang: "en" })));
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (save.isPending) return;
    const found: FieldProblem[] = [];
    const entries = scored.map((c, i) => {
      const text = values[i]!.value.trim();
      const value = text === "" ? null : parseSigned(text);
      if (text !== "" && (value === null || value < c.min || value > c.max)) found.push({ ...target(i), message: t("outOfScale", { min: formatNumber(c.min, 2), max: formatNumber(c.max, 2) }) });
      return { criterion: c.key, value, text: values[i]!.text.trim() };
    });
    if (show(found)) save.mutate(entries);
  }

  const set = (i: number, part: "value" | "text", v: string) => setValues((all) => all.map((x, j) => (j === i ? { ...x, [part]: v } : x)));
  const headingId = `${mode}-heading`;
  return (
    <form onSubmit={submit} noValidate className="stack scoring-form" aria-labelledby={headingId}>
      <Heading level={3} data-size="xs" id={headingId}>
        {t(mode === "mine" ? "mineHeading" : "agreedHeading")}
      </Heading>
      <Paragraph data-size="sm">{t(mode === "mine" ? "mineIntro" : "agreedIntro")}</Paragraph>
      <FormErrors heading={t("scoreErrors")} problems={problems} attempt={attempt} level={4} />
      {scored.map((c, i) => {
        const options = steps(c);
        const error = problemAt(problems, id(i, "value"));
        const current = values[i]!.value;
        return (
          <div key={c.key} className="scoring-form-row">
            {options ? (
              <Field>
                <Label htmlFor={id(i, "value")}>{c.label[lang]}</Label>
                <Select
                  id={id(i, "value")}
                  value={current}
                  onChange={(e) => set(i, "value", e.target.value)}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `${id(i, "value")}-error` : undefined}
                >
                  <option value="">{t("choose")}</option>
                  {/* A score between the steps, given through the API, stays as it is. */}
                  {current !== "" && !options.some((o) => fieldText(o) === current) && <option value={current}>{current}</option>}
                  {options.map((o) => {
                    const level = c.levels?.find((l) => l.value === o);
                    return (
                      <option key={o} value={fieldText(o)}>
                        {level ? `${o} – ${level.label[lang]}` : o}
                      </option>
                    );
                  })}
                </Select>
                {error && <ValidationMessage id={`${id(i, "value")}-error`}>{error}</ValidationMessage>}
              </Field>
            ) : (
              <Textfield id={id(i, "value")} label={c.label[lang]} inputMode="decimal" value={current} onChange={(e) => set(i, "value", e.target.value)} error={error} />
            )}
            <Textfield id={id(i, "text")} label={t(mode === "mine" ? "comment" : "note", { label: c.label[lang] })} value={values[i]!.text} onChange={(e) => set(i, "text", e.target.value)} />
          </div>
        );
      })}
      <div>
        <Button type="submit" loading={save.isPending}>
          {t(mode === "mine" ? "saveMine" : "saveAgreed")}
        </Button>
      </div>
    </form>
  );
}

type CriterionFields = { weight: string; min: string; max: string; higherIsBetter: boolean; nb: string; nn: string; en: string };
const fieldsOf = (c: Criterion): CriterionFields => ({
  weight: fieldText(c.weight),
  min: fieldText(c.min),
  max: fieldText(c.max),
  higherIsBetter: c.higherIsBetter,
  nb: c.label.nb,
  nn: c.label.nn,
  en: c.label.en,
});

/** The model's weights, scales and names, saved as a new version on the one it was opened on. */
function ModelForm({ model, onSaved }: { model: ScoringModel; onSaved: (text: string) => void }) {
  const t = useT(scoringMessages);
  const { lang } = useLang();
  const { strategyId } = useCurrent();
  const queryClient = useQueryClient();
  const [base, setBase] = useState(model);
  const [rows, setRows] = useState(() => model.criteria.map(fieldsOf));
  const [hourValue, setHourValue] = useState(fieldText(model.hourValue));
  const [note, setNote] = useState("");
  const [stale, setStale] = useState(false);
  const { problems, attempt, show } = useFormProblems();
  const id = (i: number, part: keyof CriterionFields) => `model-${i}-${part}`;
  const at = (i: number, part: keyof CriterionFields, label: string) => ({ target: id(i, part), label: `${base.criteria[i]?.label[lang] ?? ""}: ${label}` });
  const hourField = { target: "model-hour", label: t("hourValueLabel") };

  const save = useMutation({
    mutationFn: (body: { criteria: Criterion[]; hourValue: number; note: string }) =>
      ok(client.PUT("/api/v1/portfolios/{strategy}/scoring-model", { params: { path: { strategy: strategyId } }, headers: { "if-match": `"${base.version}"` }, body })),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: scoringKeys.sheet(strategyId) });
      await queryClient.invalidateQueries({ queryKey: scoringKeys.versions(strategyId) });
      onSaved(t("savedModel", { version: saved.version }));
    },
    onError: async (err) => {
      if (err instanceof ApiError && err.status === 412) {
        // Start again from the version someone else saved.
        const fresh = await ok(client.GET("/api/v1/portfolios/{strategy}/scoring-model", { params: { path: { strategy: strategyId } } }));
        setBase(fresh);
        setRows(fresh.criteria.map(fieldsOf));
        setHourValue(fieldText(fresh.hourValue));
        setStale(true);
        show([]);
        return;
      }
      if (!(err instanceof ApiError)) return void show([{ ...at(0, "weight", t("weight")), message: t("network") }]);
      const details = err.body.details.length > 0 ? err.body.details : [{ path: "", message: err.message }];
      show(
        details.map((d) => {
          const m = /^criteria\.(\d+)\.(\w+)/.exec(d.path);
          // Levels and the mandatory level lie on the scale: their faults are the scale's.
          const part: "weight" | "min" | "max" = m?.[2] === "weight" || m?.[2] === "min" ? m[2] : m ? "max" : "weight";
          const where = d.path === "hourValue" ? hourField : at(Number(m?.[1] ?? 0), part, t(part));
          return { ...where, message: d.message, lang: "en" };
        }),
      );
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (save.isPending) return;
    setStale(false);
    const found: FieldProblem[] = [];
    const criteria = base.criteria.map((c, i): Criterion => {
      const r = rows[i]!;
      const weight = parseDecimal(r.weight);
      const min = parseSigned(r.min);
      const max = parseSigned(r.max);
      if (weight === null) found.push({ ...at(i, "weight", t("weight")), message: t("weightInvalid") });
      if (min === null) found.push({ ...at(i, "min", t("min")), message: t("numberInvalid") });
      if (max === null) found.push({ ...at(i, "max", t("max")), message: t("numberInvalid") });
      for (const l of ["nb", "nn", "en"] as const) if (!r[l].trim()) found.push({ ...at(i, l, t(l === "nb" ? "labelNb" : l === "nn" ? "labelNn" : "labelEn")), message: t("labelRequired") });
      return { ...c, weight: weight ?? 0, min: min ?? 0, max: max ?? 0, higherIsBetter: r.higherIsBetter, label: { nb: r.nb.trim(), nn: r.nn.trim(), en: r.en.trim() } };
    });
    const hours = parseDecimal(hourValue);
    if (hours === null) found.push({ ...hourField, message: t("weightInvalid") });
    if (show(found)) save.mutate({ criteria, hourValue: hours!, note: note.trim() });
  }

  const set = (i: number, part: keyof CriterionFields, v: string | boolean) => setRows((all) => all.map((x, j) => (j === i ? { ...x, [part]: v } : x)));
  return (
    <form onSubmit={submit} noValidate className="stack" aria-labelledby="model-title">
      <Heading level={2} data-size="sm" id="model-title">
        {t("modelTitle")}
      </Heading>
      <Paragraph data-size="sm">{t("modelIntro")}</Paragraph>
      {stale && <Alert data-color="warning">{t("stale")}</Alert>}
      <FormErrors heading={t("modelErrors")} problems={problems} attempt={attempt} level={3} />
      {base.criteria.map((c, i) => {
        const r = rows[i]!;
        const text = (part: "weight" | "min" | "max" | "nb" | "nn" | "en", label: string, mode: "decimal" | "text") => (
          <Textfield id={id(i, part)} label={label} inputMode={mode} value={r[part]} onChange={(e) => set(i, part, e.target.value)} error={problemAt(problems, id(i, part))} />
        );
        return (
          <Fieldset key={c.key} className="scoring-criterion">
            <Fieldset.Legend>{c.label[lang]}</Fieldset.Legend>
            <div className="scoring-form-grid">
              {text("weight", t("weight"), "decimal")}
              {text("min", t("min"), "decimal")}
              {text("max", t("max"), "decimal")}
            </div>
            <Checkbox id={id(i, "higherIsBetter")} label={t("higherIsBetter")} checked={r.higherIsBetter} onChange={(e) => set(i, "higherIsBetter", e.target.checked)} />
            <div className="scoring-form-grid">
              {text("nb", t("labelNb"), "text")}
              {text("nn", t("labelNn"), "text")}
              {text("en", t("labelEn"), "text")}
            </div>
          </Fieldset>
        );
      })}
      <div className="scoring-form-grid">
        <Textfield id={hourField.target} label={t("hourValueLabel")} inputMode="decimal" suffix="kr" value={hourValue} onChange={(e) => setHourValue(e.target.value)} error={problemAt(problems, hourField.target)} />
      </div>
      <Textfield id="model-note" multiline rows={2} label={t("modelNote")} value={note} onChange={(e) => setNote(e.target.value)} />
      <div>
        <Button type="submit" loading={save.isPending}>
          {t("saveModel")}
        </Button>
      </div>
    </form>
  );
}
