import { Button, Heading, Paragraph, Tabs, Tag } from "@digdir/designsystemet-react";
import { Link as RouterLink } from "wouter";
import { useMemo } from "react";
import { useInitiatives, type InitiativeSummary } from "../../../api/portfolio.js";
import { useStrategyTree } from "../../../api/queries.js";
import { DataTable, type Column } from "../../../components/DataTable.js";
import { Loaded } from "../../../components/States.js";
import { useCurrent, useQueryParam } from "../../../current.js";
import { formatNumber, formatValue } from "../../../format.js";
import { useLang, useT } from "../../../i18n/i18n.js";
import { useCan } from "../../../session.js";
import { urls } from "../../../urls.js";
import { periodLabel } from "../../../periods.js";
import { DIMENSIONS, PHASES, usePortfolioLabels, type Phase } from "../labels.js";
import { labelMessages, portfolioMessages } from "../messages.js";
import { RagTag } from "../RagTag.js";
import { EmptyPortfolio, FilterBar, focusAreasOf, InitiativeLink, matches, NoMatch, PortfolioHead, totalCost, useInitiativeFilters, useOrgNames, type FilterName } from "../shared.js";
import { boardMessages } from "./messages.js";

const FILTERS: FilterName[] = ["area", "org", "kind", "rag"];
/** Phases outside the flow of the lifecycle: shown after the board, and only when they hold something. */
const OUTSIDE: Phase[] = ["paused", "completed", "rejected"];

/** The portfolio by stage: a column per phase on wide screens, one section after another on narrow ones; or its status table. */
export default function Board() {
  const t = useT(boardMessages);
  const { region, strategyId, strategy } = useCurrent();
  const tree = useStrategyTree(strategyId);
  const initiatives = useInitiatives(strategyId);
  const filters = useInitiativeFilters();
  const [view, setView] = useQueryParam("view", "phases");
  const { can } = useCan();
  const govern = strategy !== undefined && can({ do: "portfolio.govern", organisation: strategy.owner });
  const { areas, areaOf } = useMemo(() => focusAreasOf(tree.data), [tree.data]);

  return (
    <>
      <PortfolioHead title={t("title")} intro={t("intro")} view="board" strategyTitle={strategy?.title}>
        {govern && (
          <Button asChild variant="secondary">
            <RouterLink href={urls.newInitiative(region, strategyId)}>{t("newInitiative")}</RouterLink>
          </Button>
        )}
        {/* The workbook is also the import template (README: The portfolio). */}
        <Button asChild variant="tertiary">
          <a href={`/api/v1/strategies/${encodeURIComponent(strategyId)}/portfolio/export?format=xlsx`} download>
            {t("exportXlsx")}
          </a>
        </Button>
        <Button asChild variant="tertiary">
          <a href={`/api/v1/strategies/${encodeURIComponent(strategyId)}/portfolio/export?format=csv`} download>
            {t("exportCsv")}
          </a>
        </Button>
      </PortfolioHead>
      <Loaded query={initiatives}>
        {(all) => {
          if (all.length === 0) return <EmptyPortfolio />;
          const shown = all.filter((i) => matches(i, filters.values, areaOf));
          return (
            <div className="stack">
              <Figures initiatives={shown} />
              <FilterBar show={FILTERS} filters={filters} initiatives={all} areas={areas} shown={shown.length} />
              {shown.length === 0 ? (
                <NoMatch onClear={() => FILTERS.forEach((f) => filters.set(f, ""))} />
              ) : (
                <Tabs data-size="sm" value={view === "table" ? "table" : "phases"} onChange={(v) => setView(v === "phases" ? undefined : v)}>
                  <Tabs.List aria-label={t("views")}>
                    <Tabs.Tab value="phases">{t("byPhase")}</Tabs.Tab>
                    <Tabs.Tab value="table">{t("statusTable")}</Tabs.Tab>
                  </Tabs.List>
                  <Tabs.Panel value="phases">
                    <PhaseBoard initiatives={shown} />
                  </Tabs.Panel>
                  <Tabs.Panel value="table">
                    <StatusTable initiatives={shown} />
                  </Tabs.Panel>
                </Tabs>
              )}
            </div>
          );
        }}
      </Loaded>
    </>
  );
}

function Figures({ initiatives }: { initiatives: InitiativeSummary[] }) {
  const t = useT(boardMessages);
  const overdue = initiatives.filter((i) => i.reportOverdue).length;
  const red = initiatives.filter((i) => i.latestStatus?.overall === "red").length;
  const cost = initiatives.reduce((sum, i) => sum + totalCost(i), 0);
  return (
    <section aria-labelledby="figures-heading">
      <Heading level={2} data-size="2xs" id="figures-heading" className="visually-hidden">
        {t("figures")}
      </Heading>
      <ul className="portfolio-figures">
        <li>
          <span className="figure">{formatNumber(initiatives.length, 0)}</span> <span>{t("figureCount", { count: initiatives.length })}</span>
        </li>
        <li>
          <span className="figure">{formatValue(cost, "nok")}</span> <span>{t("figureCost")}</span>
        </li>
        <li className={overdue > 0 ? "figure-warning" : undefined}>
          <span className="figure">{formatNumber(overdue, 0)}</span> <span>{t("figureOverdue", { count: overdue })}</span>
        </li>
        <li className={red > 0 ? "figure-danger" : undefined}>
          <span className="figure">{formatNumber(red, 0)}</span> <span>{t("figureRed", { count: red })}</span>
        </li>
      </ul>
    </section>
  );
}

