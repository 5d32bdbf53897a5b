import { Alert, Button, Dialog, Heading, Paragraph, Table, Tag, Textfield } from "@digdir/designsystemet-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { EChartsCoreOption } from "echarts/core";
import { useMemo, useState, type FormEvent } from "react";
import { ApiError, client, ok } from "../../../api/client.js";
import { portfolioKeys, useBudgets, type Budgets as BudgetAnswer } from "../../../api/portfolio.js";
import { Chart, SERIES_STYLES } from "../../../components/Chart.js";
import { DataTable } from "../../../components/DataTable.js";
import { FormErrors, problemAt, useFormProblems, type FieldProblem } from "../../../components/FormErrors.js";
import { Loaded } from "../../../components/States.js";
import { useCurrent } from "../../../current.js";
import { formatNumber, formatValue } from "../../../format.js";
import { useT } from "../../../i18n/i18n.js";
import { useCan } from "../../../session.js";
import { serverProblems } from "../../admin/shared.js";
import { CHART_COLORS } from "../chart-colors.js";
import { fieldText, parseDecimal, parseKroner } from "../numbers.js";
import { PortfolioHead } from "../shared.js";
import { budgetMessages } from "./messages.js";

type Row = BudgetAnswer["years"][number];
/** A funding source's year, or the year's total over all sources. */
type Line = BudgetAnswer["totals"][number];
type Amounts = Row["budget"];
const MEASURES = ["investment", "operating", "providerPersonYears"] as const;
type Measure = (typeof MEASURES)[number];

/** Investment and operating together. */
const money = (a: { investment: number; operating: number }) => a.investment + a.operating;
/** What the initiatives spent; the shared provider's person-years are planned only. */
const actualOf = (l: Line, m: Measure): number | null => (m === "providerPersonYears" ? null : l.actual[m]);
/** Overspend (negative) where the plans or the spending exceed the budget, else what is left of it. */
function varianceOf(l: Line, m: Measure): number {
  const actual = actualOf(l, m);
  return Math.min(l.variance[m], actual === null ? Infinity : l.budget[m] - actual);
}

/** Budget against planned and actual cost per year and funding source; governors enter and change the budgets. */
export default function Budgets() {
  const t = useT(budgetMessages);
  const { strategyId, strategy } = useCurrent();
  const budgets = useBudgets(strategyId);
  const { can } = useCan();
  const govern = strategy !== undefined && can({ do: "portfolio.govern", organisation: strategy.owner });
  const [editing, setEditing] = useState<{ year: number; fundingSource: string; amounts: Amounts } | null>(null);
  const [saved, setSaved] = useState("");

  return (
    <>
      <PortfolioHead title={t("title")} intro={t("intro")} view="budgets" strategyTitle={strategy?.title} />
      <div role="status">{saved && <Alert data-color="success">{saved}</Alert>}</div>
      <Loaded query={budgets}>
        {(data) => {
          const years = [...new Set(data.years.map((r) => r.year))].sort((a, b) => a - b);
          return (
            <div className="stack">
              {years.length === 0 ? (
                <Alert data-color="info">
                  <Heading level={2} data-size="xs">
                    {t("empty")}
                  </Heading>
                  <Paragraph>{t("emptyHint")}</Paragraph>
                </Alert>
              ) : (
                <>
                  <YearsChart totals={data.totals} />
                  <Paragraph data-size="sm" className="muted">
                    {t("varianceHelp")}
                  </Paragraph>
                  {years.map((y) => (
                    <YearTable key={y} year={y} rows={data.years.filter((r) => r.year === y)} total={data.totals.find((l) => l.year === y)} onEdit={govern ? setEditing : undefined} />
                  ))}
                </>
              )}
              {govern && (
                <section aria-labelledby="budget-add" className="portfolio-section budget-add">
                  <Heading level={2} data-size="sm" id="budget-add">
                    {t("addTitle")}
                  </Heading>
                  <Paragraph data-size="sm">{t("addIntro")}</Paragraph>
                  <BudgetForm idPrefix="add" sources={[...new Set(data.years.map((r) => r.fundingSource))]} onSaved={setSaved} />
                </section>
              )}
            </div>
          );
        }}
      </Loaded>
      <Dialog open={editing !== null} onClose={() => setEditing(null)} closeButton={t("cancel")} aria-labelledby="budget-edit-title" closedby="any">
        {editing && (
          <div className="stack">
            <Heading level={2} data-size="sm" id="budget-edit-title">
              {t("editTitle", { source: editing.fundingSource || t("noFundingSource"), year: editing.year })}
            </Heading>
            <BudgetForm
              key={`${editing.year}/${editing.fundingSource}`}
              idPrefix="edit"
              fixed={editing}
              sources={[]}
              onSaved={(text) => {
                setSaved(text);
                setEditing(null);
              }}
            />
          </div>
        )}
      </Dialog>
    </>
  );
}

