import { Details } from "@digdir/designsystemet-react";
import type { EChartsCoreOption } from "echarts/core";
import { useEffect, useRef, type ReactNode } from "react";
import { common } from "../i18n/common.js";
import { useT } from "../i18n/i18n.js";

/** Series are told apart by line style and symbol as well as colour. */
export const SERIES_STYLES = [
  { symbol: "circle", type: "solid" },
  { symbol: "rect", type: "dashed" },
  { symbol: "triangle", type: "dotted" },
  { symbol: "diamond", type: "solid" },
  { symbol: "pin", type: "dashed" },
  { symbol: "arrow", type: "dotted" },
] as const;

/**
 * A chart drawn by ECharts, with the same numbers as a table under it. The chart is an image to
 * assistive technology, labelled by `title` and `summary`; the table is the text alternative.
 */
export function Chart({
  title,
  summary,
  option,
  table,
  height = 280,
}: {
  title: string;
  summary: string;
  option: EChartsCoreOption;
  table: ReactNode;
  height?: number;
}) {
  const t = useT(common);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let chart: { setOption(o: EChartsCoreOption, notMerge: boolean): void; resize(): void; dispose(): void } | undefined;
    const resize = () => chart?.resize();
    void import("../charts/echarts.js").then(({ echarts }) => {
      if (disposed || !ref.current) return;
      chart = echarts.getInstanceByDom(ref.current) ?? echarts.init(ref.current, undefined, { renderer: "svg" });
      chart.setOption({ aria: { enabled: true, label: { enabled: false }, decal: { show: true } }, animation: false, ...option }, true);
      window.addEventListener("resize", resize);
    });
    return () => {
      disposed = true;
      window.removeEventListener("resize", resize);
      chart?.dispose();
    };
  }, [option]);
  return (
    <figure className="chart">
      <figcaption className="chart-title">{title}</figcaption>
      <div role="img" aria-label={`${t("chartOf", { title })}. ${summary}`}>
        {/* ECharts labels its own drawing in English; the wrapper carries the label in the user's language. */}
        <div ref={ref} aria-hidden="true" style={{ height, width: "100%" }} />
      </div>
      <Details>
        <Details.Summary>{t("showNumbers")}</Details.Summary>
        <Details.Content>{table}</Details.Content>
      </Details>
    </figure>
  );
}
