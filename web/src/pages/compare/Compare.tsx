import { Alert, Field, Heading, Label, Paragraph, Select, Table } from "@digdir/designsystemet-react";
import { useMemo, type FocusEvent } from "react";
import { Link as RouterLink } from "wouter";
import type { Organisation, StrategyStatus } from "../../api/client.js";
import { useOrganisations, useStatus } from "../../api/queries.js";
import { PeriodPicker } from "../../components/PeriodPicker.js";
import { STATUS_LOOK, STATUSES, useStatusLabel, type Status } from "../../components/StatusTag.js";
import { Loaded } from "../../components/States.js";
import { SmallCountNote, useFigureText, valueIsCount } from "../../components/SmallCounts.js";
import { useCurrent, usePageTitle, usePeriod, useQueryParam } from "../../current.js";
import { formatValue } from "../../format.js";
import { common } from "../../i18n/common.js";
import { useLang, useT } from "../../i18n/i18n.js";
import { periodLabel } from "../../periods.js";
import { urls } from "../../urls.js";
import "./compare.css";
import { compareMessages } from "./messages.js";

type SectionStatus = StrategyStatus["sections"][number];
type KeyResultStatus = SectionStatus["keyResults"][number];
interface Cell {
  value: number | null;
  target: number | null;
  status: Status;
  suppressed?: true | undefined;
}

/** A column of the heat map: the region first, then the organisations that report. */
interface Column {
  id: string;
  short: string;
  name: string;
  isRegion: boolean;
  counts: Record<Status, number>;
}

interface Row {
  kr: KeyResultStatus;
  section: SectionStatus;
  /** Reading order in the strategy. */
  index: number;
  cells: Map<string, Cell>;
}

const COLUMN_ORDERS = ["register", "name", "on_track", "off_track"] as const;
type ColumnOrder = (typeof COLUMN_ORDERS)[number];

/** How well a status is going, for sorting; key results without data or target always sort last. */
const RANK: Record<Status, number> = { off_track: 0, at_risk: 1, on_track: 2, no_target: 3, suppressed: 4, no_data: 5 };
const emptyCounts = (): Record<Status, number> => ({ on_track: 0, at_risk: 0, off_track: 0, no_data: 0, no_target: 0, suppressed: 0 });
const collator = new Intl.Collator("nb");

function buildRows(status: StrategyStatus, region: string): Row[] {
  let index = 0;
  return status.sections.flatMap((section) =>
    section.keyResults.map((kr) => {
      const cells = new Map<string, Cell>([[region, { value: kr.value, target: kr.target, status: kr.status, suppressed: kr.suppressed }]]);
      for (const o of kr.organisations) cells.set(o.organisation, { value: o.value, target: o.target, status: o.status, suppressed: o.suppressed });
      return { kr, section, index: index++, cells };
    }),
  );
}

function buildColumns(status: StrategyStatus, rows: Row[], region: string, orgs: Organisation[] | undefined, order: ColumnOrder): Column[] {
  const byId = new Map((orgs ?? []).map((o) => [o.id, o]));
  const ids: string[] = [];
  for (const s of status.sections) for (const kr of s.keyResults) for (const o of kr.organisations) if (!ids.includes(o.organisation)) ids.push(o.organisation);
  const column = (id: string, isRegion: boolean): Column => {
    const counts = emptyCounts();
    for (const r of rows) {
      const c = r.cells.get(id);
      counts[c?.status ?? "no_data"]++;
    }
    const o = byId.get(id);
    return { id, isRegion, short: o?.shortName ?? id, name: o?.name ?? id, counts };
  };
  // Organisations without a single value this period (they report none of these key results) are named below the table instead.
  const columns = ids
    .filter((id) => id !== region)
    .map((id) => column(id, false))
    .filter((c) => c.counts.no_data < rows.length);
  const byName = (a: Column, b: Column) => collator.compare(a.short, b.short);
  if (order === "name") columns.sort(byName);
  if (order === "on_track") columns.sort((a, b) => b.counts.on_track - a.counts.on_track || a.counts.off_track - b.counts.off_track || byName(a, b));
  if (order === "off_track") columns.sort((a, b) => b.counts.off_track - a.counts.off_track || a.counts.on_track - b.counts.on_track || byName(a, b));
  return [column(region, true), ...columns];
}

