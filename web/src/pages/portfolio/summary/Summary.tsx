import { Button, Heading, Paragraph } from "@digdir/designsystemet-react";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { Link as RouterLink } from "wouter";
import { client, ok, type Answer } from "../../../api/client.js";
import { useStrategyTree } from "../../../api/queries.js";
import { DataTable, type Column } from "../../../components/DataTable.js";
import { Loaded } from "../../../components/States.js";
import { useCurrent, useHere, usePageTitle } from "../../../current.js";
import { formatDate } from "../../../format.js";
import { useT } from "../../../i18n/i18n.js";
import { urls } from "../../../urls.js";
import { usePortfolioLabels } from "../labels.js";
import { areaName, focusAreasOf } from "../shared.js";
import { summaryMessages } from "./messages.js";

type Item = Answer<"/api/v1/strategies/{id}/portfolio-summary">[number];

/** The portfolio as a region publishes it to visitors: each initiative's title, focus areas, phase and planned period, nothing more. */
export default function PortfolioSummary() {
  const t = useT(summaryMessages);
  const labels = usePortfolioLabels();
  const { strategyId, strategy } = useCurrent();
  const here = useHere();
  const tree = useStrategyTree(strategyId);
  const items = useQuery({
    queryKey: ["portfolio-summary", strategyId],
    queryFn: () => ok(client.GET("/api/v1/strategies/{id}/portfolio-summary", { params: { path: { id: strategyId } } })),
  });
  const { areas, areaOf } = useMemo(() => focusAreasOf(tree.data), [tree.data]);
  usePageTitle(strategy ? `${t("title")}: ${strategy.title}` : t("title"));
  const areasOf = (i: Item) =>
    [...new Set(i.sectionKeys.map((k) => areaOf.get(k)).filter((k) => k !== undefined))]
      .map((k) => areas.find((a) => a.key === k))
      .filter((a) => a !== undefined)
      .map(areaName)
      .join(", ");
  const columns: Column<Item>[] = [
    { key: "title", header: t("initiative"), rowHeader: true, cell: (i) => <><span className="kr-code">{i.code}</span> <span lang={strategy?.language}>{i.title}</span></> },
    { key: "areas", header: t("areas"), cell: (i) => <span lang={strategy?.language}>{areasOf(i)}</span> },
    { key: "phase", header: t("phase"), cell: (i) => labels.phase(i.phase) },
    { key: "period", header: t("period"), cell: (i) => <span className="nowrap">{[i.plannedStart, i.plannedEnd].map((d) => (d ? formatDate(d) : "…")).join(" – ")}</span> },
  ];
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <Heading level={1} data-size="lg">
            {t("title")}
          </Heading>
          <Paragraph className="muted">{t("intro")}</Paragraph>
        </div>
        <Button asChild variant="secondary">
          <RouterLink href={urls.signIn(here)}>{t("signIn")}</RouterLink>
        </Button>
      </div>
      <Loaded query={items}>{(all) => (all.length === 0 ? <Paragraph>{t("empty")}</Paragraph> : <DataTable caption={t("caption")} columns={columns} rows={all} rowKey={(i) => i.id} />)}</Loaded>
    </div>
  );
}