function PhaseBoard({ initiatives }: { initiatives: InitiativeSummary[] }) {
  const t = useT(boardMessages);
  const byPhase = (p: Phase) => initiatives.filter((i) => i.phase === p);
  const outside = OUTSIDE.filter((p) => byPhase(p).length > 0);
  return (
    <>
      <div className="phase-board">
        {PHASES.map((p) => (
          <PhaseColumn key={p} phase={p} initiatives={byPhase(p)} />
        ))}
      </div>
      {outside.length > 0 && (
        <section aria-labelledby="outside-heading" className="phase-outside">
          <Heading level={2} data-size="xs" id="outside-heading">
            {t("outsideFlow")}
          </Heading>
          <div className="phase-board phase-board-outside">
            {outside.map((p) => (
              <PhaseColumn key={p} phase={p} initiatives={byPhase(p)} level={3} />
            ))}
          </div>
        </section>
      )}
    </>
  );
}

function PhaseColumn({ phase, initiatives, level = 2 }: { phase: Phase; initiatives: InitiativeSummary[]; level?: 2 | 3 }) {
  const t = useT(boardMessages);
  const labels = usePortfolioLabels();
  const id = `phase-${phase}`;
  return (
    <section aria-labelledby={id} className="phase-column">
      <Heading level={level} data-size="2xs" id={id} className="phase-heading">
        {labels.phase(phase)} <span className="phase-count">({t("phaseCount", { count: initiatives.length })})</span>
      </Heading>
      {initiatives.length === 0 ? (
        <Paragraph data-size="sm" className="muted phase-empty">
          {t("emptyPhase")}
        </Paragraph>
      ) : (
        <ul className="initiative-cards">
          {initiatives.map((i) => (
            <InitiativeCard key={i.id} initiative={i} level={level === 2 ? 3 : 4} />
          ))}
        </ul>
      )}
    </section>
  );
}

function InitiativeCard({ initiative: i, level }: { initiative: InitiativeSummary; level: 3 | 4 }) {
  const t = useT(portfolioMessages);
  const tl = useT(labelMessages);
  const { lang } = useLang();
  const names = useOrgNames();
  return (
    <li className="initiative-card">
      <Heading level={level} data-size="2xs">
        <InitiativeLink initiative={i} />
      </Heading>
      <dl className="card-facts">
        <div>
          <dt>{t("owner")}</dt>
          <dd>{names.name(i.organisationId)}</dd>
        </div>
        <div>
          <dt>{t("latestStatus")}</dt>
          <dd>
            <RagTag rag={i.latestStatus?.overall} /> {i.latestStatus && <span className="muted nowrap">{t("statusFor", { period: periodLabel(i.latestStatus.period, lang) })}</span>}
          </dd>
        </div>
        <div>
          <dt>{t("totalCost")}</dt>
          <dd className="nowrap">{formatValue(totalCost(i), "nok")}</dd>
        </div>
      </dl>
      {i.reportOverdue && (
        <Tag data-color="warning" data-size="sm" className="status-tag">
          <span aria-hidden="true" className="status-symbol">
            !
          </span>{" "}
          {tl("overdue")}
        </Tag>
      )}
    </li>
  );
}

function StatusTable({ initiatives }: { initiatives: InitiativeSummary[] }) {
  const t = useT(boardMessages);
  const tp = useT(portfolioMessages);
  const { lang } = useLang();
  const labels = usePortfolioLabels();
  const names = useOrgNames();
  const order = (i: InitiativeSummary) => (PHASES as readonly string[]).indexOf(i.phase) + 1 || 99;
  const rows = initiatives.slice().sort((a, b) => order(a) - order(b) || a.code.localeCompare(b.code, "nb"));
  const columns: Column<InitiativeSummary>[] = [
    { key: "initiative", header: tp("initiative"), rowHeader: true, cell: (i) => <InitiativeLink initiative={i} /> },
    { key: "owner", header: tp("owner"), cell: (i) => names.short(i.organisationId) },
    { key: "phase", header: tp("phase"), cell: (i) => labels.phase(i.phase) },
    { key: "period", header: t("period"), cell: (i) => <span className="nowrap">{i.latestStatus ? periodLabel(i.latestStatus.period, lang) : "–"}</span> },
    ...DIMENSIONS.map(
      (d): Column<InitiativeSummary> => ({
        key: d,
        header: labels.dimension(d),
        cell: (i) => <RagTag rag={i.latestStatus?.[d]} />,
      }),
    ),
    {
      key: "overdue",
      header: t("overdue"),
      cell: (i) =>
        i.reportOverdue ? (
          <Tag data-color="warning" data-size="sm" className="status-tag">
            <span aria-hidden="true" className="status-symbol">
              !
            </span>{" "}
            {t("overdue")}
          </Tag>
        ) : (
          tp("overdueNo")
        ),
    },
    { key: "cost", header: tp("totalCost"), numeric: true, cell: (i) => <span className="nowrap">{formatValue(totalCost(i), "nok")}</span> },
  ];
  return <DataTable caption={t("tableCaption")} columns={columns} rows={rows} rowKey={(i) => i.id} />;
}
