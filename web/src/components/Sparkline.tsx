/**
 * A word-sized trend line for the overview: 43 of them must draw at once without loading the chart
 * library, so it is a plain SVG. It is decorative; the values it draws are in the text beside it.
 */
export function Sparkline({ values, targets, width = 96, height = 28 }: { values: (number | null)[]; targets?: (number | null)[]; width?: number; height?: number }) {
  const all = [...values, ...(targets ?? [])].filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.filter((v) => v !== null).length < 2 || all.length === 0) return <svg width={width} height={height} aria-hidden="true" className="sparkline" />;
  const min = Math.min(...all);
  const max = Math.max(...all);
  const span = max - min || 1;
  const x = (i: number) => (values.length === 1 ? width / 2 : (i / (values.length - 1)) * (width - 4) + 2);
  const y = (v: number) => height - 3 - ((v - min) / span) * (height - 6);
  const path = (vs: (number | null)[]) =>
    vs
      .map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`))
      .filter(Boolean)
      .join(" ");
  const last = [...values].reverse().find((v) => v !== null);
  const lastIndex = values.lastIndexOf(last ?? null);
  return (
    <svg width={width} height={height} aria-hidden="true" focusable="false" className="sparkline">
      {targets && <polyline points={path(targets)} fill="none" className="sparkline-target" strokeDasharray="3 2" />}
      <polyline points={path(values)} fill="none" className="sparkline-value" />
      {last !== undefined && last !== null && <circle cx={x(lastIndex)} cy={y(last)} r={2.5} className="sparkline-dot" />}
    </svg>
  );
}