function YearsChart({ totals }: { totals: Line[] }) {
  const t = useT(budgetMessages);
  const lines = totals.slice().sort((a, b) => a.year - b.year);
  const years = lines.map((l) => l.year);
  const option = useMemo((): EChartsCoreOption => {
    const series = (["budget", "planned", "actual"] as const).map((part, i) => ({
      name: t(part),
      type: "bar",
      data: lines.map((l) => money(l[part]) / 1_000_000),
      itemStyle: { color: [CHART_COLORS.muted, CHART_COLORS.primary, CHART_COLORS.secondary][i], decal: { symbol: SERIES_STYLES[i]?.symbol ?? "rect" } },
    }));
    return {
      grid: { left: 8, right: 16, top: 24, bottom: 40, containLabel: true },
      legend: { bottom: 0, textStyle: { color: CHART_COLORS.axis } },
      tooltip: { trigger: "axis", valueFormatter: (v: number) => `${formatNumber(v, 1)} mill. kr` },
      xAxis: { type: "category", data: years.map(String), axisLabel: { color: CHART_COLORS.axis } },
      yAxis: { type: "value", axisLabel: { color: CHART_COLORS.axis, formatter: (v: number) => formatNumber(v, 1) }, splitLine: { lineStyle: { color: CHART_COLORS.grid } } },
      series,
    };
  }, [lines, years, t]);
  return (
    <Chart
      title={t("chartTitle")}
      summary={t("chartSummary", { years: years.length === 1 ? String(years[0]) : `${years[0]}–${years[years.length - 1]}` })}
      option={option}
      table={
        <DataTable<Line>
          caption={t("chartTitle")}
          rows={lines}
          rowKey={(l) => String(l.year)}
          columns={[
            { key: "year", header: t("year"), rowHeader: true, cell: (l) => l.year },
            { key: "budget", header: t("budget"), numeric: true, cell: (l) => <span className="nowrap">{formatValue(money(l.budget), "nok")}</span> },
            { key: "planned", header: t("planned"), numeric: true, cell: (l) => <span className="nowrap">{formatValue(money(l.planned), "nok")}</span> },
            { key: "actual", header: t("actual"), numeric: true, cell: (l) => <span className="nowrap">{formatValue(money(l.actual), "nok")}</span> },
            { key: "variance", header: t("variance"), cell: (l) => <Variance value={Math.min(money(l.budget) - money(l.planned), money(l.budget) - money(l.actual))} measure="investment" /> },
          ]}
        />
      }
    />
  );
}

/** Budget minus planned, said in words as well as colour: overspend, unspent or balanced. */
function Variance({ value, measure }: { value: number; measure: Measure }) {
  const t = useT(budgetMessages);
  const amount = measure === "providerPersonYears" ? formatNumber(Math.abs(value), 1) : formatValue(Math.abs(value), "nok");
  if (value < 0)
    return (
      <Tag data-color="danger" data-size="sm" className="status-tag">
        <span aria-hidden="true" className="status-symbol">
          ✕
        </span>{" "}
        {t("overspend", { amount })}
      </Tag>
    );
  if (value > 0) return <span className="nowrap">{t("underspend", { amount })}</span>;
  return <span className="nowrap">{t("balanced")}</span>;
}

