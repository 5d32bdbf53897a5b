import { Alert, Field, Heading, Label, Paragraph, Select, Table, Tag } from "@digdir/designsystemet-react";
import { Fragment } from "react";
import { Link as RouterLink } from "wouter";
import { useCoverage, type Coverage as CoverageAnswer } from "../../api/portfolio.js";
import { Loaded } from "../../components/States.js";
import { useCurrent, usePageTitle, useQueryParam } from "../../current.js";
import { formatNumber } from "../../format.js";
import { useT } from "../../i18n/i18n.js";
import { urls } from "../../urls.js";
import { ALL_PHASES, DIRECTION_SYMBOL, usePortfolioLabels, type Direction } from "../portfolio/labels.js";
import { InitiativeLink } from "../portfolio/shared.js";
import "./coverage.css";
import { coverageMessages } from "./messages.js";

type Cell = CoverageAnswer["cells"][number];
type CoverageSection = CoverageAnswer["sections"][number];

const SIZE_COUNT: Record<string, number> = { small: 1, medium: 2, large: 3 };
/** A contribution as signs: `++` a medium positive one, `−−−` a large negative one. */
const signs = (c: Pick<Cell, "direction" | "size">) => (DIRECTION_SYMBOL[c.direction as Direction] ?? "?").repeat(SIZE_COUNT[c.size] ?? 1);
const nameOf = (x: { code: string | null; title: string }) => (x.code ? `${x.code} ${x.title}` : x.title);

/** Focus areas and key results (rows) against initiatives (columns): what serves each objective, and what nothing serves. */
export default function Coverage() {
  const t = useT(coverageMessages);
  const { strategyId, strategy } = useCurrent();
  const coverage = useCoverage(strategyId);
  usePageTitle(strategy ? `${t("title")}: ${strategy.title}` : t("title"));

  return (
    <>
      <div className="page-head">
        <div>
          <Heading level={1} data-size="lg">
            {t("title")}
          </Heading>
          <Paragraph className="muted">{t("intro")}</Paragraph>
        </div>
      </div>
      <Loaded query={coverage}>
        {(data) =>
          data.sections.length === 0 ? (
            <Alert data-color="info">{t("noObjectives")}</Alert>
          ) : (
            <div className="stack">
              <Summary data={data} />
              <Filtered data={data} />
            </div>
          )
        }
      </Loaded>
    </>
  );
}

