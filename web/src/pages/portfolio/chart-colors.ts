/**
 * Colours of the portfolio's charts. ECharts draws SVG attributes, which cannot read CSS custom
 * properties, so these are fixed values close to Designsystemet's palette, each at least 3:1
 * against white; what a colour says is also said by shape, size or text.
 */
export const CHART_COLORS = {
  primary: "#0062ba",
  secondary: "#c2410c",
  tertiary: "#0f7b54",
  muted: "#6b7683",
  axis: "#4a5560",
  grid: "#e3e7ec",
  mark: "#6d28d9",
};