function YearTable({
  year,
  rows,
  total,
  onEdit,
}: {
  year: number;
  rows: Row[];
  total: Line | undefined;
  onEdit: ((b: { year: number; fundingSource: string; amounts: Amounts }) => void) | undefined;
}) {
  const t = useT(budgetMessages);
  const label: Record<Measure, string> = { investment: t("investment"), operating: t("operating"), providerPersonYears: t("personYears") };
  const show = (m: Measure, v: number | null) => (v === null ? "–" : m === "providerPersonYears" ? formatNumber(v, 1) : formatValue(v, "nok"));
  const sorted = rows.slice().sort((a, b) => a.fundingSource.localeCompare(b.fundingSource, "nb"));
  const id = `year-${year}`;
  return (
    <section aria-labelledby={id} className="portfolio-section stack">
      <Heading level={2} data-size="sm" id={id}>
        {t("yearHeading", { year })}
      </Heading>
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={`${id}-caption`}>
        <Table data-size="sm" className="budget-table">
          <caption id={`${id}-caption`} className="table-caption">
            {t("yearCaption", { year })}
          </caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell scope="col">{t("fundingSource")}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t("measure")}</Table.HeaderCell>
              <Table.HeaderCell scope="col" className="num">
                {t("budget")}
              </Table.HeaderCell>
              <Table.HeaderCell scope="col" className="num">
                {t("planned")}
              </Table.HeaderCell>
              <Table.HeaderCell scope="col" className="num">
                {t("actual")}
              </Table.HeaderCell>
              <Table.HeaderCell scope="col">{t("variance")}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          {[
            ...sorted.map((r) => ({ key: r.fundingSource, name: r.fundingSource || t("noFundingSource"), line: r as Line, row: r as Row | null })),
            ...(total ? [{ key: "\u0000total", name: t("total", { year }), line: total, row: null }] : []),
          ].map((group) => (
              <Table.Body key={group.key} className={group.row === null ? "budget-total" : undefined}>
                {MEASURES.map((m, i) => {
                  return (
                    <Table.Row key={m}>
                      {i === 0 && (
                        <Table.HeaderCell scope="rowgroup" rowSpan={MEASURES.length} className="budget-source">
                          <span>{group.name}</span>
                          {group.row && onEdit && (
                            <Button
                              variant="tertiary"
                              data-size="sm"
                              aria-label={t("editLabel", { source: group.name, year })}
                              onClick={() => onEdit({ year, fundingSource: group.row!.fundingSource, amounts: group.row!.budget })}
                            >
                              {t("edit")}
                            </Button>
                          )}
                        </Table.HeaderCell>
                      )}
                      <Table.HeaderCell scope="row">{label[m]}</Table.HeaderCell>
                      <Table.Cell className="num nowrap">{show(m, group.line.budget[m])}</Table.Cell>
                      <Table.Cell className="num nowrap">{show(m, group.line.planned[m])}</Table.Cell>
                      <Table.Cell className="num nowrap">{show(m, actualOf(group.line, m))}</Table.Cell>
                      <Table.Cell>
                        <Variance value={varianceOf(group.line, m)} measure={m} />
                      </Table.Cell>
                    </Table.Row>
                  );
                })}
              </Table.Body>
            ),
          )}
        </Table>
      </div>
    </section>
  );
}