function Summary({ data }: { data: CoverageAnswer }) {
  const t = useT(coverageMessages);
  const { region, strategyId, strategy } = useCurrent();
  const areas = new Set(data.uncovered.sections);
  const krs = new Set(data.uncovered.keyResults);
  const krTotal = data.sections.reduce((n, s) => n + s.keyResults.length, 0);
  const lacking = data.sections.filter((s) => areas.has(s.key) || s.keyResults.some((k) => krs.has(k.id)));
  return (
    <section aria-labelledby="coverage-summary" className="stack">
      <Heading level={2} data-size="sm" id="coverage-summary">
        {t("summary")}
      </Heading>
      {data.initiatives.length === 0 && (
        <Alert data-color="info">
          <Paragraph>{t("noInitiatives")}</Paragraph>
        </Alert>
      )}
      {lacking.length === 0 ? (
        <Alert data-color="success">
          <Paragraph>{t("allCovered")}</Paragraph>
        </Alert>
      ) : (
        <>
          <ul className="coverage-figures">
            <li className={areas.size > 0 ? "figure-warning" : undefined}>
              <span className="figure">{formatNumber(areas.size, 0)}</span> <span>{t("uncoveredAreas", { count: areas.size, total: data.sections.length })}</span>
            </li>
            <li className={krs.size > 0 ? "figure-warning" : undefined}>
              <span className="figure">{formatNumber(krs.size, 0)}</span> <span>{t("uncoveredKeyResults", { count: krs.size, total: krTotal })}</span>
            </li>
          </ul>
          <Heading level={3} data-size="xs">
            {t("uncoveredList")}
          </Heading>
          <ul className="uncovered-list">
            {lacking.map((s) => {
              const missing = s.keyResults.filter((k) => krs.has(k.id));
              return (
                <li key={s.key}>
                  <RouterLink href={urls.focusArea(region, strategyId, s.key)} lang={strategy?.language}>
                    {nameOf(s)}
                  </RouterLink>
                  {areas.has(s.key) && (
                    <>
                      {" "}
                      <NoneTag />
                    </>
                  )}
                  {missing.length > 0 && (
                    <ul aria-label={t("uncoveredKrsIn", { area: nameOf(s) })}>
                      {missing.map((k) => (
                        <li key={k.id}>
                          <RouterLink href={urls.keyResult(region, strategyId, k.id)} lang={strategy?.language}>
                            {nameOf(k)}
                          </RouterLink>
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}

function NoneTag() {
  const t = useT(coverageMessages);
  return (
    <Tag data-color="warning" data-size="sm" className="status-tag">
      <span aria-hidden="true" className="status-symbol">
        !
      </span>{" "}
      {t("none")}
    </Tag>
  );
}

/** One contribution in a cell: its signs to the eye, its words to a screen reader. */
function Contribution({ cell }: { cell: Cell }) {
  const labels = usePortfolioLabels();
  return (
    <span className={`contribution contribution-${cell.direction}`}>
      <span aria-hidden="true">{signs(cell)}</span>
      <span className="visually-hidden">{labels.contribution(cell.direction, cell.size)}</span>
    </span>
  );
}

/** The matrix narrowed to one focus area (its rows, and the initiatives serving it) and to initiatives in one phase. */
function Filtered({ data }: { data: CoverageAnswer }) {
  const t = useT(coverageMessages);
  const labels = usePortfolioLabels();
  const { strategy } = useCurrent();
  const [area, setArea] = useQueryParam("area", "");
  const [phase, setPhase] = useQueryParam("phase", "");
  const sections = area ? data.sections.filter((s) => s.key === area) : data.sections;
  const serving = new Set(data.cells.filter((c) => !area || c.section === area).map((c) => c.initiative));
  const initiatives = data.initiatives.filter((i) => (!phase || i.phase === phase) && (!area || serving.has(i.id)));
  const phases = ALL_PHASES.filter((p) => data.initiatives.some((i) => i.phase === p) || p === phase);
  return (
    <>
      <div className="filter-fields coverage-filters">
        <Field>
          <Label htmlFor="coverage-area">{t("filterArea")}</Label>
          <Select id="coverage-area" value={area} onChange={(e) => setArea(e.target.value || undefined)} lang={strategy?.language}>
            <option value="">{t("allAreas")}</option>
            {data.sections.map((s) => (
              <option key={s.key} value={s.key}>
                {nameOf(s)}
              </option>
            ))}
          </Select>
        </Field>
        <Field>
          <Label htmlFor="coverage-phase">{t("filterPhase")}</Label>
          <Select id="coverage-phase" value={phase} onChange={(e) => setPhase(e.target.value || undefined)}>
            <option value="">{t("allPhases")}</option>
            {phases.map((p) => (
              <option key={p} value={p}>
                {labels.phase(p)}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Paragraph data-size="sm" role="status" className="muted">
        {t("showing", { areas: sections.length, initiatives: initiatives.length })}
      </Paragraph>
      {initiatives.length === 0 && data.initiatives.length > 0 && <Paragraph>{t("noColumns")}</Paragraph>}
      <Matrix data={{ ...data, sections: sections.length > 0 ? sections : data.sections, initiatives }} />
    </>
  );
}

function Matrix({ data }: { data: CoverageAnswer }) {
  const t = useT(coverageMessages);
  const { region, strategyId, strategy } = useCurrent();
  const uncoveredAreas = new Set(data.uncovered.sections);
  const uncoveredKrs = new Set(data.uncovered.keyResults);
  const cellsAt = (initiative: string, section: string, keyResult: string | null) =>
    data.cells.filter((c) => c.initiative === initiative && c.section === section && c.keyResult === keyResult);

  const countCell = (count: number, uncovered: boolean) => <Table.Cell className="num coverage-count">{uncovered ? <NoneTag /> : formatNumber(count, 0)}</Table.Cell>;

  const areaRow = (s: CoverageSection) => {
    const uncovered = uncoveredAreas.has(s.key);
    return (
      <Table.Row className={`coverage-area${uncovered ? " uncovered" : ""}`}>
        <Table.HeaderCell scope="row" className="coverage-objective">
          <RouterLink href={urls.focusArea(region, strategyId, s.key)} lang={strategy?.language}>
            {nameOf(s)}
          </RouterLink>
        </Table.HeaderCell>
        {countCell(s.initiativeCount, uncovered)}
        {data.initiatives.map((i) => {
          const direct = cellsAt(i.id, s.key, null);
          const via = direct.length === 0 && data.cells.some((c) => c.initiative === i.id && c.section === s.key && c.keyResult !== null && c.direction === "positive");
          return (
            <Table.Cell key={i.id} className="coverage-cell">
              {direct.map((c, n) => (
                <Contribution key={n} cell={c} />
              ))}
              {via && (
                <span className="contribution contribution-via">
                  <span aria-hidden="true">•</span>
                  <span className="visually-hidden">{t("via")}</span>
                </span>
              )}
            </Table.Cell>
          );
        })}
      </Table.Row>
    );
  };

  const keyResultRow = (s: CoverageSection, k: CoverageSection["keyResults"][number]) => {
    const uncovered = uncoveredKrs.has(k.id);
    return (
      <Table.Row key={k.id} className={`coverage-kr${uncovered ? " uncovered" : ""}`}>
        <Table.HeaderCell scope="row" className="coverage-objective">
          <RouterLink href={urls.keyResult(region, strategyId, k.id)} lang={strategy?.language}>
            {nameOf(k)}
          </RouterLink>
        </Table.HeaderCell>
        {countCell(k.initiativeCount, uncovered)}
        {data.initiatives.map((i) => (
          <Table.Cell key={i.id} className="coverage-cell">
            {cellsAt(i.id, s.key, k.id).map((c, n) => (
              <Contribution key={n} cell={c} />
            ))}
          </Table.Cell>
        ))}
      </Table.Row>
    );
  };

  return (
    <section aria-labelledby="coverage-matrix" className="stack coverage-section">
      <Heading level={2} data-size="sm" id="coverage-matrix" className="visually-hidden">
        {t("caption")}
      </Heading>
      <details className="coverage-legend" open>
        <summary>{t("legend")}</summary>
        <ul>
          <li>{t("legendPositive")}</li>
          <li>{t("legendNegative")}</li>
          <li>{t("legendVia")}</li>
        </ul>
        <Paragraph data-size="sm" className="muted">
          {t("rejectedNote")}
        </Paragraph>
      </details>
      <div className="table-scroll coverage-scroll" tabIndex={0} role="region" aria-labelledby="coverage-caption">
        <Table data-size="sm" className="coverage-table" border>
          <caption id="coverage-caption" className="table-caption">
            {t("caption")}
          </caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell scope="col" className="coverage-objective">
                {t("objective")}
              </Table.HeaderCell>
              <Table.HeaderCell scope="col" className="num">
                {t("count")}
              </Table.HeaderCell>
              {data.initiatives.map((i) => (
                <Table.HeaderCell key={i.id} scope="col" className="coverage-initiative">
                  <InitiativeLink initiative={i} />
                </Table.HeaderCell>
              ))}
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {data.sections.map((s) => (
              <Fragment key={s.key}>
                {areaRow(s)}
                {s.keyResults.map((k) => keyResultRow(s, k))}
              </Fragment>
            ))}
          </Table.Body>
        </Table>
      </div>
    </section>
  );
}
