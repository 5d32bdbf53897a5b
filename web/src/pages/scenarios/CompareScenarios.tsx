import { Alert, Checkbox, Heading, Paragraph, Table, Tag } from "@digdir/designsystemet-react";
import { useMemo, useState, type ReactNode } from "react";
import { Link as RouterLink } from "wouter";
import { idsParam } from "../../address.js";
import { RESOURCES, useScenarioSet, type Problem, type Scenario } from "../../api/scenarios.js";
import { ErrorState, Loading } from "../../components/States.js";
import { useCurrent, useQueryParam } from "../../current.js";
import { formatNumber } from "../../format.js";
import { useT } from "../../i18n/i18n.js";
import { urls } from "../../urls.js";
import { InitiativeLink, PortfolioHead } from "../portfolio/shared.js";
import { FrontierChart } from "./Frontier.js";
import { scenarioMessages } from "./messages.js";
import { StatusText } from "./parts.js";
import { useScenarioWords } from "./words.js";
import "./scenarios.css";

/** What the comparison needs of a scenario: its solve, when it has a portfolio. */
interface Column {
  scenario: Scenario;
  problem: Problem | null;
  /** Start year by initiative id; empty when not solved or infeasible. */
  chosen: Map<string, number>;
  feasible: boolean;
}

/** Two to four scenarios side by side (`?ids=a,b`). */
export default function CompareScenarios() {
  const t = useT(scenarioMessages);
  const { region, strategyId, strategy } = useCurrent();
  const [idsValue] = useQueryParam("ids", "");
  // Something in the list that is not an id (`?ids=a,b`) is explained by the page's error boundary.
  const ids = useMemo(() => idsParam("ids", idsValue).slice(0, 4), [idsValue]);
  const set = useScenarioSet(ids);
  return (
    <>
      <PortfolioHead title={t("compareTitle")} intro={t("compareIntro")} view="scenarios" strategyTitle={strategy?.title}>
        <RouterLink href={urls.scenarios(region, strategyId)}>{t("back")}</RouterLink>
      </PortfolioHead>
      {ids.length < 2 ? (
        <Alert data-color="info">{t("comparePick")}</Alert>
      ) : set.error ? (
        <ErrorState error={set.error} />
      ) : !set.data ? (
        <Loading />
      ) : (
        <Comparison scenarios={set.data} />
      )}
    </>
  );
}

function Comparison({ scenarios }: { scenarios: Scenario[] }) {
  const columns: Column[] = useMemo(
    () =>
      scenarios.map((s) => {
        const solution = s.result?.solution;
        const feasible = solution !== undefined && solution.status !== "infeasible";
        return { scenario: s, problem: s.problem, chosen: new Map(feasible ? solution.selected.map((x) => [x.id, x.start]) : []), feasible };
      }),
    [scenarios],
  );
  // Names of initiatives and objectives from any of the problems: they are the same portfolio.
  const problem = columns.find((c) => c.problem)?.problem ?? null;
  return (
    <div className="stack">
      <Headline columns={columns} problem={problem} />
      <Matrix columns={columns} />
      <ObjectiveValues columns={columns} problem={problem} />
      <SpendPerYear columns={columns} />
      <Frontiers columns={columns} />
    </div>
  );
}