/** A budget row: for a year and funding source (fixed when changing one), the investment, operating and person-years. */
function BudgetForm({
  idPrefix,
  fixed,
  sources,
  onSaved,
}: {
  idPrefix: string;
  fixed?: { year: number; fundingSource: string; amounts: Amounts };
  sources: string[];
  onSaved: (message: string) => void;
}) {
  const t = useT(budgetMessages);
  const { strategyId } = useCurrent();
  const queryClient = useQueryClient();
  const [year, setYear] = useState(fixed ? String(fixed.year) : String(new Date().getFullYear() + 1));
  const [source, setSource] = useState(fixed?.fundingSource ?? "");
  const [investment, setInvestment] = useState(fixed ? fieldText(fixed.amounts.investment) : "");
  const [operating, setOperating] = useState(fixed ? fieldText(fixed.amounts.operating) : "");
  const [personYears, setPersonYears] = useState(fixed ? fieldText(fixed.amounts.providerPersonYears) : "");
  const { problems, attempt, show } = useFormProblems();
  const fields = {
    year: { target: `${idPrefix}-year`, label: t("year") },
    fundingSource: { target: `${idPrefix}-source`, label: t("fundingSource") },
    investment: { target: `${idPrefix}-investment`, label: t("investment") },
    operating: { target: `${idPrefix}-operating`, label: t("operating") },
    providerPersonYears: { target: `${idPrefix}-person-years`, label: t("personYears") },
  };

  const save = useMutation({
    mutationFn: (b: { year: number; fundingSource: string; investment: number; operating: number; providerPersonYears: number }) =>
      ok(
        client.PUT("/api/v1/strategies/{id}/budgets/{year}/{fundingSource}", {
          params: { path: { id: strategyId, year: b.year, fundingSource: b.fundingSource } },
          body: { investment: b.investment, operating: b.operating, providerPersonYears: b.providerPersonYears },
        }),
      ).then(() => b),
    onSuccess: async (b) => {
      await queryClient.invalidateQueries({ queryKey: portfolioKeys.budgets(strategyId) });
      if (!fixed) {
        setSource("");
        setInvestment("");
        setOperating("");
        setPersonYears("");
      }
      onSaved(t("saved", { source: b.fundingSource, year: b.year }));
    },
    onError: (err) => {
      show(err instanceof ApiError ? serverProblems(err, fields, fields.investment) : [{ ...fields.investment, message: t("network") }]);
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (save.isPending) return;
    const found: FieldProblem[] = [];
    const y = Number(year);
    if (!/^\d{4}$/.test(year.trim()) || y < 2000 || y > 2100) found.push({ ...fields.year, message: t("yearInvalid") });
    if (!source.trim()) found.push({ ...fields.fundingSource, message: t("sourceRequired") });
    const inv = parseKroner(investment);
    const op = parseKroner(operating);
    const py = parseDecimal(personYears);
    if (inv === null) found.push({ ...fields.investment, message: t("wholeKroner") });
    if (op === null) found.push({ ...fields.operating, message: t("wholeKroner") });
    if (py === null) found.push({ ...fields.providerPersonYears, message: t("personYearsInvalid") });
    if (show(found)) save.mutate({ year: y, fundingSource: source.trim(), investment: inv!, operating: op!, providerPersonYears: py! });
  }

  return (
    <form onSubmit={submit} noValidate className="stack" aria-label={fixed ? undefined : t("addTitle")}>
      <FormErrors heading={t("errors")} problems={problems} attempt={attempt} level={3} />
      <div className="budget-form">
        {!fixed && (
          <>
            <Textfield id={fields.year.target} label={t("year")} inputMode="numeric" value={year} onChange={(e) => setYear(e.target.value)} error={problemAt(problems, fields.year.target)} />
            <Textfield
              id={fields.fundingSource.target}
              label={t("fundingSource")}
              value={source}
              list={`${idPrefix}-sources`}
              onChange={(e) => setSource(e.target.value)}
              error={problemAt(problems, fields.fundingSource.target)}
            />
            <datalist id={`${idPrefix}-sources`}>
              {sources.filter((s) => s !== "").map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
          </>
        )}
        <Textfield
          id={fields.investment.target}
          label={t("investment")}
          inputMode="numeric"
          suffix="kr"
          value={investment}
          onChange={(e) => setInvestment(e.target.value)}
          error={problemAt(problems, fields.investment.target)}
        />
        <Textfield
          id={fields.operating.target}
          label={t("operating")}
          inputMode="numeric"
          suffix="kr"
          value={operating}
          onChange={(e) => setOperating(e.target.value)}
          error={problemAt(problems, fields.operating.target)}
        />
        <Textfield
          id={fields.providerPersonYears.target}
          label={t("personYears")}
          inputMode="decimal"
          value={personYears}
          onChange={(e) => setPersonYears(e.target.value)}
          error={problemAt(problems, fields.providerPersonYears.target)}
        />
      </div>
      <div>
        <Button type="submit" loading={save.isPending}>
          {t("save")}
        </Button>
      </div>
    </form>
  );
}

