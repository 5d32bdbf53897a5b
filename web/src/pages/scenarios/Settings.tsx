import { Alert, Button, Checkbox, Field, Fieldset, Heading, Input, Label, Paragraph, Select, Table, Textfield, ValidationMessage } from "@digdir/designsystemet-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { ApiError, client, ok } from "../../api/client.js";
import { ifMatch, RESOURCES, scenarioKeys, storeScenario, type Resource, type Scenario, type Settings } from "../../api/scenarios.js";
import type { ScoringSheet } from "../../api/scoring.js";
import { FormErrors, problemAt, useFormProblems, type FieldProblem } from "../../components/FormErrors.js";
import { formatNumber } from "../../format.js";
import { useLang, useT } from "../../i18n/i18n.js";
import { fieldText, parseDecimal } from "../portfolio/numbers.js";
import { scenarioMessages } from "./messages.js";

/** Phases whose initiatives the solver chooses among (the server's CANDIDATE_PHASES); later ones are kept. */
const CANDIDATE_PHASES = ["idea", "concept", "planning", "paused"];
const START_WINDOWS = [0, 1, 2, 3, 4, 5];

type Amounts = Record<Resource, string>;
interface Draft {
  name: string;
  description: string;
  fromYear: string;
  years: string;
  /** By year, so amounts typed survive a change of the horizon. */
  budgets: Record<number, Amounts>;
  weights: Record<string, string>;
  startWindow: string;
  /** Percent. */
  delayDiscount: string;
  timeLimit: string;
  forced: Record<string, "in" | "out">;
  exclusive: string[][];
  minValue: Record<string, string>;
}

const money = (n: number | null) => (n === null ? "" : fieldText(Math.round(n / 1000) / 1000));
const people = (n: number | null) => (n === null ? "" : fieldText(n));

function draftOf(s: Scenario, sheet: ScoringSheet): Draft {
  const st = s.settings;
  return {
    name: s.name,
    description: s.description,
    fromYear: String(st.fromYear),
    years: String(st.years),
    budgets: Object.fromEntries(st.budgets.map((b) => [b.year, { investment: money(b.investment), operating: money(b.operating), capacity: people(b.capacity) }])),
    weights: Object.fromEntries(sheet.model.criteria.map((c) => [c.key, fieldText(st.weights[c.key] ?? c.weight)])),
    startWindow: String(st.startWindow),
    delayDiscount: fieldText(Math.round(st.delayDiscount * 10_000) / 100),
    timeLimit: fieldText(st.timeLimitSeconds),
    forced: Object.fromEntries(st.forced.map((f) => [f.initiative, f.choice])),
    exclusive: st.exclusive,
    minValue: Object.fromEntries(sheet.objectives.map((o) => [o.key, st.minValueByObjective[o.key] ? fieldText(st.minValueByObjective[o.key]!) : ""])),
  };
}

/** The years a horizon typed covers, or none while it is not a horizon. */
function horizonOf(d: Pick<Draft, "fromYear" | "years">): number[] {
  const from = Number(d.fromYear);
  const n = Number(d.years);
  if (!Number.isInteger(from) || from < 2000 || from > 2100 || !Number.isInteger(n) || n < 1 || n > 10) return [];
  return Array.from({ length: n }, (_, k) => from + k);
}

const ids = {
  name: "set-name",
  description: "set-description",
  fromYear: "set-from-year",
  years: "set-years",
  budget: (year: number, r: Resource) => `set-budget-${year}-${r}`,
  weight: (key: string) => `set-weight-${key}`,
  startWindow: "set-start-window",
  delayDiscount: "set-delay",
  timeLimit: "set-time-limit",
  forced: (id: string) => `set-forced-${id}`,
  exclusive: "set-exclusive",
  minValue: (key: string) => `set-min-${key}`,
};

/**
 * A scenario's name and settings, saved on the version read (If-Match); read-only for those who
 * may not govern the portfolio and once the scenario is adopted.
 */