/** A table with a column per scenario, its rows named by their first cell. */
function PerScenario({ caption, first, columns, rows }: { caption: string; first: string; columns: Column[]; rows: { key: string; head: ReactNode; cells: ReactNode[]; numeric?: boolean }[] }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <Table data-size="sm" zebra className="scenario-compare-table">
        <caption className="visually-hidden">{caption}</caption>
        <Table.Head>
          <Table.Row>
            <Table.HeaderCell scope="col">{first}</Table.HeaderCell>
            {columns.map((c) => (
              <Table.HeaderCell key={c.scenario.id} scope="col">
                {c.scenario.name}
              </Table.HeaderCell>
            ))}
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {rows.map((r) => (
            <Table.Row key={r.key}>
              <Table.HeaderCell scope="row">{r.head}</Table.HeaderCell>
              {r.cells.map((cell, k) => (
                <Table.Cell key={k} className={r.numeric ? "num nowrap" : undefined}>
                  {cell}
                </Table.Cell>
              ))}
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </div>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="portfolio-section stack">
      <Heading level={2} data-size="sm" id={id}>
        {title}
      </Heading>
      {children}
    </section>
  );
}

function Headline({ columns, problem }: { columns: Column[]; problem: Problem | null }) {
  const t = useT(scenarioMessages);
  const words = useScenarioWords(problem);
  const solution = (c: Column) => (c.feasible ? c.scenario.result!.solution : null);
  const objectives = problem?.objectives ?? [];
  const covered = (c: Column) => objectives.filter((o) => (solution(c)?.valueByObjective[o.key] ?? 0) > 0);
  return (
    <Section id="headline-heading" title={t("headlineHeading")}>
      <PerScenario
        caption={t("headlineCaption")}
        first={t("colMeasure")}
        columns={columns}
        rows={[
          { key: "status", head: t("colStatus"), cells: columns.map((c) => <StatusText key="s" status={c.scenario.result?.solution.status ?? null} />) },
          { key: "value", head: t("colValue"), numeric: true, cells: columns.map((c) => formatNumber(solution(c)?.value, 1)) },
          { key: "gap", head: t("colGap"), numeric: true, cells: columns.map((c) => (solution(c)?.gap == null ? "–" : t("percent", { value: formatNumber(solution(c)!.gap! * 100, 2) }))) },
          { key: "selected", head: t("colSelected"), numeric: true, cells: columns.map((c) => (c.feasible ? String(c.chosen.size) : "–")) },
          ...RESOURCES.map((r) => ({
            key: `spend-${r}`,
            head: t("rowSpend", { resource: words.Resource(r) }),
            numeric: true,
            cells: columns.map((c) => {
              const s = solution(c);
              return s ? words.amount(r, s.spend.reduce((sum, y) => sum + y.used[r], 0)) : "–";
            }),
          })),
          {
            key: "coverage",
            head: t("rowCoverage"),
            cells: columns.map((c) => {
              if (!c.feasible) return "–";
              const hit = covered(c);
              const missing = objectives.filter((o) => !hit.includes(o));
              return (
                <>
                  {t("coverage", { n: hit.length, total: objectives.length })}
                  {missing.length > 0 && <div className="muted">{t("uncovered", { names: missing.map((o) => o.title).join(", ") })}</div>}
                </>
              );
            }),
          },
        ]}
      />
    </Section>
  );
}

/** Every initiative any scenario selects, with where the scenarios part ways said in words. */
function Matrix({ columns }: { columns: Column[] }) {
  const t = useT(scenarioMessages);
  const [onlyDifferences, setOnlyDifferences] = useState(false);
  const initiatives = new Map<string, { id: string; code: string; title: string }>();
  for (const c of columns) for (const i of c.problem?.initiatives ?? []) if (c.chosen.has(i.id)) initiatives.set(i.id, i);
  const differs = (id: string) => new Set(columns.map((c) => (c.chosen.has(id) ? `in ${c.chosen.get(id)}` : "out"))).size > 1;
  const rows = [...initiatives.values()]
    .map((i) => ({ ...i, differs: differs(i.id) }))
    .filter((i) => !onlyDifferences || i.differs)
    .sort((a, b) => Number(b.differs) - Number(a.differs) || a.code.localeCompare(b.code, "nb"));
  return (
    <Section id="matrix-heading" title={t("matrixHeading")}>
      <Checkbox label={t("onlyDifferences")} checked={onlyDifferences} onChange={(e) => setOnlyDifferences(e.target.checked)} />
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="matrix-caption">
        <Table data-size="sm" zebra className="scenario-compare-table scenario-matrix">
          <caption id="matrix-caption" className="visually-hidden">
            {t("matrixCaption")}
          </caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell scope="col">{t("colInitiative")}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t("colDiffers")}</Table.HeaderCell>
              {columns.map((c) => (
                <Table.HeaderCell key={c.scenario.id} scope="col">
                  {c.scenario.name}
                </Table.HeaderCell>
              ))}
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {rows.map((i) => (
              <Table.Row key={i.id}>
                <Table.HeaderCell scope="row">
                  <InitiativeLink initiative={i} />
                </Table.HeaderCell>
                <Table.Cell>
                  {i.differs ? (
                    <Tag data-color="warning" data-size="sm">
                      {t("differs")}
                    </Tag>
                  ) : (
                    <span className="muted">{t("same")}</span>
                  )}
                </Table.Cell>
                {columns.map((c) => {
                  const start = c.chosen.get(i.id);
                  return (
                    <Table.Cell key={c.scenario.id} className="nowrap">
                      {start === undefined ? (
                        <>
                          <span aria-hidden="true">–</span>
                          <span className="visually-hidden">{t("notChosen")}</span>
                        </>
                      ) : (
                        <>
                          <span aria-hidden="true">✓ {start}</span>
                          <span className="visually-hidden">{t("chosenStart", { start })}</span>
                        </>
                      )}
                    </Table.Cell>
                  );
                })}
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      </div>
    </Section>
  );
}

function ObjectiveValues({ columns, problem }: { columns: Column[]; problem: Problem | null }) {
  const t = useT(scenarioMessages);
  if (!problem) return null;
  return (
    <Section id="objectives-compare-heading" title={t("objectivesHeading")}>
      <PerScenario
        caption={t("objectivesCompareCaption")}
        first={t("colObjective")}
        columns={columns}
        rows={problem.objectives.map((o) => ({
          key: o.key,
          head: o.title,
          numeric: true,
          cells: columns.map((c) => (c.feasible ? formatNumber(c.scenario.result!.solution.valueByObjective[o.key] ?? 0, 1) : "–")),
        }))}
      />
    </Section>
  );
}

function SpendPerYear({ columns }: { columns: Column[] }) {
  const t = useT(scenarioMessages);
  const words = useScenarioWords(null);
  const years = [...new Set(columns.flatMap((c) => (c.feasible ? c.scenario.result!.solution.spend.map((s) => s.year) : [])))].sort((a, b) => a - b);
  if (years.length === 0) return null;
  return (
    <Section id="spend-compare-heading" title={t("spendHeading")}>
      <PerScenario
        caption={t("spendCompareCaption")}
        first={t("year")}
        columns={columns}
        rows={years.flatMap((year) =>
          RESOURCES.map((r) => ({
            key: `${year}-${r}`,
            head: `${year} ${words.resource(r)}`,
            numeric: true,
            cells: columns.map((c) => {
              const row = c.feasible ? c.scenario.result!.solution.spend.find((s) => s.year === year) : undefined;
              if (!row) return "–";
              const limit = row.limit[r];
              return `${words.amount(r, row.used[r])} / ${limit === null ? t("noLimit") : words.amount(r, limit)}`;
            }),
          })),
        )}
      />
      <Paragraph data-size="sm" className="muted">
        {t("used")} / {t("limit")}
      </Paragraph>
    </Section>
  );
}

function Frontiers({ columns }: { columns: Column[] }) {
  const t = useT(scenarioMessages);
  const lines = useMemo(
    () =>
      columns
        .filter((c) => c.scenario.frontier !== null)
        .map((c) => ({ name: c.scenario.name, points: c.scenario.frontier!, own: c.feasible && c.scenario.current ? c.scenario.result!.solution.value : null })),
    [columns],
  );
  return (
    <Section id="frontiers-heading" title={t("frontiersHeading")}>
      {lines.length === 0 ? <Paragraph>{t("frontiersNone")}</Paragraph> : <FrontierChart lines={lines} caption={t("frontiersCaption")} named />}
    </Section>
  );
}