/** Organisations in the answer with no value for any key result in the period. */
function silentOrganisations(status: StrategyStatus, columns: Column[], orgs: Organisation[] | undefined): string[] {
  const shown = new Set(columns.map((c) => c.id));
  const ids = new Set(status.sections.flatMap((s) => s.keyResults.flatMap((kr) => kr.organisations.map((o) => o.organisation))));
  return [...ids].filter((id) => !shown.has(id)).map((id) => orgs?.find((o) => o.id === id)?.name ?? id);
}

function sortRows(rows: Row[], sort: string, dir: "asc" | "desc"): Row[] {
  const sign = dir === "asc" ? 1 : -1;
  if (sort === "code") return [...rows].sort((a, b) => sign * (a.index - b.index));
  const rank = (r: Row) => RANK[r.cells.get(sort)?.status ?? "no_data"];
  return [...rows].sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    // Without data or target: last whichever way the column is sorted.
    if (ra >= 3 || rb >= 3) return ra - rb || a.index - b.index;
    return sign * (ra - rb) || a.index - b.index;
  });
}

/** Groups rows by focus area while they are in reading order; one group of all when sorted by status. */
function groups(rows: Row[], byCode: boolean): { section: SectionStatus | null; rows: Row[] }[] {
  if (!byCode) return [{ section: null, rows }];
  const out: { section: SectionStatus; rows: Row[] }[] = [];
  for (const r of rows) {
    const last = out[out.length - 1];
    if (last && last.section.key === r.section.key) last.rows.push(r);
    else out.push({ section: r.section, rows: [r] });
  }
  return out;
}

/** Browsers leave a focused cell half hidden at the frame's edge or under the sticky column; show all of it. */
function revealFocused(e: FocusEvent<HTMLDivElement>) {
  if (e.target !== e.currentTarget && e.target instanceof HTMLElement) e.target.closest("td, th")?.scrollIntoView({ block: "nearest", inline: "nearest" });
}