export function SettingsForm({ scenario, sheet, readOnly, onSaved, onDirty }: { scenario: Scenario; sheet: ScoringSheet; readOnly: boolean; onSaved: (text: string) => void; onDirty: (dirty: boolean) => void }) {
  const t = useT(scenarioMessages);
  const { lang } = useLang();
  const queryClient = useQueryClient();
  // Only a new version of the settings (or of the model) starts the form afresh: a solve stored meanwhile leaves what is typed.
  const initial = useMemo(() => draftOf(scenario, sheet), [scenario.id, scenario.version, sheet.model.version]);
  const [draft, setDraft] = useState(initial);
  const [stale, setStale] = useState(false);
  const { problems, attempt, show } = useFormProblems();
  const [groupPick, setGroupPick] = useState<string[]>([]);
  const [groupError, setGroupError] = useState("");

  useEffect(() => setDraft(initial), [initial]);
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);
  useEffect(() => onDirty(dirty), [dirty, onDirty]);

  const candidates = useMemo(() => sheet.candidates.filter((c) => CANDIDATE_PHASES.includes(c.phase)).sort((a, b) => a.code.localeCompare(b.code, "nb")), [sheet]);
  const nameOf = (id: string) => {
    const c = sheet.candidates.find((x) => x.id === id);
    return c ? `${c.code} ${c.title}` : id;
  };
  const horizon = horizonOf(draft);
  const labels: Record<Resource, string> = { investment: t("head_investment"), operating: t("head_operating"), capacity: t("head_capacity") };
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const setBudget = (year: number, r: Resource, v: string) =>
    setDraft((d) => ({ ...d, budgets: { ...d.budgets, [year]: { ...(d.budgets[year] ?? { investment: "", operating: "", capacity: "" }), [r]: v } } }));

  const save = useMutation({
    mutationFn: (body: { name: string; description: string; settings: Settings }) =>
      ok(client.PUT("/api/v1/scenarios/{id}", { params: { path: { id: scenario.id } }, headers: ifMatch(scenario), body })),
    onSuccess: async (saved) => {
      await storeScenario(queryClient, saved);
      onSaved(t("saved"));
    },
    onError: async (err) => {
      if (err instanceof ApiError && err.status === 412) {
        show([]);
        setStale(true);
        await queryClient.invalidateQueries({ queryKey: scenarioKeys.one(scenario.id) });
        return;
      }
      if (!(err instanceof ApiError)) return void show([{ target: ids.name, label: t("name"), message: t("network") }]);
      show(serverFaults(err));
    },
  });

  /** The server names a fault by its path in the body (`settings.budgets.0.investment`): the field it belongs to. */
  function serverFaults(err: ApiError): FieldProblem[] {
    const details = err.body.details.length > 0 ? err.body.details : [{ path: "", message: err.message }];
    const sent = horizon;
    return details.map((d) => {
      const path = d.path.replace(/^body\./, "");
      const budget = /^settings\.budgets\.(\d+)\.?(\w*)/.exec(path);
      const key = path.split(".")[1] ?? path.split(".")[0] ?? "";
      const at =
        budget && sent[Number(budget[1])] !== undefined
          ? { target: ids.budget(sent[Number(budget[1])]!, RESOURCES.includes(budget[2] as Resource) ? (budget[2] as Resource) : "investment"), label: t("budgetsHeading") }
          : key === "fromYear" || key === "years"
            ? { target: ids[key], label: t(key) }
            : key === "startWindow" || key === "delayDiscount" || key === "timeLimitSeconds"
              ? { target: key === "timeLimitSeconds" ? ids.timeLimit : ids[key], label: t(key === "timeLimitSeconds" ? "timeLimit" : key) }
              : path.startsWith("description")
                ? { target: ids.description, label: t("description") }
                : { target: ids.name, label: t("name") };
      return { ...at, message: d.message, lang: "en" };
    });
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (save.isPending || readOnly) return;
    setStale(false);
    const found: FieldProblem[] = [];
    const fault = (target: string, label: string, message: string) => found.push({ target, label, message });
    if (draft.name.trim() === "") fault(ids.name, t("name"), t("nameRequired"));
    const inRange = (text: string, min: number, max: number, target: string, label: string, integer = false): number => {
      const n = parseDecimal(text);
      if (n === null || n < min || n > max || (integer && !Number.isInteger(n))) {
        fault(target, label, t("range", { min: formatNumber(min, 2), max: formatNumber(max, 2) }));
        return min;
      }
      return n;
    };
    const fromYear = inRange(draft.fromYear, 2000, 2100, ids.fromYear, t("fromYear"), true);
    const years = inRange(draft.years, 1, 10, ids.years, t("years"), true);
    const budgets = horizon.map((year) => {
      const row = draft.budgets[year] ?? { investment: "", operating: "", capacity: "" };
      const amount = (r: Resource) => {
        const text = row[r].trim();
        if (text === "") return null;
        const n = parseDecimal(text);
        if (n === null) {
          fault(ids.budget(year, r), t("cellLabel", { resource: labels[r], year }), t("numberInvalid"));
          return null;
        }
        return r === "capacity" ? n : Math.round(n * 1_000_000);
      };
      return { year, investment: amount("investment"), operating: amount("operating"), capacity: amount("capacity") };
    });
    const weights: Record<string, number> = {};
    for (const c of sheet.model.criteria) {
      const w = inRange(draft.weights[c.key] ?? "", 0, 1000, ids.weight(c.key), c.label[lang]);
      if (w !== c.weight) weights[c.key] = w;
    }
    const startWindow = Number(draft.startWindow);
    const delayDiscount = inRange(draft.delayDiscount, 0, 50, ids.delayDiscount, t("delayDiscount")) / 100;
    const timeLimitSeconds = inRange(draft.timeLimit, 1, 120, ids.timeLimit, t("timeLimit"));
    const minValueByObjective: Record<string, number> = {};
    for (const o of sheet.objectives) {
      const text = (draft.minValue[o.key] ?? "").trim();
      if (text === "") continue;
      const n = parseDecimal(text);
      if (n === null) fault(ids.minValue(o.key), o.title, t("numberInvalid"));
      else if (n > 0) minValueByObjective[o.key] = n;
    }
    const settings: Settings = {
      fromYear,
      years,
      budgets,
      weights,
      forced: Object.entries(draft.forced).map(([initiative, choice]) => ({ initiative, choice })),
      exclusive: draft.exclusive,
      minValueByObjective,
      startWindow,
      delayDiscount,
      timeLimitSeconds,
    };
    if (show(found)) save.mutate({ name: draft.name.trim(), description: draft.description.trim(), settings });
  }

  function addGroup() {
    if (groupPick.length < 2) return void setGroupError(t("pickTwo"));
    setGroupError("");
    set("exclusive", [...draft.exclusive, groupPick]);
    setGroupPick([]);
  }

  const text = (id: string, label: string, value: string, onChange: (v: string) => void, extra: { description?: string; inputMode?: "decimal" | "numeric" } = {}) => (
    <Textfield id={id} label={label} value={value} onChange={(e) => onChange(e.target.value)} error={problemAt(problems, id)} inputMode={extra.inputMode ?? "decimal"} description={extra.description} readOnly={readOnly} />
  );

  return (
    <section aria-labelledby="settings-heading" className="portfolio-section stack">
      <Heading level={2} data-size="sm" id="settings-heading">
        {t("settingsHeading")}
      </Heading>
      {stale && <Alert data-color="warning">{t("stale")}</Alert>}
      <form onSubmit={submit} noValidate className="stack" aria-labelledby="settings-heading">
        <FormErrors heading={t("settingsErrors")} problems={problems} attempt={attempt} level={3} />
          <div className="scenario-grid">
            <Textfield id={ids.name} label={t("name")} value={draft.name} onChange={(e) => set("name", e.target.value)} error={problemAt(problems, ids.name)} readOnly={readOnly} />
            <Textfield id={ids.description} label={t("description")} multiline rows={2} value={draft.description} onChange={(e) => set("description", e.target.value)} readOnly={readOnly} />
          </div>

          <Heading level={3} data-size="xs">
            {t("horizonHeading")}
          </Heading>
          <div className="scenario-grid">
            {text(ids.fromYear, t("fromYear"), draft.fromYear, (v) => set("fromYear", v), { inputMode: "numeric" })}
            {text(ids.years, t("years"), draft.years, (v) => set("years", v), { inputMode: "numeric" })}
          </div>

          <Heading level={3} data-size="xs" id="budgets-heading">
            {t("budgetsHeading")}
          </Heading>
          <Paragraph data-size="sm" className="muted">
            {t("budgetsHelp")}
          </Paragraph>
          <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="budgets-caption">
            <Table data-size="sm" className="scenario-budget-table">
              <caption id="budgets-caption" className="visually-hidden">
                {t("budgetsCaption")}
              </caption>
              <Table.Head>
                <Table.Row>
                  <Table.HeaderCell scope="col">{t("year")}</Table.HeaderCell>
                  {RESOURCES.map((r) => (
                    <Table.HeaderCell key={r} scope="col">
                      {labels[r]}
                    </Table.HeaderCell>
                  ))}
                </Table.Row>
              </Table.Head>
              <Table.Body>
                {horizon.map((year) => (
                  <Table.Row key={year}>
                    <Table.HeaderCell scope="row">{year}</Table.HeaderCell>
                    {RESOURCES.map((r) => {
                      const id = ids.budget(year, r);
                      const error = problemAt(problems, id);
                      return (
                        <Table.Cell key={r}>
                          <Input
                            id={id}
                            className="scenario-amount"
                            inputMode="decimal"
                            autoComplete="off"
                            readOnly={readOnly}
                            aria-label={t("cellLabel", { resource: labels[r], year })}
                            aria-invalid={error ? true : undefined}
                            aria-describedby={error ? `${id}-error` : undefined}
                            value={draft.budgets[year]?.[r] ?? ""}
                            onChange={(e) => setBudget(year, r, e.target.value)}
                          />
                          {error && <ValidationMessage id={`${id}-error`}>{error}</ValidationMessage>}
                        </Table.Cell>
                      );
                    })}
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </div>

          <Heading level={3} data-size="xs">
            {t("weightsHeading")}
          </Heading>
          <Paragraph data-size="sm" className="muted">
            {t("weightsHelp")}
          </Paragraph>
          <div className="scenario-grid">
            {sheet.model.criteria.map((c) =>
              text(ids.weight(c.key), c.label[lang], draft.weights[c.key] ?? "", (v) => set("weights", { ...draft.weights, [c.key]: v }), { description: t("modelWeight", { weight: formatNumber(c.weight, 2) }) }),
            )}
          </div>

          <Heading level={3} data-size="xs">
            {t("solverHeading")}
          </Heading>
          <div className="scenario-grid">
            <Field>
              <Label htmlFor={ids.startWindow}>{t("startWindow")}</Label>
              <Select id={ids.startWindow} value={draft.startWindow} onChange={(e) => set("startWindow", e.target.value)} disabled={readOnly}>
                {START_WINDOWS.map((n) => (
                  <option key={n} value={String(n)}>
                    {t("startWindowOption", { n })}
                  </option>
                ))}
              </Select>
            </Field>
            {text(ids.delayDiscount, t("delayDiscount"), draft.delayDiscount, (v) => set("delayDiscount", v))}
            {text(ids.timeLimit, t("timeLimit"), draft.timeLimit, (v) => set("timeLimit", v))}
          </div>

          <details className="scenario-more">
            <summary>
              {t("forcedHeading")} ({Object.keys(draft.forced).length})
            </summary>
            <Paragraph data-size="sm" className="muted">
              {t("forcedHelp")}
            </Paragraph>
            <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="forced-caption">
              <Table data-size="sm">
                <caption id="forced-caption" className="visually-hidden">
                  {t("forcedCaption")}
                </caption>
                <Table.Head>
                  <Table.Row>
                    <Table.HeaderCell scope="col">{t("colInitiative")}</Table.HeaderCell>
                    <Table.HeaderCell scope="col">{t("forcedHeading")}</Table.HeaderCell>
                  </Table.Row>
                </Table.Head>
                <Table.Body>
                  {candidates.map((c) => (
                    <Table.Row key={c.id}>
                      <Table.HeaderCell scope="row">
                        <span className="kr-code">{c.code}</span> {c.title}
                      </Table.HeaderCell>
                      <Table.Cell>
                        <Select
                          id={ids.forced(c.id)}
                          aria-label={t("choiceFor", { code: c.code, title: c.title })}
                          value={draft.forced[c.id] ?? ""}
                          disabled={readOnly}
                          onChange={(e) => {
                            const v = e.target.value;
                            const rest = Object.fromEntries(Object.entries(draft.forced).filter(([id]) => id !== c.id));
                            set("forced", v === "in" || v === "out" ? { ...rest, [c.id]: v } : rest);
                          }}
                        >
                          <option value="">{t("choice_free")}</option>
                          <option value="in">{t("choice_in")}</option>
                          <option value="out">{t("choice_out")}</option>
                        </Select>
                      </Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            </div>
          </details>

          <details className="scenario-more">
            <summary>
              {t("exclusiveHeading")} ({draft.exclusive.length})
            </summary>
            <Paragraph data-size="sm" className="muted">
              {t("exclusiveHelp")}
            </Paragraph>
            {draft.exclusive.length === 0 ? (
              <Paragraph data-size="sm">{t("exclusiveNone")}</Paragraph>
            ) : (
              <ul className="scenario-groups">
                {draft.exclusive.map((g, k) => (
                  <li key={g.join()}>
                    <span>{t("exclusiveGroup", { n: k + 1, names: g.map(nameOf).join(" / ") })}</span>
                    {!readOnly && (
                      <Button type="button" variant="tertiary" data-size="sm" onClick={() => set("exclusive", draft.exclusive.filter((_, j) => j !== k))}>
                        {t("removeGroup", { n: k + 1 })}
                      </Button>
                    )}
                  </li>
                ))}
              </ul>
            )}
            {!readOnly && (
              <Fieldset className="scenario-new-group">
                <Fieldset.Legend>{t("newGroupLegend")}</Fieldset.Legend>
                {candidates.map((c) => (
                  <Checkbox
                    key={c.id}
                    label={`${c.code} ${c.title}`}
                    checked={groupPick.includes(c.id)}
                    onChange={(e) => setGroupPick((p) => (e.target.checked ? [...p, c.id] : p.filter((x) => x !== c.id)))}
                  />
                ))}
                {groupError && <ValidationMessage id={ids.exclusive}>{groupError}</ValidationMessage>}
                <div>
                  <Button type="button" variant="secondary" data-size="sm" onClick={addGroup} aria-describedby={groupError ? ids.exclusive : undefined}>
                    {t("addGroup")}
                  </Button>
                </div>
              </Fieldset>
            )}
          </details>

          <details className="scenario-more">
            <summary>{t("minValueHeading")}</summary>
            <Paragraph data-size="sm" className="muted">
              {t("minValueHelp")}
            </Paragraph>
            <div className="scenario-grid">
              {sheet.objectives.map((o) => text(ids.minValue(o.key), o.code ? `${o.code} ${o.title}` : o.title, draft.minValue[o.key] ?? "", (v) => set("minValue", { ...draft.minValue, [o.key]: v })))}
            </div>
          </details>
        {!readOnly && (
          <div>
            <Button type="submit" loading={save.isPending}>
              {t("save")}
            </Button>
          </div>
        )}
      </form>
    </section>
  );
}