export default function Compare() {
  const t = useT(compareMessages);
  const tc = useT(common);
  const { lang } = useLang();
  const statusLabel = useStatusLabel();
  const figure = useFigureText();
  const { region, strategyId, strategy } = useCurrent();
  const [period, setPeriod] = usePeriod();
  const [sortParam, setSort] = useQueryParam("sort", "code");
  const [dirParam, setDir] = useQueryParam("dir", "asc");
  const [orderParam, setOrder] = useQueryParam("cols", "register");
  const status = useStatus(strategyId, period);
  const orgs = useOrganisations();
  usePageTitle(strategy ? `${tc("navCompare")}: ${strategy.title}` : tc("navCompare"));

  const dir = dirParam === "desc" ? "desc" : "asc";
  const order: ColumnOrder = (COLUMN_ORDERS as readonly string[]).includes(orderParam) ? (orderParam as ColumnOrder) : "register";
  const strategyLang = strategy?.language;

  const model = useMemo(() => {
    if (!status.data) return undefined;
    // The region's own figures are the strategy owner's.
    const owner = status.data.strategy.owner;
    const rows = buildRows(status.data, owner);
    const columns = buildColumns(status.data, rows, owner, orgs.data, order);
    const sort = columns.some((c) => c.id === sortParam) ? sortParam : "code";
    return { rows: sortRows(rows, sort, dir), columns, sort, silent: silentOrganisations(status.data, columns, orgs.data) };
  }, [status.data, orgs.data, order, sortParam, dir]);

  /** Sorting by a column: first choice ascending, the same column again turns the direction. */
  const sortBy = (key: string) => {
    const active = model?.sort === key;
    setSort(key === "code" ? undefined : key);
    setDir(active && dir === "asc" ? "desc" : undefined);
  };
  const ariaSort = (key: string) => (model?.sort === key ? (dir === "asc" ? "ascending" : "descending") : "none");

  const cellLabel = (c: Cell | undefined, unit: string) => {
    const s = c?.status ?? "no_data";
    return c?.target !== null && c?.target !== undefined && s !== "no_data"
      ? t("cellStatusTarget", { status: statusLabel(s), target: formatValue(c.target, unit) })
      : t("cellStatus", { status: statusLabel(s) });
  };
  const cellTitle = (col: Column, kr: KeyResultStatus, c: Cell | undefined) => {
    const s = c?.status ?? "no_data";
    const values = { org: col.name, code: kr.code, value: figure(c, kr.unit, valueIsCount(kr.aggregation)), status: statusLabel(s) };
    return c?.target !== null && c?.target !== undefined ? t("cellTitleTarget", { ...values, target: formatValue(c.target, kr.unit) }) : t("cellTitle", values);
  };

  return (
    <>
      <div className="page-head">
        <div>
          <Heading level={1} data-size="lg">
            {t("title")}
          </Heading>
          <Paragraph className="muted">{t("intro", { period: periodLabel(period, lang) })}</Paragraph>
        </div>
        <PeriodPicker value={period} onChange={setPeriod} />
      </div>
      <Loaded query={status}>
        {(data) => {
          if (!model || data.sections.every((s) => s.keyResults.length === 0)) {
            return (
              <Alert data-color="info">
                <Heading level={2} data-size="xs">
                  {t("emptyTitle")}
                </Heading>
                <Paragraph>{tc("noKeyResults")}</Paragraph>
                <Paragraph>{t("emptyText")}</Paragraph>
                <Paragraph>
                  <RouterLink href={urls.overview(region, strategyId, { period })}>{tc("backToOverview")}</RouterLink>
                </Paragraph>
              </Alert>
            );
          }
          const { rows, columns, sort, silent } = model;
          const sortedColumn = columns.find((c) => c.id === sort);
          const summaryStatuses = STATUSES.filter((s) => (s !== "no_target" && s !== "suppressed") || columns.some((c) => c.counts[s] > 0));
          return (
            <>
              <section aria-labelledby="summary-heading" className="stack">
                <div className="summary-head">
                  <Heading level={2} data-size="sm" id="summary-heading">
                    {t("summary")}
                  </Heading>
                  <ul className="heatmap-legend" aria-label={t("legend")}>
                    {summaryStatuses.map((s) => (
                      <li key={s} className={`hm-${s}`}>
                        <span aria-hidden="true" className="hm-symbol">
                          {STATUS_LOOK[s].symbol}
                        </span>{" "}
                        {statusLabel(s)}
                      </li>
                    ))}
                  </ul>
                </div>
                <ul className="org-summary">
                  {columns.map((c) => (
                    <li key={c.id} className={c.isRegion ? "org-summary-item is-region" : "org-summary-item"}>
                      <span className="org-summary-name">
                        {c.short !== c.name && <span className="org-summary-short">{c.short}</span>}{" "}
                        {c.name}
                        {c.isRegion && <span className="muted"> ({t("regionNote")})</span>}
                      </span>
                      <ul className="org-summary-counts" aria-label={t("summaryOf", { name: c.name })}>
                        {summaryStatuses.map((s) => (
                          <li key={s} className={`hm-${s}`}>
                            <span aria-hidden="true" className="hm-symbol">
                              {STATUS_LOOK[s].symbol}
                            </span>{" "}
                            {c.counts[s]}
                            <span className="visually-hidden"> {statusLabel(s)}</span>
                          </li>
                        ))}
                      </ul>
                      <span className="org-summary-bar" aria-hidden="true">
                        {STATUSES.filter((s) => c.counts[s] > 0).map((s) => (
                          <span key={s} className={`hm-${s}`} style={{ flexGrow: c.counts[s] }} />
                        ))}
                      </span>
                    </li>
                  ))}
                </ul>
                {silent.length > 0 && (
                  <Paragraph data-size="sm" className="muted">
                    {t("silent", { count: silent.length, names: new Intl.ListFormat(lang === "en" ? "en" : "nb", { type: "conjunction" }).format(silent), period: periodLabel(period, lang) })}
                  </Paragraph>
                )}
              </section>

              <section aria-labelledby="heatmap-heading" className="stack heatmap-section">
                <div className="heatmap-head">
                  <Heading level={2} data-size="sm" id="heatmap-heading">
                    {t("heatmap")}
                  </Heading>
                  <Field className="column-order">
                    <Label htmlFor="column-order">{t("orderOrgs")}</Label>
                    <Select id="column-order" width="auto" value={order} onChange={(e) => setOrder(e.target.value === "register" ? undefined : e.target.value)}>
                      {COLUMN_ORDERS.map((o) => (
                        <option key={o} value={o}>
                          {t(`order_${o}`)}
                        </option>
                      ))}
                    </Select>
                  </Field>
                </div>
                <Paragraph data-size="sm" className="muted">
                  {t("sortHint")}
                </Paragraph>
                <p className="visually-hidden" aria-live="polite">
                  {sortedColumn ? t("sortedByOrg", { name: sortedColumn.name, dir }) : t("sortedByCode", { dir })}
                </p>
                <div className="table-scroll heatmap-scroll" tabIndex={0} role="region" aria-labelledby="heatmap-caption" onFocus={revealFocused}>
                  <Table data-size="sm" className="heatmap" border>
                    <caption id="heatmap-caption" className="visually-hidden">
                      {t("caption", { period: periodLabel(period, lang) })}
                    </caption>
                    <Table.Head>
                      <Table.Row>
                        <Table.HeaderCell scope="col" className="hm-rowhead hm-corner" sort={ariaSort("code")} onClick={() => sortBy("code")}>
                          {tc("keyResult")}
                        </Table.HeaderCell>
                        {columns.map((c) => (
                          <Table.HeaderCell
                            key={c.id}
                            scope="col"
                            className={c.isRegion ? "hm-colhead is-region" : "hm-colhead"}
                            sort={ariaSort(c.id)}
                            onClick={() => sortBy(c.id)}
                            title={c.name}
                          >
                            <span className="hm-colname">{c.short}</span>
                            {c.name !== c.short && <span className="visually-hidden"> ({c.name})</span>}
                          </Table.HeaderCell>
                        ))}
                      </Table.Row>
                    </Table.Head>
                    {groups(rows, sort === "code").map((g) => (
                      <Table.Body key={g.section?.key ?? "all"}>
                        {g.section && (
                          <Table.Row className="hm-group">
                            <Table.HeaderCell scope="rowgroup" colSpan={columns.length + 1}>
                              <span className="hm-group-title" lang={strategyLang}>
                                {g.section.code ? `${g.section.code} ${g.section.title}` : g.section.title}
                              </span>
                            </Table.HeaderCell>
                          </Table.Row>
                        )}
                        {g.rows.map((r) => (
                          <Table.Row key={r.kr.keyResultId}>
                            <Table.HeaderCell scope="row" className="hm-rowhead">
                              <RouterLink href={urls.keyResult(region, strategyId, r.kr.keyResultId, { period })} title={`${r.kr.code} ${r.kr.title}`}>
                                <span className="kr-code">{r.kr.code}</span>{" "}
                                <span className="hm-krtitle" lang={strategyLang}>
                                  {r.kr.title}
                                </span>
                              </RouterLink>
                            </Table.HeaderCell>
                            {columns.map((c) => {
                              const cell = r.cells.get(c.id);
                              const s = cell?.status ?? "no_data";
                              const href = urls.keyResult(region, strategyId, r.kr.keyResultId, { period, org: c.isRegion ? undefined : c.id });
                              return (
                                <Table.Cell key={c.id} className={`hm-cell hm-${s}${c.isRegion ? " is-region" : ""}`}>
                                  <RouterLink href={href} title={cellTitle(c, r.kr, cell)}>
                                    <span aria-hidden="true" className="hm-symbol">
                                      {STATUS_LOOK[s].symbol}
                                    </span>
                                    {cell && (cell.value !== null || cell.suppressed) && <span className="hm-value">{figure(cell, r.kr.unit, valueIsCount(r.kr.aggregation))}</span>}
                                    <span className="visually-hidden"> {cellLabel(cell, r.kr.unit)}</span>
                                  </RouterLink>
                                </Table.Cell>
                              );
                            })}
                          </Table.Row>
                        ))}
                      </Table.Body>
                    ))}
                  </Table>
                </div>
                <SmallCountNote shown={rows.some((r) => [...r.cells.values()].some((c) => c.suppressed))} />
              </section>
            </>
          );
        }}
      </Loaded>
    </>
  );
}
